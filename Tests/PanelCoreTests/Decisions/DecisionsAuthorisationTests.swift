import Testing
@testable import PanelCore

@Suite("Decisions: authorisation")
struct DecisionsAuthorisationTests {
    static let ref42 = RequestReference(year: 2026, sequence: 42)
    static let ref17 = RequestReference(year: 2026, sequence: 17)
    static let agenda = SentAgenda(number: 7, items: [VersionedReference(ref42, version: 3), VersionedReference(ref17, version: 1)])

    static let sam = PanelMember(name: "Sam Patel", addresses: ["sam.patel@council.gov.uk"], roles: [.duty])
    static let alex = PanelMember(name: "Alex Morgan", addresses: ["Alex.Morgan@council.gov.uk"], roles: [.lead, .duty])
    static let chris = PanelMember(name: "Chris Lee", addresses: ["chris.lee@council.gov.uk"], roles: [.clerk])
    static let dana = PanelMember(name: "Dana Shaw", addresses: ["dana.shaw@council.gov.uk"], roles: [.finance])
    static let dutyBox = PanelMember(name: "ARP duty", addresses: ["arp-duty@council.gov.uk"], roles: [.duty], isSharedMailbox: true)

    static let parties = RequestParties(worker: "jane.smith@council.gov.uk", teamManager: "tm@council.gov.uk",
                                        serviceManager: "sm@council.gov.uk", iro: "robin.okafor@partner.org.uk")

    static func authorisation() throws -> DecisionAuthorisation {
        DecisionAuthorisation(directory: try PanelDirectory([sam, alex, chris, dana, dutyBox]), signer: try DecisionsFixture.signer())
    }

    enum TokenKind: Sendable {
        case none, current, stale, otherRequest, foreign, agenda, agendaWithout42
    }

    static func tokens(_ kind: TokenKind) throws -> [DecisionToken] {
        let signer = try DecisionsFixture.signer()
        switch kind {
        case .none: return []
        case .current: return [try signer.token(for: VersionedReference(ref42, version: 3))]
        case .stale: return [try signer.token(for: VersionedReference(ref42, version: 2))]
        case .otherRequest: return [try signer.token(for: VersionedReference(ref17, version: 1))]
        case .foreign:
            let other = DecisionTokenSigner(key: try DecisionKey(secret: Array(repeating: 0xAB, count: 32)))
            return [try other.token(for: VersionedReference(ref42, version: 3))]
        case .agenda: return [signer.token(for: agenda)]
        case .agendaWithout42: return [signer.token(for: SentAgenda(number: 8, items: [VersionedReference(ref17, version: 1)]))]
        }
    }

    static func authenticated(_ address: String) -> SenderAuthenticationOutcome {
        let from = EmailAddress(address)
        return SenderAuthenticationOutcome(from: from, evidence: [.dmarc(domain: from?.domain ?? "")], problems: [])
    }

    static let dmarcFail = AuthenticationProblem.methodResult(method: "dmarc", result: "fail", domain: "council.gov.uk")

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var from: String
        var action: PanelAction = .approve
        var scope: DecisionScope? = .urgent
        var tokens: TokenKind = .current
        var authenticated = true
        var signedName: String?
        /// The agenda the store finds for an agenda token.
        var agenda: SentAgenda?
        var expected: Expected
        var testDescription: String { name }
    }

    enum Expected: Sendable, Equatable {
        case apply(name: String?, roles: [PanelRole], shared: Bool)
        case refuse([RefusalReason])
    }

    @Test(arguments: [
        Case(name: "duty member approves an urgent request", from: "sam.patel@council.gov.uk",
             expected: .apply(name: "Sam Patel", roles: [.duty], shared: false)),
        Case(name: "lead declines, address in another case", from: "alex.morgan@COUNCIL.gov.uk", action: .decline,
             expected: .apply(name: "Alex Morgan", roles: [.duty, .lead], shared: false)),
        Case(name: "the right From with no token", from: "sam.patel@council.gov.uk", tokens: .none,
             expected: .refuse([.noToken])),
        Case(name: "a wrong token", from: "sam.patel@council.gov.uk", tokens: .foreign,
             expected: .refuse([.wrongToken])),
        Case(name: "a token from another request", from: "sam.patel@council.gov.uk", tokens: .otherRequest,
             expected: .refuse([.tokenForAnotherRequest(ref17)])),
        Case(name: "a stale token", from: "sam.patel@council.gov.uk", tokens: .stale,
             expected: .refuse([.staleToken(tokenVersion: 2, currentVersion: 3)])),
        Case(name: "a sender outside the panel", from: "someone@council.gov.uk",
             expected: .refuse([.notOnPanel(allowed: [.duty, .lead])])),
        Case(name: "finance may not decide", from: "dana.shaw@council.gov.uk",
             expected: .refuse([.roleMayNot(roles: [.finance], allowed: [.duty, .lead])])),
        Case(name: "the clerk may not decide urgent requests", from: "chris.lee@council.gov.uk",
             expected: .refuse([.roleMayNot(roles: [.clerk], allowed: [.duty, .lead])])),
        Case(name: "unauthenticated mail", from: "sam.patel@council.gov.uk", authenticated: false,
             expected: .refuse([.notAuthenticated([dmarcFail])])),
        Case(name: "everything wrong at once", from: "someone@example.net", tokens: .none, authenticated: false,
             expected: .refuse([.notAuthenticated([dmarcFail]), .notOnPanel(allowed: [.duty, .lead]), .noToken])),
        Case(name: "the clerk records a weekly outcome from the agenda", from: "chris.lee@council.gov.uk", scope: .weekly,
             tokens: .agenda, agenda: agenda, expected: .apply(name: "Chris Lee", roles: [.clerk], shared: false)),
        Case(name: "an agenda that does not list the request", from: "chris.lee@council.gov.uk", scope: .weekly,
             tokens: .agendaWithout42, agenda: SentAgenda(number: 8, items: [VersionedReference(ref17, version: 1)]),
             expected: .refuse([.tokenNotOnAgenda])),
        Case(name: "an agenda token without its stored agenda", from: "chris.lee@council.gov.uk", scope: .weekly,
             tokens: .agenda, expected: .refuse([.wrongToken])),
        Case(name: "the duty member may not record weekly outcomes", from: "sam.patel@council.gov.uk", scope: .weekly,
             tokens: .agenda, agenda: agenda, expected: .refuse([.roleMayNot(roles: [.duty], allowed: [.clerk])])),
        Case(name: "the clerk says the panel runs late", from: "chris.lee@council.gov.uk", action: .late, scope: nil,
             tokens: .agenda, agenda: agenda, expected: .apply(name: "Chris Lee", roles: [.clerk], shared: false)),
        Case(name: "LATE with no agenda token", from: "chris.lee@council.gov.uk", action: .late, scope: nil, tokens: .none,
             expected: .refuse([.noToken])),
        Case(name: "LATE from the duty member", from: "sam.patel@council.gov.uk", action: .late, scope: nil,
             tokens: .agenda, agenda: agenda, expected: .refuse([.roleMayNot(roles: [.duty], allowed: [.clerk])])),
        Case(name: "the IRO of record endorses", from: "robin.okafor@partner.org.uk", action: .endorse,
             expected: .apply(name: nil, roles: [.iro], shared: false)),
        Case(name: "the team manager of record does not endorse", from: "tm@council.gov.uk", action: .notEndorsed, scope: .weekly,
             expected: .apply(name: nil, roles: [.teamManager], shared: false)),
        Case(name: "a panel member who is not of record may not endorse", from: "sam.patel@council.gov.uk", action: .endorse,
             expected: .refuse([.roleMayNot(roles: [.duty], allowed: [.iro, .serviceManager, .teamManager])])),
        Case(name: "the worker of record challenges", from: "jane.smith@council.gov.uk", action: .challenge,
             expected: .apply(name: nil, roles: [.worker], shared: false)),
        Case(name: "the worker of record may not approve", from: "jane.smith@council.gov.uk",
             expected: .refuse([.roleMayNot(roles: [.worker], allowed: [.duty, .lead])])),
        Case(name: "the shared duty mailbox, signed", from: "arp-duty@council.gov.uk", signedName: "Chris Lee",
             expected: .apply(name: "Chris Lee", roles: [.duty], shared: true)),
        Case(name: "the shared duty mailbox, unsigned", from: "arp-duty@council.gov.uk",
             expected: .refuse([.sharedMailboxUnsigned])),
    ])
    func authorises(_ test: Case) throws {
        let target: DecisionAttempt.Target = test.action == .late
            ? .sitting
            : .request(Self.ref42, version: 3, scope: test.scope ?? .urgent, parties: Self.parties)
        let authentication = test.authenticated
            ? Self.authenticated(test.from)
            : SenderAuthenticationOutcome(from: EmailAddress(test.from), evidence: [], problems: [Self.dmarcFail])
        let attempt = DecisionAttempt(action: test.action, target: target, tokens: try Self.tokens(test.tokens), agenda: test.agenda,
                                      authentication: authentication, signedName: test.signedName)
        let result = try Self.authorisation().authorise(attempt)
        switch (result, test.expected) {
        case (.apply(let actor), .apply(let name, let roles, let shared)):
            #expect(actor.name == name)
            #expect(actor.roles == roles)
            #expect(actor.viaSharedMailbox == shared)
            #expect(actor.address == test.from.lowercased())
        case (.refuse(let refusal), .refuse(let reasons)):
            #expect(refusal.reasons == reasons)
            #expect(refusal.action == test.action)
        default:
            Issue.record("expected \(test.expected), got \(result)")
        }
    }

    @Test func aRefusalExplainsEveryReasonPlainly() {
        let refusal = AuthorisationRefusal(action: .approve, reference: Self.ref42, reasons: [
            .notOnPanel(allowed: [.duty, .lead]), .staleToken(tokenVersion: 2, currentVersion: 3),
        ])
        #expect(refusal.explanation == """
        Your APPROVE for ARP-2026-00042 was not applied:
        - APPROVE on ARP-2026-00042 is for the duty panel member or the panel lead, and this address is not on the panel list or named on the request. If it should be, ask the panel administrator.
        - ARP-2026-00042 has changed since the email you replied to was sent (it is now version 3; that email showed version 2), so your reply may be about old details. Read panelmail's latest email about ARP-2026-00042 and reply to that.
        """)
        #expect(refusal.description == "refused APPROVE ARP-2026-00042: not-on-panel, stale-token (v2, now v3)")

        let single = AuthorisationRefusal(action: .late, reference: nil, reasons: [.roleMayNot(roles: [.finance], allowed: [.clerk])])
        #expect(single.explanation
            == "Your LATE for the panel sitting was not applied. LATE on the panel sitting is for the panel clerk; your role (finance) does not include it.")
    }

    @Test func everyReasonHasAnExplanationAndACode() {
        let reasons: [RefusalReason] = [
            .notAuthenticated([Self.dmarcFail]), .notOnPanel(allowed: []), .roleMayNot(roles: [.finance], allowed: [.duty]),
            .noToken, .wrongToken, .tokenForAnotherRequest(Self.ref17), .tokenNotOnAgenda,
            .staleToken(tokenVersion: 2, currentVersion: 3), .staleToken(tokenVersion: 4, currentVersion: 3), .sharedMailboxUnsigned,
        ]
        let explanations = Set(reasons.map { $0.explanation(action: .decline, subject: "ARP-2026-00042") })
        #expect(explanations.count == reasons.count)
        #expect(reasons.allSatisfy { !$0.code.contains("@") && !$0.code.isEmpty })
    }

    @Test func permissionsComeFromConfig() throws {
        let custom = try PanelPermissions(config: ["Duty": ["approve:urgent", "decline:urgent"], "finance": [], "commissioning": ["more-info"]])
        #expect(custom.allows([.duty], .approve, on: .urgent))
        #expect(!custom.allows([.duty], .approve, on: .weekly))
        #expect(!custom.allows([.finance], .approve, on: .urgent))
        #expect(custom.allows([.commissioning], .moreInfo, on: .weekly))
        #expect(custom.roles(allowedTo: .moreInfo, on: .urgent) == [.commissioning])
        #expect(throws: PanelConfigError.unknownPermission("approve:sometimes", role: .lead)) {
            try PanelPermissions(config: ["lead": ["approve:sometimes"]])
        }
        #expect(PanelConfigError.unknownPermission("x", role: .lead).description
            == "the permission \"x\" of role lead is not understood; write an action (approve, decline, more-info, defer, alternatives, endorse, not-endorsed, challenge, late, withdraw), optionally followed by :urgent or :weekly")
        #expect(PanelPermission("APPROVE:URGENT") == PanelPermission(.approve, scope: .urgent))
        #expect(PanelPermission("late")?.description == "late")
        #expect(PanelPermission("approve:") == nil)
    }

    @Test func thePanelListIsChecked() {
        #expect(throws: PanelConfigError.addressRepeated(index: 1, firstIndex: 0)) {
            try PanelDirectory([Self.sam, PanelMember(name: "Sam again", addresses: ["SAM.PATEL@council.gov.uk"], roles: [.lead])])
        }
        #expect(throws: PanelConfigError.roleOfRecordInList(.iro, index: 0)) {
            try PanelDirectory([PanelMember(name: "Robin", addresses: ["r@x.org"], roles: [.iro])])
        }
        #expect(throws: PanelConfigError.badAddress(index: 0)) {
            try PanelDirectory([PanelMember(name: "Robin", addresses: ["not an address"], roles: [.duty])])
        }
        #expect(throws: PanelConfigError.memberWithoutRoles(index: 0)) {
            try PanelDirectory([PanelMember(name: "Robin", addresses: ["r@x.org"], roles: [])])
        }
        #expect(throws: PanelConfigError.memberWithoutAddress(index: 0)) {
            try PanelDirectory([PanelMember(name: "Robin", addresses: [], roles: [.duty])])
        }
    }

    /// End to end: a real reply's headers and body, through every check.
    @Test func aRealReplyFromTheInternalDutyMemberIsApplied() throws {
        let message = try DecisionsFixture.message("auth-exchange-internal")
        let reply = try PanelReply.parse(message.textBody()).get()
        let authentication = SenderAuthentication.exchangeOnline(organisationDomains: ["council.gov.uk"]).check(message.headers)
        let tokens = DecisionTokenFinder(panel: DecisionsFixture.panelAddress).tokens(in: message.headers)
        let attempt = DecisionAttempt(action: reply.action, target: .request(Self.ref42, version: 1, scope: .urgent, parties: Self.parties),
                                      tokens: tokens, authentication: authentication, signedName: reply.signedName)
        let result = try Self.authorisation().authorise(attempt)
        #expect(result.actor == DecisionActor(address: "sam.patel@council.gov.uk", name: "Sam Patel", roles: [.duty], viaSharedMailbox: false))
        // The same reply after the request changed is stale.
        let later = DecisionAttempt(action: reply.action, target: .request(Self.ref42, version: 2, scope: .urgent, parties: Self.parties),
                                    tokens: tokens, authentication: authentication)
        #expect(try Self.authorisation().authorise(later).refusal?.reasons == [.staleToken(tokenVersion: 1, currentVersion: 2)])
    }

    @Test func aSpoofedReplyIsRefusedForEveryReason() throws {
        let message = try DecisionsFixture.message("auth-spoofed-dmarc-fail")
        let authentication = DecisionsAuthenticationTests.postfix.check(message.headers)
        let tokens = DecisionTokenFinder(panel: DecisionsFixture.panelAddress).tokens(in: message.headers)
        let attempt = DecisionAttempt(action: .approve, target: .request(Self.ref42, version: 3, scope: .urgent, parties: Self.parties),
                                      tokens: tokens, authentication: authentication)
        let refusal = try #require(try Self.authorisation().authorise(attempt).refusal)
        #expect(refusal.reasons.map(\.code) == ["not-authenticated", "stale-token (v1, now v3)"])
    }
}
