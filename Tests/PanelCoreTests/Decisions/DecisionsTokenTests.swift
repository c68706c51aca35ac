import Testing
@testable import PanelCore

@Suite("Decisions: tokens")
struct DecisionsTokenTests {
    static let ref42 = RequestReference(year: 2026, sequence: 42)
    static let ref17 = RequestReference(year: 2026, sequence: 17)

    // RFC 4648 section 10 test vectors.
    @Test(arguments: [("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"),
                      ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI")])
    func base32MatchesRFC4648(plain: String, encoded: String) {
        #expect(Base32.encode(Array(plain.utf8)) == encoded)
        #expect(Base32.decode(encoded) == Array(plain.utf8))
        #expect(Base32.decode(encoded.lowercased()) == Array(plain.utf8))
    }

    @Test(arguments: ["MY======", "M", "MZ", "MZXW6Y", "0AAA", "1AAA", "8AAA", "MZ XQ", "MZ-Q", "ÅÅ"])
    func base32RefusesWhatIsNotCanonical(text: String) {
        #expect(Base32.decode(text) == nil)
    }

    @Test func aRequestTokenChecks() throws {
        let signer = try DecisionsFixture.signer()
        let token = try signer.token(for: VersionedReference(Self.ref42, version: 3))
        #expect(token.text.count == DecisionToken.length)
        #expect(token.text.allSatisfy { Base32.alphabet.contains($0.asciiValue ?? 0) })
        #expect(DecisionToken.macCount * 8 >= 80)
        #expect(signer.check(token, for: Self.ref42, currentVersion: 3) == .valid)
        #expect(signer.check(token, for: Self.ref42, currentVersion: 4) == .stale(tokenVersion: 3, currentVersion: 4))
        #expect(signer.check(token, for: Self.ref17, currentVersion: 3) == .anotherRequest(Self.ref42))
        #expect(signer.request(named: token) == VersionedReference(Self.ref42, version: 3))
        // Case does not matter: mail systems lower-case local parts.
        let lowered = try #require(DecisionToken(token.text.lowercased()))
        #expect(signer.check(lowered, for: Self.ref42, currentVersion: 3) == .valid)
    }

    @Test func aTokenFromAnotherKeyOrAlteredIsWrong() throws {
        let signer = try DecisionsFixture.signer()
        let other = DecisionTokenSigner(key: try DecisionKey(secret: Array(repeating: 7, count: 32)))
        let foreign = try other.token(for: VersionedReference(Self.ref42, version: 3))
        #expect(signer.check(foreign, for: Self.ref42, currentVersion: 3) == .wrong)
        #expect(signer.request(named: foreign) == nil)

        let genuine = try signer.token(for: VersionedReference(Self.ref42, version: 3))
        for index in genuine.bytes.indices {
            var bytes = genuine.bytes
            bytes[index] ^= 0x01
            let altered = DecisionToken(bytes: bytes)
            #expect(signer.check(altered, for: Self.ref42, currentVersion: 3) != .valid, "byte \(index)")
        }
        // Claiming another version in clear does not get past the MAC.
        var claimsV4 = genuine.bytes
        claimsV4[7] = 4
        #expect(signer.check(DecisionToken(bytes: claimsV4), for: Self.ref42, currentVersion: 4) == .wrong)
    }

    @Test func aPreviousKeyStillChecksAfterRotation() throws {
        let oldKey = try DecisionKey(secret: Array(repeating: 9, count: 40))
        let old = DecisionTokenSigner(key: oldKey)
        let rotated = DecisionTokenSigner(key: try DecisionKey(secret: DecisionsFixture.secret), previousKeys: [oldKey])
        let token = try old.token(for: VersionedReference(Self.ref42, version: 1))
        #expect(rotated.check(token, for: Self.ref42, currentVersion: 1) == .valid)
        #expect(try DecisionsFixture.signer().check(token, for: Self.ref42, currentVersion: 1) == .wrong)
    }

    @Test func anAgendaTokenCoversEveryListedRequest() throws {
        let signer = try DecisionsFixture.signer()
        let agenda = SentAgenda(number: 12, items: [VersionedReference(Self.ref42, version: 3), VersionedReference(Self.ref17, version: 1)])
        let token = signer.token(for: agenda)
        #expect(token.kind == .agenda)
        #expect(token.agendaNumber == 12)
        #expect(signer.isGenuine(token, agenda: agenda))
        // The order an agenda lists its items in does not matter.
        #expect(signer.token(for: SentAgenda(number: 12, items: agenda.items.reversed())) == token)
        #expect(signer.check(token, for: Self.ref42, currentVersion: 3, agenda: agenda) == .valid)
        #expect(signer.check(token, for: Self.ref17, currentVersion: 2, agenda: agenda) == .stale(tokenVersion: 1, currentVersion: 2))
        let ref99 = RequestReference(year: 2026, sequence: 99)
        #expect(signer.check(token, for: ref99, currentVersion: 1, agenda: agenda) == .notOnAgenda(agendaNumber: 12))
        // Checked against a different list, or no list, it is not ours.
        let edited = SentAgenda(number: 12, items: [VersionedReference(Self.ref42, version: 3), VersionedReference(ref99, version: 1)])
        #expect(signer.check(token, for: Self.ref42, currentVersion: 3, agenda: edited) == .wrong)
        #expect(signer.check(token, for: Self.ref42, currentVersion: 3) == .wrong)
        #expect(signer.request(named: token) == nil)
    }

    @Test func theBestOfSeveralTokensCounts() throws {
        let signer = try DecisionsFixture.signer()
        let stale = try signer.token(for: VersionedReference(Self.ref42, version: 2))
        let current = try signer.token(for: VersionedReference(Self.ref42, version: 3))
        let other = try signer.token(for: VersionedReference(Self.ref17, version: 1))
        #expect(signer.check([other, stale, current], for: Self.ref42, currentVersion: 3) == .valid)
        #expect(signer.check([other, stale], for: Self.ref42, currentVersion: 3) == .stale(tokenVersion: 2, currentVersion: 3))
        #expect(signer.check([other], for: Self.ref42, currentVersion: 3) == .anotherRequest(Self.ref17))
        #expect(signer.check([], for: Self.ref42, currentVersion: 3) == .missing)
    }

    @Test func refusesWhatATokenCannotCarry() throws {
        let signer = try DecisionsFixture.signer()
        #expect(throws: DecisionTokenError.outOfRange(what: "the version", value: 70_000, allowed: 0...0xFFFF)) {
            try signer.token(for: VersionedReference(Self.ref42, version: 70_000))
        }
        #expect(throws: DecisionTokenError.outOfRange(what: "the sequence number", value: 20_000_000, allowed: 1...0xFF_FFFF)) {
            try signer.token(for: VersionedReference(RequestReference(year: 2026, sequence: 20_000_000), version: 1))
        }
        #expect(throws: DecisionTokenError.secretTooShort(bytes: 16)) { try DecisionKey(secret: Array(repeating: 1, count: 16)) }
        #expect(DecisionTokenError.secretTooShort(bytes: 16).description
            == "the decision-token secret is 16 bytes; use at least 32 random bytes (for example `openssl rand -base64 32`)")
        #expect("\(try DecisionKey(secret: DecisionsFixture.secret))" == "DecisionKey(redacted)")
    }

    @Test func travelsInTheReplyAddressAndTheSubject() throws {
        let token = try DecisionsFixture.signer().token(for: VersionedReference(Self.ref42, version: 1))
        let address = token.replyAddress(panel: DecisionsFixture.panelAddress)
        #expect(address.address == "resource.panel+\(token.text)@council.gov.uk")
        #expect(token.subjectTag == "[#\(token.text)]")
        let finder = DecisionTokenFinder(panel: DecisionsFixture.panelAddress)
        #expect(finder.token(inAddress: address) == token)
        #expect(DecisionTokenFinder.tokens(inSubject: "RE: URGENT [ARP-2026-00042] \(token.subjectTag)") == [token])
        #expect(token.description == "DecisionToken(request, \(token.text.prefix(6))…)")
    }

    @Test(arguments: ["auth-exchange-internal", "auth-google-workspace", "auth-postfix-opendkim"])
    func findsTheTokenInRealHeaders(fixture: String) throws {
        let expected = try DecisionsFixture.signer().token(for: VersionedReference(Self.ref42, version: 1))
        let found = DecisionTokenFinder(panel: DecisionsFixture.panelAddress).tokens(in: try DecisionsFixture.headers(fixture))
        #expect(found == [expected])
    }

    @Test func findsTokensOnlyInThePanelsOwnPlusAddresses() throws {
        let signer = try DecisionsFixture.signer()
        let a = try signer.token(for: VersionedReference(Self.ref42, version: 1)).text
        let b = try signer.token(for: VersionedReference(Self.ref17, version: 1)).text
        let raw = """
        To: other+\(a)@council.gov.uk, resource.panelx+\(a)@council.gov.uk, "Panel" <Resource.Panel+\(b.lowercased())@council.gov.uk>
        Cc: resource.panel+NOTATOKEN@council.gov.uk, resource.panel+\(a)@mail.council.gov.uk
        Delivered-To: resource.panel+\(b)@council.gov.uk
        Subject: Re: [#\(a)] [#short] [#\(b)

        body
        """
        let headers = try MIMEParser().parse(Array(raw.utf8)).headers
        let found = DecisionTokenFinder(panel: DecisionsFixture.panelAddress).tokens(in: headers).map(\.text)
        #expect(found == [b, a])
    }
}
