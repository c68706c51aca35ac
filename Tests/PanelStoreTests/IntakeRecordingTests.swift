import Foundation
import Testing
import PanelCore
@testable import PanelStore

/// Renders a fixed acknowledgement: the store test is about what is recorded, not how
/// emails look (the daemon's tests cover the templates).
struct FixedComposer: IntakeComposer {
    func acknowledgement(requests: [RequestNotice], message: ReadMessage, arrivedAt: Date) throws -> OutgoingMail {
        let references = requests.map(\.reference.description).joined(separator: "+")
        let body = requests.map { "\($0.reference) complete=\($0.form.isComplete) next=\($0.nextStep ?? "-") duplicate=\($0.possibleDuplicateOf ?? "-")" }.joined(separator: "\n")
        return mail("acknowledgement", "ack-\(references)@council.test", message, body)
    }
    func requestUpdate(request: RequestNotice, changes: [FormFieldChange], message: ReadMessage, arrivedAt: Date) throws -> OutgoingMail {
        mail("request-update", "update-\(message.messageID ?? "")@council.test", message, "\(request.reference) changed \(changes.map(\.field.rawValue))")
    }
    func whichRequest(references: [RequestReference], message: ReadMessage, arrivedAt: Date) throws -> OutgoingMail {
        mail("which-request", "which-\(message.messageID ?? "")@council.test", message, "which of \(references)")
    }
    func notARequest(message: ReadMessage, arrivedAt: Date) throws -> OutgoingMail {
        mail("not-a-request", "blank-\(message.messageID ?? "")@council.test", message, "blank form")
    }
    func unreadableForm(documents: [UnreadableDocument], message: ReadMessage, arrivedAt: Date) throws -> OutgoingMail {
        mail("needs-attention", "attention-\(message.messageID ?? "")@council.test", message, documents.map(\.explanation).joined())
    }
    func dutyNotice(request: RequestNotice, due: UrgentDecisionDue, to: EmailAddress, token: DecisionToken, worker: String, files: [NoticeFile], information: String?) throws -> OutgoingMail {
        let listed = files.map { "\($0.name):\($0.bytes.map { "\($0.count)" } ?? "listed")" }.joined(separator: "|")
        return OutgoingMail(purpose: "duty-notice", messageID: "duty-\(request.reference)-\(token.text.suffix(12))\(information == nil ? "" : "-answered")@council.test", envelopeFrom: "panel@council.test", recipients: [to.address], bytes: Array("Date: Thu, 01 Jan 2026 00:00:00 +0000\r\n\r\ntoken=\(token.text) due=\(due.dueText) information=\(information ?? "-") files=\(listed)".utf8))
    }
    func signOffRecorded(_ notice: SignOffNotice, message: ReadMessage) throws -> OutgoingMail {
        OutgoingMail(purpose: notice.endorsed ? "sign-off-recorded" : "not-endorsed", messageID: "signoff-\(notice.reference)-\(notice.signerAddress)-\(notice.endorsed)@council.test", envelopeFrom: "panel@council.test",
                     recipients: notice.endorsed ? [notice.signerAddress] : [notice.worker, notice.signerAddress], bytes: Array("\(notice.signer) (\(notice.role)): \(notice.comment)".utf8))
    }
    func withdrawal(_ notice: WithdrawalNotice, to: [EmailAddress], panel: Bool) throws -> OutgoingMail {
        OutgoingMail(purpose: panel ? "withdrawn-notice" : "withdrawn", messageID: "withdrawn-\(notice.reference)-\(panel)@council.test", envelopeFrom: "panel@council.test",
                     recipients: to.map(\.address), bytes: Array("was=\(notice.was) slot=\(notice.slotText ?? "-") cancel=\(notice.cancelledSlot.map { String(decoding: $0.render(), as: UTF8.self).contains("METHOD:CANCEL") } ?? false) reason=\(notice.reason)".utf8))
    }
    func passedOn(_ note: PassedOn, message: ReadMessage, arrivedAt: Date) throws -> OutgoingMail {
        mail("passed-on", "passed-\(message.messageID ?? "")@council.test", message, "\(note.kind) to \(note.to) due \(note.due ?? "-")")
    }
    func decision(_ notice: DecisionNotice) throws -> OutgoingMail {
        OutgoingMail(purpose: "decision", messageID: "decision-\(notice.reference)-\(notice.action.rawValue)@council.test", envelopeFrom: "panel@council.test", recipients: [notice.worker] + notice.copies, bytes: Array("\(notice.action.keyword) \(notice.terms) by \(notice.decidedBy): \(notice.rationale)".utf8))
    }
    func timedNotice(_ notice: DueNotice, request: StoredRequest, form: RequestForm?, token: DecisionToken?, original: StoredMessage?, signOffs: [String], missing: [String]) throws -> OutgoingMail {
        OutgoingMail(purpose: notice.kind.name, messageID: "\(notice.key)@council.test", envelopeFrom: "panel@council.test", recipients: notice.addresses.map(\.address), bytes: Array("\(notice.key) token=\(token?.text ?? "-") missing=\(missing.joined(separator: "|"))".utf8))
    }
    func signOffRequest(request: RequestNotice, role: PanelRole, to: EmailAddress, token: DecisionToken, worker: String) throws -> OutgoingMail {
        OutgoingMail(purpose: "sign-off-request", messageID: "signoff-\(request.reference)-\(role.name)@council.test", envelopeFrom: "panel@council.test", recipients: [to.address], bytes: Array("token=\(token.text)".utf8))
    }
    func agenda(sitting: PanelSitting, rows: [AgendaRow], to: [EmailAddress], token: DecisionToken) throws -> OutgoingMail {
        OutgoingMail(purpose: "agenda", messageID: "agenda-\(sitting.day)@council.test", envelopeFrom: "panel@council.test", recipients: to.map(\.address), bytes: Array("token=\(token.text)\n".utf8) + AgendaCSV.render(rows))
    }
    func outcomeSummary(_ lines: [String], message: ReadMessage) throws -> OutgoingMail {
        mail("outcome-summary", "summary-\(message.messageID ?? "")@council.test", message, lines.joined(separator: "\n"))
    }
    func slotInvitation(slot: AgendaSlot, sitting: PanelSitting, request: StoredRequest, invitation: CalendarInvitation, original: StoredMessage?) throws -> OutgoingMail {
        OutgoingMail(purpose: "slot-invitation", messageID: "slot-\(slot.reference)-\(slot.sequence)@council.test", envelopeFrom: "panel@council.test", recipients: [request.worker], bytes: invitation.render())
    }
    func challenge(reference: RequestReference, decision: StoredDecision?, text: String, from worker: String, to leads: [EmailAddress], message: ReadMessage) throws -> OutgoingMail {
        OutgoingMail(purpose: "challenge", messageID: "challenge-\(message.messageID ?? "")", envelopeFrom: "panel@council.test", recipients: leads.map(\.address), bytes: Array("\(reference) \(decision?.action ?? "-"): \(text)".utf8))
    }
    func decisionRefused(explanation: String, message: ReadMessage) throws -> OutgoingMail {
        mail("decision-refused", "refused-\(message.messageID ?? "")@council.test", message, explanation)
    }
    func mail(_ purpose: String, _ id: String, _ message: ReadMessage, _ body: String) -> OutgoingMail {
        OutgoingMail(purpose: purpose, messageID: id, envelopeFrom: "panel@council.test", recipients: [message.replyAddress ?? ""], bytes: Array(body.utf8))
    }
    func bounceNotice(original: OutboxMessage, reason: String, reference: String?) throws -> OutgoingMail {
        OutgoingMail(purpose: "bounce-notice", messageID: "bounce-\(original.messageIDHeader)", envelopeFrom: "panel@council.test", recipients: ["admin@council.test"], bytes: Array("bounce".utf8))
    }
}

/// The standard form, working hours without bank holidays, and a Thursday 10:00 panel.
func testRules() -> RequestRules {
    let hours = try! WorkingHours()
    return RequestRules(schema: .standard, schedule: try! PanelSchedule(workingHours: hours))
}

func testSettings(attachmentLimit: Int = 1000) -> IntakeSettings {
    IntakeSettings(timeZone: TimeZone(identifier: "Europe/London")!, attachmentLimit: attachmentLimit,
                   recipientPolicy: RecipientPolicy(allowedDomains: ["council.test"]), rules: testRules())
}

/// A complete request form for one child.
func completeForm(case caseID: String = "4471920", resource: String = "Mentoring", extra: String = "") -> String {
    """
    Child's name: Jayden Webb
    Case ID: \(caseID)
    Locality: Gloucester
    Team: Gloucester CiN
    Social worker: Sam Worker, worker@council.test
    Team manager: Tina Manager, tm@council.test
    Resource type: \(resource)
    Cost: £75 per week
    Start date: 03/09/2026
    End date: 6 weeks
    Reason: No positive adult outside the family.
    \(extra)
    """
}

func reading(_ text: String, sender: String = "worker@council.test") -> FormReading {
    switch FormParser().parse(text: text, sender: FormPerson(name: "W", email: sender)) {
    case .notARequest: return .notARequest
    case .forms(let forms): return .forms(forms)
    }
}

@Suite("Recording intake")
struct IntakeRecordingTests {
    let settings = testSettings()
    let now = Date(timeIntervalSince1970: 1_788_000_000)

    /// A complete, non-urgent request listed for the weekly panel.
    func opened(_ reference: String, notes: [String] = []) -> IntakeReceipt.Outcome {
        .newRequests([.init(reference: reference, status: .listed, urgent: false, problems: notes, possibleDuplicateOf: nil)])
    }

    func incoming(uid: UInt32, uidValidity: UInt32 = 7, id: String?, subject: String = "Placement", sender: String = "worker@council.test", inReplyTo: [String] = [], automatic: String? = nil, bounce: ReadMessage.Bounce? = nil, fingerprint: String? = nil, arrivedAt: Date? = nil, raw: String? = nil, body: String? = nil) -> IncomingMessage {
        let text = body ?? completeForm(case: "C\(uid)")
        let read = ReadMessage(messageID: id, inReplyTo: inReplyTo, references: [], subject: subject, sender: sender, replyAddress: sender, senderName: "W", automaticReason: automatic, bounce: bounce, attachments: [], fingerprint: fingerprint ?? "fp-\(uid)-\(id ?? "")", bodyText: text, form: reading(text, sender: sender))
        return IncomingMessage(folder: "INBOX", uidValidity: uidValidity, uid: uid, arrivedAt: arrivedAt ?? now, raw: Array((raw ?? "raw \(uid) \(id ?? "")").utf8), content: .readable(read))
    }

    @Test func newRequestsGetSequentialReferencesAndAcknowledgements() throws {
        let db = try AppDatabase.inMemory()
        let receipts = try db.recordIntake([incoming(uid: 1, id: "a@x"), incoming(uid: 2, id: "b@x")], settings: settings, composer: FixedComposer(), now: now)
        #expect(receipts.map(\.outcome) == [opened("ARP-2026-00001"), opened("ARP-2026-00002")])
        #expect(try db.dueOutbox(now: now, limit: 10).count == 2)
        #expect(receipts.allSatisfy { !$0.location.done })
    }

    @Test func requestsCanBeListedByStatusAndUrgency() throws {
        let db = try AppDatabase.inMemory()
        _ = try db.recordIntake([incoming(uid: 1, id: "a@x"), incoming(uid: 2, id: "b@x", subject: "URGENT: respite"),
                                 incoming(uid: 3, id: "c@x", body: "Case ID: 99\nCost: lots")], settings: settings, composer: FixedComposer(), now: now)
        #expect(try db.requests().map(\.reference) == ["ARP-2026-00003", "ARP-2026-00002", "ARP-2026-00001"])
        #expect(try db.requests(urgentOnly: true).map(\.reference) == ["ARP-2026-00002"])
        #expect(try db.requests(status: .incomplete).map(\.reference) == ["ARP-2026-00003"])
        #expect(try db.requests(status: .listed, urgentOnly: true).isEmpty)
    }

    /// The report the panel gives senior leaders: requests whose start date came first.
    @Test func retrospectiveRequestsAreReportedByArrival() throws {
        let db = try AppDatabase.inMemory()
        let sep2 = Date(timeIntervalSince1970: 1_788_343_200)  // Wednesday 2 September 2026, 11:00 BST
        let sep10 = Date(timeIntervalSince1970: 1_789_034_400) // Thursday 10 September 2026, 11:00 BST
        let receipts = try db.recordIntake([
            incoming(uid: 1, id: "a@x", arrivedAt: sep2),
            incoming(uid: 2, id: "b@x", arrivedAt: sep10),
            incoming(uid: 3, id: "c@x", arrivedAt: sep10, body: completeForm(case: "C3").replacingOccurrences(of: "03/09/2026", with: "03/09/2025")),
        ], settings: settings, composer: FixedComposer(), now: sep10)
        guard case .newRequests(let opened) = receipts[1].outcome else { Issue.record("no request"); return }
        #expect(opened.first?.problems == ["retrospective startDate"])
        let rows = try db.retrospectiveRequests(arrivedFrom: sep2.addingTimeInterval(-86_400), to: sep10.addingTimeInterval(86_400),
                                                schema: .standard, timeZone: TimeZone(identifier: "Europe/London")!)
        #expect(rows.map(\.request.reference) == ["ARP-2026-00002", "ARP-2026-00003"])
        #expect(rows.map(\.daysBefore) == [7, 372])
        #expect(rows.first?.arrivedOn.description == "2026-09-10")
        #expect(try db.retrospectiveRequests(arrivedFrom: sep2, to: sep10, schema: .standard, timeZone: .gmt).isEmpty)
    }

    /// The locality report: which localities' requests come complete the first time.
    @Test func requestsAreSummarisedByLocality() throws {
        let db = try AppDatabase.inMemory()
        let stroud = completeForm(case: "S1").replacingOccurrences(of: "Locality: Gloucester", with: "Locality:  stroud ")
        _ = try db.recordIntake([
            incoming(uid: 1, id: "a@x"),
            incoming(uid: 2, id: "b@x", subject: "URGENT: respite", body: completeForm(case: "G2").replacingOccurrences(of: "£75 per week", with: "lots")),
            incoming(uid: 3, id: "c@x", body: stroud),
        ], settings: settings, composer: FixedComposer(), now: now)
        // The urgent one is completed by reply two hours later.
        let later = now.addingTimeInterval(7200)
        _ = try db.recordIntake([incoming(uid: 4, id: "d@x", subject: "RE: URGENT: respite [ARP-2026-00002]", arrivedAt: later, body: "Cost: £75 per week")],
                                settings: settings, composer: FixedComposer(), now: later)
        let rows = try db.localitySummaries(arrivedFrom: now.addingTimeInterval(-60), to: now.addingTimeInterval(60), schema: .standard,
                                            timeZone: TimeZone(identifier: "Europe/London")!)
        #expect(rows.map(\.locality) == ["Gloucester", "stroud"])
        #expect(rows.map(\.requests) == [2, 1])
        #expect(rows.map(\.completeFirstTime) == [1, 1])
        #expect(rows.map(\.urgent) == [1, 0])
        let gloucester = try #require(rows.first)
        #expect(gloucester.completedDays.sorted() == [0, 7200.0 / 86_400])
    }

    @Test func referencesRestartEachLondonYear() throws {
        let db = try AppDatabase.inMemory()
        let dec31 = Date(timeIntervalSince1970: 1_798_761_000) // 2026-12-31T23:50Z
        let jan1 = Date(timeIntervalSince1970: 1_798_761_700) // 2027-01-01T00:01:40Z
        let receipts = try db.recordIntake([incoming(uid: 1, id: "a@x", arrivedAt: dec31), incoming(uid: 2, id: "b@x", arrivedAt: jan1), incoming(uid: 3, id: "c@x", arrivedAt: dec31)], settings: settings, composer: FixedComposer(), now: now)
        // The forms' start date (3 September 2026) is months before New Year: a note, not a problem.
        #expect(receipts.map(\.outcome) == [opened("ARP-2026-00001", notes: ["long-past startDate"]), opened("ARP-2027-00001", notes: ["long-past startDate"]),
                                             opened("ARP-2026-00002", notes: ["long-past startDate"])])
    }

    @Test func aCopyOrANewUIDValidityNeverMakesASecondRequest() throws {
        let db = try AppDatabase.inMemory()
        _ = try db.recordIntake([incoming(uid: 1, id: "a@x")], settings: settings, composer: FixedComposer(), now: now)
        let copy = try db.recordIntake([incoming(uid: 9, uidValidity: 8, id: "a@x")], settings: settings, composer: FixedComposer(), now: now)
        #expect(copy.map(\.outcome) == [.duplicate(of: "ARP-2026-00001")])
        // Without a Message-ID, the content hash decides.
        _ = try db.recordIntake([incoming(uid: 2, id: nil, raw: "same bytes")], settings: settings, composer: FixedComposer(), now: now)
        let again = try db.recordIntake([incoming(uid: 3, id: nil, raw: "same bytes")], settings: settings, composer: FixedComposer(), now: now)
        #expect(again.map(\.outcome) == [.duplicate(of: "ARP-2026-00002")])
        #expect(try db.requests().count == 2)
    }

    @Test func theSameLocationIsOnlyRecordedOnce() throws {
        let db = try AppDatabase.inMemory()
        _ = try db.recordIntake([incoming(uid: 1, id: "a@x")], settings: settings, composer: FixedComposer(), now: now)
        let second = try db.recordIntake([incoming(uid: 1, id: "a@x")], settings: settings, composer: FixedComposer(), now: now)
        #expect(second.map(\.outcome) == [.alreadyRecorded])
        #expect(try db.dueOutbox(now: now, limit: 10).count == 1)
    }

    @Test func repliesJoinTheirRequest() throws {
        let db = try AppDatabase.inMemory()
        _ = try db.recordIntake([incoming(uid: 1, id: "a@x")], settings: settings, composer: FixedComposer(), now: now)
        let replies = try db.recordIntake([
            incoming(uid: 2, id: "b@x", subject: "Re: Placement [ARP-2026-00001]", body: "Thanks"),
            incoming(uid: 3, id: "c@x", subject: "more", inReplyTo: ["ack-ARP-2026-00001@council.test"], body: "The report follows."),
            incoming(uid: 4, id: "d@x", subject: "even more", inReplyTo: ["c@x"], body: "Here it is."),
            incoming(uid: 5, id: "e@x", subject: "Re: [ARP-2026-00999]"),
        ], settings: settings, composer: FixedComposer(), now: now)
        #expect(replies.map(\.outcome) == [
            .correspondence(reference: "ARP-2026-00001", via: "reference in subject"),
            .correspondence(reference: "ARP-2026-00001", via: "In-Reply-To/References"),
            .correspondence(reference: "ARP-2026-00001", via: "In-Reply-To/References"),
            opened("ARP-2026-00002"),
        ])
        #expect(try db.request(reference: "ARP-2026-00001").messages.count == 4)
    }

    @Test func aReplyWithTheMissingLinesCompletesTheRequestInPlace() throws {
        let db = try AppDatabase.inMemory()
        let form = completeForm().replacingOccurrences(of: "Case ID: 4471920\n", with: "").replacingOccurrences(of: "£75 per week", with: "about 75")
        let first = try db.recordIntake([incoming(uid: 1, id: "a@x", body: form)], settings: settings, composer: FixedComposer(), now: now)
        #expect(first[0].outcome == .newRequests([.init(reference: "ARP-2026-00001", status: .incomplete, urgent: false, problems: ["missing caseID", "unreadable cost"], possibleDuplicateOf: nil)]))
        var request = try db.request(reference: "ARP-2026-00001").request
        #expect(request.problemList == ["Case ID is missing", "Cost: \"about 75\" is not an amount in pounds"])
        #expect(request.panelSittingAt == nil)

        // Someone else in the thread cannot change it.
        let other = try db.recordIntake([incoming(uid: 2, id: "b@x", subject: "Re: [ARP-2026-00001]", sender: "someone@council.test", body: "Case ID: 999\n")], settings: settings, composer: FixedComposer(), now: now)
        #expect(other[0].outcome == .correspondence(reference: "ARP-2026-00001", via: "reference in subject"))

        let later = now.addingTimeInterval(3600)
        let reply = try db.recordIntake([incoming(uid: 3, id: "c@x", subject: "Re: Placement", inReplyTo: ["ack-ARP-2026-00001@council.test"], arrivedAt: later, body: "Case ID: 4471920\nCost: £75 per week\n\nOn Monday Panel wrote:\n> Case ID is missing\n")], settings: settings, composer: FixedComposer(), now: later)
        #expect(reply[0].outcome == .formUpdate(.init(reference: "ARP-2026-00001", status: .listed, changedFields: ["caseID", "cost"], version: 2)))
        request = try db.request(reference: "ARP-2026-00001").request
        #expect(request.caseID == "4471920")
        #expect(request.problems.isEmpty)
        #expect(request.completedAt == later)
        #expect(request.panelSittingAt != nil)
        let update = try #require(try db.dueOutbox(now: later, limit: 10).first { $0.purpose == "request-update" })
        #expect(String(decoding: update.message, as: UTF8.self) == "ARP-2026-00001 changed [\"caseID\", \"cost\"]")

        // A thank-you is correspondence, and a decision-neutral line does not bump the version.
        let thanks = try db.recordIntake([incoming(uid: 4, id: "d@x", subject: "Re: [ARP-2026-00001]", arrivedAt: later.addingTimeInterval(60), body: "Thanks!")], settings: settings, composer: FixedComposer(), now: later)
        #expect(thanks[0].outcome == .correspondence(reference: "ARP-2026-00001", via: "reference in subject"))
        let team = try db.recordIntake([incoming(uid: 5, id: "e@x", subject: "Re: [ARP-2026-00001]", sender: "tm@council.test", arrivedAt: later.addingTimeInterval(120), body: "Team: Gloucester Safeguarding\n")], settings: settings, composer: FixedComposer(), now: later)
        #expect(team[0].outcome == .formUpdate(.init(reference: "ARP-2026-00001", status: .listed, changedFields: ["team"], version: 2)))
        #expect(try db.request(reference: "ARP-2026-00001").request.panelSittingAt == request.panelSittingAt)

        // Every change is in the history, with who and the email that caused it.
        let history = try db.history(reference: "arp-2026-00001").events
        #expect(history.map(\.event) == [.received, .correspondence, .updated, .completed, .correspondence, .updated])
        #expect(history.map(\.messageIDHeader) == ["a@x", "b@x", "c@x", "c@x", "d@x", "e@x"])
        #expect(history.map(\.actor) == ["worker@council.test", "someone@council.test", "worker@council.test", "worker@council.test", "worker@council.test", "tm@council.test"])
        #expect(history[0].detail == "incomplete: Case ID is missing; Cost: \"about 75\" is not an amount in pounds")
        #expect(history[2].detail == "changed Case ID, Cost; version 2")
        #expect(history[3].at == later)
        #expect(history[3].detail.hasPrefix("your request is listed for the panel on"))
    }

    @Test func oneEmailWithSeveralFormsOpensSeveralRequestsAcknowledgedTogether() throws {
        let db = try AppDatabase.inMemory()
        let body = completeForm(case: "111") + "\n\n" + completeForm(case: "222").replacingOccurrences(of: "Child's name: Jayden Webb", with: "Child's name: Kayla Webb").replacingOccurrences(of: "£75 per week", with: "lots")
        let receipts = try db.recordIntake([incoming(uid: 1, id: "a@x", body: body)], settings: settings, composer: FixedComposer(), now: now)
        #expect(receipts[0].openedReferences == ["ARP-2026-00001", "ARP-2026-00002"])
        let acks = try db.dueOutbox(now: now, limit: 10)
        #expect(acks.count == 1)
        #expect(acks[0].messageIDHeader == "ack-ARP-2026-00001+ARP-2026-00002@council.test")
        #expect(try db.request(reference: "ARP-2026-00002").messages.count == 1)

        // Lines that name neither request: the worker is asked which.
        let unclear = try db.recordIntake([incoming(uid: 2, id: "b@x", subject: "Re: x", inReplyTo: ["a@x"], body: "Cost: £80 per week\n")], settings: settings, composer: FixedComposer(), now: now)
        #expect(unclear[0].outcome == .formUpdate(.init(reference: "ARP-2026-00002", status: .listed, changedFields: ["cost"], version: 2)), "only one is incomplete, so the lines are for it")
        let ambiguous = try db.recordIntake([incoming(uid: 3, id: "c@x", subject: "Re: x", inReplyTo: ["a@x"], body: "Start date: 10/09/2026\n")], settings: settings, composer: FixedComposer(), now: now)
        #expect(ambiguous[0].outcome == .correspondence(reference: "ARP-2026-00001", via: "form lines for one of several requests, not saying which"))
        #expect(try db.dueOutbox(now: now, limit: 10).contains { $0.purpose == "which-request" })
        let named = try db.recordIntake([incoming(uid: 4, id: "d@x", subject: "Re: x", inReplyTo: ["a@x"], body: "arp-2026-00001\nStart date: 10/09/2026\n")], settings: settings, composer: FixedComposer(), now: now)
        #expect(named[0].outcome == .formUpdate(.init(reference: "ARP-2026-00001", status: .listed, changedFields: ["startDate"], version: 2)))
    }

    @Test func aSecondRequestForTheSameCaseAndResourceIsFlagged() throws {
        let db = try AppDatabase.inMemory()
        _ = try db.recordIntake([incoming(uid: 1, id: "a@x", body: completeForm(case: "777"))], settings: settings, composer: FixedComposer(), now: now)
        let second = try db.recordIntake([incoming(uid: 2, id: "b@x", subject: "Mentoring again", body: completeForm(case: " 777"))], settings: settings, composer: FixedComposer(), now: now)
        #expect(second[0].outcome == .newRequests([.init(reference: "ARP-2026-00002", status: .listed, urgent: false, problems: [], possibleDuplicateOf: "ARP-2026-00001")]))
        let other = try db.recordIntake([incoming(uid: 3, id: "c@x", subject: "Transport", body: completeForm(case: "777", resource: "School transport"))], settings: settings, composer: FixedComposer(), now: now)
        #expect(other[0].openedReferences == ["ARP-2026-00003"])
        #expect(try db.request(reference: "ARP-2026-00003").request.possibleDuplicateOf == nil)
        #expect(try db.request(reference: "ARP-2026-00002").request.possibleDuplicateOf == "ARP-2026-00001")
    }

    @Test func anUrgentRequestIsDueTheSameWorkingDay() throws {
        let db = try AppDatabase.inMemory()
        // Tuesday 1 September 2026, 10:12 BST.
        let arrival = Date(timeIntervalSince1970: 1_788_253_920)
        let receipts = try db.recordIntake([incoming(uid: 1, id: "a@x", subject: "URGENT: respite tonight", arrivedAt: arrival)], settings: settings, composer: FixedComposer(), now: arrival)
        #expect(receipts[0].outcome == .newRequests([.init(reference: "ARP-2026-00001", status: .awaitingDecision, urgent: true, problems: [], possibleDuplicateOf: nil)]))
        let request = try db.request(reference: "ARP-2026-00001").request
        #expect(request.dueAt == Date(timeIntervalSince1970: 1_788_278_400)) // 17:00 BST the same day
        let ack = try #require(try db.dueOutbox(now: arrival, limit: 1).first)
        #expect(String(decoding: ack.message, as: UTF8.self).contains("received Tuesday 10:12; a decision is due by 17:00 on Tuesday 1 September"))
    }

    @Test func mailWithNoFormGetsTheBlankFormAFewTimesAtMost() throws {
        let db = try AppDatabase.inMemory()
        let batch = (1...5).map { incoming(uid: UInt32($0), id: "q\($0)@x", subject: "Question \($0)", body: "Hello, can you tell me when the panel sits? \($0)") }
        let receipts = try db.recordIntake(batch, settings: settings, composer: FixedComposer(), now: now)
        #expect(receipts.map(\.outcome) == [true, true, true, false, false].map { .notARequest(answered: $0) })
        #expect(try db.requests().isEmpty)
        #expect(try db.dueOutbox(now: now, limit: 10).map(\.purpose) == ["not-a-request", "not-a-request", "not-a-request"])
    }

    @Test func anUnreadableDocumentGoesToAPersonAndTheSenderIsTold() throws {
        let db = try AppDatabase.inMemory()
        var message = incoming(uid: 1, id: "a@x", body: "Please see the attached form.")
        if case .readable(var read) = message.content {
            read.form = .unreadableDocuments([UnreadableDocument(partPath: "2", contentType: "application/msword", filename: "Jayden.doc", explanation: "the attachment \"Jayden.doc\" is an old Word .doc file")])
            message.content = .readable(read)
        }
        let receipts = try db.recordIntake([message], settings: settings, composer: FixedComposer(), now: now)
        #expect(receipts[0].outcome == .needsAttention(reason: "attachment 2 (application/msword) is not a request form panelmail can read"))
        #expect(receipts[0].location.destination == .attention)
        #expect(try db.dueOutbox(now: now, limit: 10).map(\.purpose) == ["needs-attention"])
    }

    @Test func automaticMailAndRepeatsAreNeverAnswered() throws {
        let db = try AppDatabase.inMemory()
        let receipts = try db.recordIntake([
            incoming(uid: 1, id: "a@x", automatic: "Auto-Submitted: auto-replied"),
            incoming(uid: 2, id: "b@x", fingerprint: "same"),
            incoming(uid: 3, id: "c@x", fingerprint: "same"),
            incoming(uid: 4, id: "d@x", sender: "other@council.test", fingerprint: "same"),
        ], settings: settings, composer: FixedComposer(), now: now)
        #expect(receipts.map(\.outcome) == [
            .automatic(reason: "Auto-Submitted: auto-replied"),
            opened("ARP-2026-00001"),
            .correspondence(reference: "ARP-2026-00001", via: "same mail sent again by the same sender"),
            opened("ARP-2026-00002"),
        ])
        #expect(try db.dueOutbox(now: now, limit: 10).count == 2)
    }

    /// The worker declines the slot invitation: the answer joins the request's trail,
    /// and nobody is emailed about it.
    @Test func aCalendarAnswerInARequestsThreadIsRecordedAndNotAnswered() throws {
        let db = try AppDatabase.inMemory()
        _ = try db.recordIntake([incoming(uid: 1, id: "r@x")], settings: settings, composer: FixedComposer(), now: now)
        let queued = try db.dueOutbox(now: now, limit: 10).count
        let receipts = try db.recordIntake([
            incoming(uid: 2, id: "cal@x", subject: "Declined: Re: Placement [ARP-2026-00001]", automatic: "calendar reply (declined)"),
        ], settings: settings, composer: FixedComposer(), now: now)
        #expect(receipts.map(\.outcome) == [.automatic(reason: "calendar reply (declined)")])
        #expect(try db.dueOutbox(now: now, limit: 10).count == queued)
        let last = try #require(try db.history(reference: "ARP-2026-00001").events.last)
        #expect(last.event == .correspondence)
        #expect(last.detail == "automatic: calendar reply (declined)")
    }

    @Test func thirteenDistinctRequestsInAnHourAreAllAcknowledged() throws {
        let db = try AppDatabase.inMemory()
        let batch = (1...13).map { incoming(uid: UInt32($0), id: "t\($0)@x", subject: "School transport \($0)", arrivedAt: now.addingTimeInterval(Double($0) * 60)) }
        _ = try db.recordIntake(batch, settings: settings, composer: FixedComposer(), now: now)
        #expect(try db.dueOutbox(now: now, limit: 50).count == 13)
    }

    @Test func mailOutsideTheAllowedDomainsIsHeldWithTheReason() throws {
        let db = try AppDatabase.inMemory()
        let receipts = try db.recordIntake([incoming(uid: 1, id: "a@x", sender: "someone@elsewhere.test")], settings: settings, composer: FixedComposer(), now: now)
        #expect(receipts[0].held.count == 1)
        #expect(try db.dueOutbox(now: now, limit: 10).isEmpty)
        let held = try db.outbox(status: .held)
        #expect(held.count == 1)
        #expect(held[0].reason?.contains("elsewhere.test") == true)
    }

    @Test func aBounceMarksTheOutboxRowAndTellsTheAdmin() throws {
        let db = try AppDatabase.inMemory()
        _ = try db.recordIntake([incoming(uid: 1, id: "a@x")], settings: settings, composer: FixedComposer(), now: now)
        let receipts = try db.recordIntake([
            incoming(uid: 2, id: "dsn@x", sender: "mailer-daemon@council.test", automatic: "null sender", bounce: .init(originalMessageID: "ack-ARP-2026-00001@council.test", reason: "5.1.1 user unknown")),
        ], settings: settings, composer: FixedComposer(), now: now)
        #expect(receipts[0].outcome == .bounce(outboxMatched: true, reason: "5.1.1 user unknown"))
        let undelivered = try db.outbox(status: .undelivered)
        #expect(undelivered.map(\.messageIDHeader) == ["ack-ARP-2026-00001@council.test"])
        #expect(try db.dueOutbox(now: now, limit: 10).map(\.purpose).contains("bounce-notice"))
    }

    @Test func unreadableMailGoesToAttentionWithTheReason() throws {
        let db = try AppDatabase.inMemory()
        let message = IncomingMessage(folder: "INBOX", uidValidity: 1, uid: 1, arrivedAt: now, raw: [], content: .unreadable(reason: "too big"))
        let other = IncomingMessage(folder: "INBOX", uidValidity: 1, uid: 2, arrivedAt: now, raw: [], content: .unreadable(reason: "too big"))
        let receipts = try db.recordIntake([message, other], settings: settings, composer: FixedComposer(), now: now)
        #expect(receipts.map(\.outcome) == [.needsAttention(reason: "too big"), .needsAttention(reason: "too big")])
        #expect(receipts.allSatisfy { $0.location.destination == .attention })
    }

    @Test func outboxRetriesAndFailuresAreRecorded() throws {
        let db = try AppDatabase.inMemory()
        _ = try db.recordIntake([incoming(uid: 1, id: "a@x")], settings: settings, composer: FixedComposer(), now: now)
        let row = try #require(try db.dueOutbox(now: now, limit: 1).first)
        try db.markRetry(row.id!, next: now.addingTimeInterval(60), reason: "451", at: now)
        #expect(try db.dueOutbox(now: now, limit: 1).isEmpty)
        let retried = try #require(try db.dueOutbox(now: now.addingTimeInterval(61), limit: 1).first)
        #expect(retried.attempts == 1)
        #expect(retried.messageIDHeader == row.messageIDHeader)
        try db.markFailed(row.id!, reason: "550 no", at: now)
        #expect(try db.outbox(status: .failed).first?.reason == "550 no")
    }

    @Test func theDatabaseFileIsPrivate() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("panelmail-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("p.sqlite").path
        _ = try AppDatabase.open(path: path)
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode & 0o077 == 0)
        #expect(throws: StoreError.self) { try AppDatabase.open(path: dir.appendingPathComponent("missing/p.sqlite").path) }
    }
}

@Suite("Raw messages")
struct RawMessageTests {
    @Test func theRawMessageIsKeptExactlyAndPrivately() throws {
        let db = try AppDatabase.inMemory()
        let raw: [UInt8] = Array("From: a@council.test\r\n\r\nbody \u{00A3}\r\n".utf8) + [0xFF, 0x00]
        let read = ReadMessage(messageID: "r@x", inReplyTo: [], references: [], subject: "s", sender: "a@council.test", replyAddress: "a@council.test", senderName: nil, automaticReason: nil, bounce: nil, attachments: [], fingerprint: "f", bodyText: completeForm(), form: reading(completeForm()))
        let settings = testSettings(attachmentLimit: 10)
        _ = try db.recordIntake([IncomingMessage(folder: "INBOX", uidValidity: 1, uid: 1, arrivedAt: Date(), raw: raw, content: .readable(read))], settings: settings, composer: FixedComposer(), now: Date())
        let request = try db.request(reference: "ARP-\(Calendar(identifier: .gregorian).component(.year, from: Date()))-00001")
        let id = try #require(request.messages.first?.id)
        #expect(try db.rawMessage(id: id) == Data(raw))
        let pack = try #require(request.messages.first?.rawPack)
        let file = db.rawMessages.directory + "/" + pack
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int)
        #expect(mode == 0o600)
    }
}

@Suite("Held email")
struct HeldEmailTests {
    @Test func aPersonCanReleaseOrDropHeldEmail() throws {
        let db = try AppDatabase.inMemory()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let policy = RecipientPolicy(allowedDomains: ["council.test"])
        let held = try db.enqueue(OutgoingMail(purpose: "acknowledgement", messageID: "h1@council.test", envelopeFrom: "panel@council.test", recipients: ["x@partner.test"], bytes: [1]), policy: policy, now: now)
        let other = try db.enqueue(OutgoingMail(purpose: "acknowledgement", messageID: "h2@council.test", envelopeFrom: "panel@council.test", recipients: ["y@partner.test"], bytes: [1]), policy: policy, now: now)
        #expect(held.status == .held && other.status == .held)
        #expect(try db.releaseHeld(held.id!, by: "clerk", at: now))
        #expect(try db.dueOutbox(now: now, limit: 5).map(\.messageIDHeader) == ["h1@council.test"])
        #expect(try !db.releaseHeld(held.id!, by: "clerk", at: now))  // no longer held
        #expect(try db.dropWaiting(other.id!, by: "clerk", at: now))
        #expect(try db.outbox(status: .failed).first?.reason == "dropped by clerk")
        #expect(try !db.dropWaiting(9999, by: "clerk", at: now))
    }
}
