import Foundation
import Testing
@testable import PanelCore

/// Hostile input: nothing may crash or hang, and nothing hostile may be read as a decision.
@Suite("Decisions: hostile input", .timeLimit(.minutes(1)))
struct DecisionsRobustnessTests {
    /// A small deterministic generator, so failures reproduce.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state ^ (state >> 29)
        }
    }

    static let alphabet = Array("APROVEDCLINMFTKHGS£$0123456789/.,:;-–|()[]<>@+#=\"' \t\r\n\u{0}\u{7}\u{1B}\u{202E}\u{FEFF}é日🙂")

    static func noise(_ count: Int, seed: UInt64) -> String {
        var rng = Generator(state: seed)
        return String((0..<count).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
    }

    @Test func hugeLinesAreReadInTime() {
        let long = String(repeating: "£9", count: 100_000)
        _ = PanelReply.parse("APPROVE " + long)
        _ = PanelReply.parse("DECLINE " + String(repeating: "x", count: 1_000_000))
        _ = PanelReply.parse("APPROVE until " + String(repeating: "31/12/2026 ", count: 100_000))
        _ = PanelReply.parse("LATE " + String(repeating: "9", count: 100_000))
        _ = OutcomeLines.parse(String(repeating: "ARP-2026-00042: APPROVE £1 - x\n", count: 5_000))
        _ = OutcomeLines.parse("ARP" + String(repeating: "-", count: 500_000))
        _ = DecisionToken(String(repeating: "A", count: 1_000_000))
        _ = DecisionTokenFinder.tokens(inSubject: String(repeating: "[#", count: 200_000))
        _ = AuthenticationResults(String(repeating: "(", count: 200_000) + "; dkim=pass")
        _ = AuthenticationResults(String(repeating: "a=b; ", count: 100_000))
        _ = ReceivedField(String(repeating: "from by ", count: 100_000))
        #expect(HostPattern(String(repeating: "*a", count: 100)).matches(String(repeating: "a", count: 255)))
    }

    @Test func aHugeLineIsNotAnApproval() {
        let result = PanelReply.parse("APPROVE £" + String(repeating: "9", count: 100_000))
        guard case .failure(let problem) = result else {
            Issue.record("read as \(result)")
            return
        }
        #expect(problem.code == "unreadable-amount")
        #expect(problem.message.count < 400)
    }

    @Test func controlCharactersDoNotMakeACommand() throws {
        #expect((try? PanelReply.parse("APP\u{0}ROVE").get()) == nil)
        #expect((try? PanelReply.parse("\u{202E}APPROVE").get()) == nil)
        #expect(try PanelReply.parse("\u{FEFF}APPROVE\u{0}").get().command == .approve(.asRequested))
        // Control characters are not a reason.
        #expect(PanelReply.parse("DECLINE\u{0}\u{0}\n\u{1B}") == .failure(PanelReplyProblem(.textMissing(.decline))))
    }

    @Test(arguments: 0..<40)
    func randomRepliesNeverCrash(seed: Int) {
        let text = Self.noise(2_000, seed: UInt64(seed))
        _ = PanelReply.parse(text)
        _ = PanelReply.parse("APPROVE " + text)
        _ = PanelReply.parse("LATE " + text)
        _ = OutcomeLines.parse("ARP-2026-00042: " + text)
        _ = OutcomeLines.parse(text)
        _ = AuthenticationResults(text)
        _ = ReceivedField(text)
        _ = DecisionTokenFinder.tokens(inSubject: text)
        _ = Base32.decode(text)
        _ = OrganisationalDomains.standard.areAligned(text, "council.gov.uk")
    }

    @Test func thousandsOfHeadersAreCheckedInTime() throws {
        var lines: [String] = []
        for i in 0..<5_000 {
            lines.append("Received: from relay\(i).council.gov.uk by mx.council.gov.uk; Mon, 7 Sep 2026")
            lines.append("Authentication-Results: mx.council.gov.uk; dkim=fail header.d=council.gov.uk")
        }
        lines.append("To: " + (0..<2_000).map { "resource.panel+X\($0)@council.gov.uk" }.joined(separator: ", "))
        lines.append("From: sam.patel@council.gov.uk")
        let raw = Array((lines.joined(separator: "\r\n") + "\r\n\r\nAPPROVE").utf8)
        let headers = try MIMEParser(limits: MIMELimits(maxHeaderBytes: 4 << 20, maxHeaderFields: 20_000)).parse(raw).headers
        let outcome = SenderAuthentication(receivingHosts: ["mx.council.gov.uk", "*.council.gov.uk"],
                                           methods: [.authenticationResults(authservID: "mx.council.gov.uk"),
                                                     .internalMarker(.exchangeOnline(domains: ["council.gov.uk"]))]).check(headers)
        #expect(!outcome.isAuthenticated)
        #expect(DecisionTokenFinder(panel: DecisionsFixture.panelAddress).tokens(in: headers).isEmpty)
    }

    @Test(arguments: 0..<20)
    func randomTokensAreNeverGenuine(seed: Int) throws {
        var rng = Generator(state: UInt64(seed) &+ 99)
        let signer = try DecisionsFixture.signer()
        var bytes = (0..<20).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        bytes[0] = 1
        let token = try #require(DecisionToken(Base32.encode(bytes)))
        #expect(signer.check(token, for: RequestReference(year: 2026, sequence: 42), currentVersion: 1) == .wrong)
    }
}
