import Foundation
import MailTransport
import PanelCore
import PanelDaemon
import PanelStore
import Testing

/// An urgent request decided by email against the real Dovecot and Postfix: the duty
/// notice, the duty member's reply, and the decision in the worker's thread.
///
/// Mail is put in the panel mailbox with IMAP APPEND: the request with an arrival in
/// working time (so the notice goes at once), the replies carrying the
/// `Authentication-Results` the council's receiving server (mx.council.test) would
/// add: the test stack's Postfix does no DKIM or DMARC of its own.
@Suite("Decisions by email end to end", .serialized)
struct DecisionEndToEndTests {
    let stack: MailStack

    init() throws {
        stack = try MailStack.load()
        try stack.clear("panel", "worker1", "manager1", "duty", "admin")
    }

    func urgentRequest(_ id: String, caseID: String) -> String {
        """
        From: Sam Worker <\(stack.address("worker1"))>
        To: Panel <panel@\(stack.domain)>
        Subject: URGENT: respite tonight \(caseID)
        Message-ID: <\(id)>
        MIME-Version: 1.0
        Content-Type: text/plain; charset=utf-8

        \(MailStack.completeForm(teamManager: stack.address("manager1"), caseID: caseID, resource: "Respite"))
        """
    }

    /// An urgent request as Outlook sends one with a report attached and the council's
    /// logo in the signature.
    func urgentRequestWithReport(_ id: String, caseID: String, report: [UInt8]) -> String {
        let logo = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]).base64EncodedString()
        return """
        From: Sam Worker <\(stack.address("worker1"))>
        To: Panel <panel@\(stack.domain)>
        Subject: URGENT: respite tonight \(caseID)
        Message-ID: <\(id)>
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="outer"

        --outer
        Content-Type: multipart/related; boundary="inner"

        --inner
        Content-Type: text/plain; charset=utf-8

        \(MailStack.completeForm(teamManager: stack.address("manager1"), caseID: caseID, resource: "Respite"))
        --inner
        Content-Type: image/png; name="image001.png"
        Content-ID: <image001.png@01DB>
        Content-Disposition: inline; filename="image001.png"
        Content-Transfer-Encoding: base64

        \(logo)
        --inner--
        --outer
        Content-Type: application/pdf; name="Risk assessment.pdf"
        Content-Disposition: attachment; filename="Risk assessment.pdf"
        Content-Transfer-Encoding: base64

        \(Data(report).base64EncodedString(options: .lineLength76Characters))
        --outer--
        """
    }

    /// The duty member's reply to a notice, as the receiving server hands it on.
    func reply(to notice: MIMEMessage, body: String, vouched: Bool = true) -> [UInt8] {
        var text = ""
        if vouched { text += "Authentication-Results: mx.\(stack.domain); dmarc=pass header.from=\(stack.domain)\r\n" }
        text += "Received: from laptop (laptop [10.0.0.7]) by mx.\(stack.domain) with ESMTPSA; Mon, 30 Nov 2026 10:30:00 +0000\r\n"
        text += "From: Dana Duty <\(stack.address("duty"))>\r\n"
        text += "To: \(notice.replyTo.first?.address ?? "panel@\(stack.domain)")\r\n"
        text += "Subject: RE: \(notice.subject)\r\n"
        text += "Message-ID: <decision-\(UUID())@\(stack.domain)>\r\n"
        text += "In-Reply-To: <\(notice.messageID ?? "")>\r\nReferences: <\(notice.messageID ?? "")>\r\n"
        text += "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        text += body.replacingOccurrences(of: "\n", with: "\r\n")
        return Array(text.utf8)
    }

    /// Puts a message in the panel mailbox as having arrived at `arrivedAt`.
    func deliver(_ bytes: [UInt8], arrivedAt: Date = Date()) async throws {
        let mailbox = stack.imap("panel")
        defer { Task { await mailbox.logout() } }
        _ = try await mailbox.append(bytes, to: "INBOX", flags: [], internalDate: arrivedAt)
    }

    /// Tuesday 1 September 2026, 10:12 in London: in working time, whenever the test runs.
    static let tuesday = Date(timeIntervalSince1970: 1_788_253_920)
    /// panelmail's clock in the tests that are not about reminders: 12:12 the same day,
    /// before the 15:00 reminder.
    static let midday = FixedClock(now: tuesday.addingTimeInterval(7200))

    /// An urgent request delivered for Tuesday morning, panelmail run at midday, and the
    /// duty notice read back from the duty member's mailbox.
    func urgentRequestNotified(caseID: String) async throws -> (id: String, app: PanelApplication, notice: MIMEMessage, reference: RequestReference) {
        let id = "urgent-\(UUID())@\(stack.domain)"
        try await deliverRequest(id, caseID: caseID)
        let app = try await stack.app(clock: Self.midday)
        _ = try await app.once()
        try await stack.wait(for: "duty", count: 1)
        let notice = try #require(try await stack.read("duty").first)
        let reference = try #require(RequestReference.tags(inSubject: notice.subject).first)
        return (id, app, notice, reference)
    }

    func deliverRequest(_ id: String, caseID: String) async throws {
        let text = urgentRequest(id, caseID: caseID).replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        try await deliver(Array(text.utf8), arrivedAt: Self.tuesday)
    }

    @Test func anUrgentRequestIsDecidedByTheDutyMembersReply() async throws {
        let id = "urgent-\(UUID())@\(stack.domain)"
        let report = Array("%PDF-1.4\n% risk assessment\n".utf8) + (0..<3000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let withReport = urgentRequestWithReport(id, caseID: "5001", report: report).replacingOccurrences(of: "\n", with: "\r\n")
        try await deliver(Array(withReport.utf8), arrivedAt: Self.tuesday)
        let app = try await stack.app(clock: Self.midday)
        _ = try await app.once()

        // The duty member's notice, with the decision code in the reply address and subject.
        try await stack.wait(for: "duty", count: 1)
        let notice = try #require(try await stack.read("duty").first)
        let reference = try #require(RequestReference.tags(inSubject: notice.subject).first)
        #expect(notice.subject.contains("[#"))
        #expect(notice.replyTo.first?.address.hasPrefix("panel+") == true)
        #expect(notice.textBody().contains("APPROVE"))
        #expect(notice.textBody().contains("Case ID: 5001"))
        // The worker's report travels with the notice, byte for byte; the signature logo does not.
        let files = notice.attachments()
        #expect(files.map(\.name) == ["Risk assessment.pdf"])
        #expect(files.first?.sha256 == SHA256Hex.of(report))
        #expect(notice.textBody().contains("Risk assessment.pdf (2 KB)"))

        try await deliver(reply(to: notice, body: "APPROVE £200 per week\nWithin the framework rate.\n\nDana"))
        _ = try await app.once()
        let request = try app.database.request(reference: reference.description).request
        #expect(request.status == .approved)

        // The worker's own thread, copied to the team manager.
        try await stack.wait(for: "worker1", count: 2)
        let decision = try #require(try await stack.read("worker1").last)
        #expect(decision.subject == "Re: URGENT: respite tonight 5001 [\(reference)]")
        #expect(decision.inReplyTo == [id])
        let text = decision.textBody()
        #expect(text.contains("Decision: Approved (£200 per week)"))
        #expect(text.contains("Decided by: Dana Duty"))
        #expect(text.contains("Within the framework rate."))
        // The team manager had the sign-off request, then the copy of the decision.
        try await stack.wait(for: "manager1", count: 2)
        let manager = try await stack.read("manager1")
        #expect(manager.first?.subject.hasPrefix("Sign-off needed: \(reference)") == true)
        #expect(manager.last?.subject == decision.subject)
        #expect(try app.database.history(reference: reference.description).events.map(\.event).contains(.decided))

        // The worker challenges it in the same thread: the panel lead is sent it.
        try stack.clear("lead")
        try await stack.send(from: "worker1", to: ["panel"], """
            From: Sam Worker <\(stack.address("worker1"))>
            To: panel@\(stack.domain)
            Subject: RE: \(decision.subject)
            Message-ID: <challenge-\(UUID())@\(stack.domain)>
            In-Reply-To: <\(decision.messageID ?? "")>
            References: <\(id)> <\(decision.messageID ?? "")>

            CHALLENGE £200 a week will not cover the overnight staff.
            """)
        try await stack.wait(for: "panel", count: 1)
        _ = try await app.once()
        try await stack.wait(for: "lead", count: 1)
        let challenge = try #require(try await stack.read("lead").first)
        #expect(challenge.subject == "Challenge of the decision on \(reference) [\(reference)]")
        #expect(challenge.textBody().contains("£200 a week will not cover the overnight staff."))
        #expect(challenge.textBody().contains("APPROVE £200 per week by Dana Duty"))
        // The worker hears where it went, in their thread.
        try await stack.wait(for: "worker1", count: 3)
        let passed = try #require(try await stack.read("worker1").last)
        #expect(passed.subject == decision.subject)
        #expect(passed.textBody().contains("has been sent to the panel lead (Lee Lead)"))
    }

    /// Nothing staged: the duty member's reply goes through the council's submission
    /// server, which signs it (DKIM); the receiving server's OpenDKIM verifies the
    /// signature and writes Authentication-Results, and the decision is applied. The
    /// same reply handed straight to the receiving server, with Authentication-Results
    /// of its own claiming a pass, is not: the server strips the forgery and finds no
    /// signature.
    @Test func aReplySignedAndVerifiedByTheRealServersDecidesAndAForgedOneDoesNot() async throws {
        let (_, app, notice, reference) = try await urgentRequestNotified(caseID: "5009")
        let replyAddress = try #require(notice.replyTo.first?.address)
        func reply(_ body: String, extra: String = "") -> String {
            """
            \(extra)From: Dana Duty <\(stack.address("duty"))>
            To: \(replyAddress)
            Subject: RE: \(notice.subject)
            Message-ID: <dkim-\(UUID())@\(stack.domain)>
            In-Reply-To: <\(notice.messageID ?? "")>
            Content-Type: text/plain; charset=utf-8

            \(body)
            """
        }

        try await stack.sendFromOutside(from: stack.address("duty"), to: [replyAddress], reply(
            "APPROVE\nForged.", extra: "Authentication-Results: mx.\(stack.domain); dkim=pass header.d=\(stack.domain); dmarc=pass header.from=\(stack.domain)\n"))
        try await stack.wait(for: "panel", count: 1)
        _ = try await app.once()
        #expect(try app.database.request(reference: reference.description).request.status == .awaitingDecision)
        #expect(try app.database.history(reference: reference.description).events.last?.event == .refused)

        try await stack.send(from: "duty", to: [replyAddress], reply("APPROVE\nSigned by the council's server.\n\nDana"))
        try await stack.wait(for: "panel", count: 1)
        _ = try await app.once()
        #expect(try app.database.request(reference: reference.description).request.status == .approved)
        try await stack.wait(for: "worker1", count: 2)
        #expect(try await stack.read("worker1").last?.textBody().contains("Signed by the council's server.") == true)
    }

    /// The worker withdraws the urgent request by replying to the acknowledgement through
    /// their own submission server: the duty member who had the notice is told.
    @Test func theWorkerWithdrawsAndTheDutyMemberHearsItIsNotNeeded() async throws {
        let (id, app, _, reference) = try await urgentRequestNotified(caseID: "5011")
        try await stack.wait(for: "worker1", count: 1)
        let ack = try #require(try await stack.read("worker1").first)
        try await stack.send(from: "worker1", to: ["panel"], """
            From: Sam Worker <\(stack.address("worker1"))>
            To: panel@\(stack.domain)
            Subject: RE: \(ack.subject)
            Message-ID: <withdraw-\(UUID())@\(stack.domain)>
            In-Reply-To: <\(ack.messageID ?? "")>
            References: <\(id)> <\(ack.messageID ?? "")>

            WITHDRAW - his aunt can have him tonight.

            Sam
            """)
        try await stack.wait(for: "panel", count: 1)
        _ = try await app.once()
        #expect(try app.database.request(reference: reference.description).request.status == .withdrawn)
        try await stack.wait(for: "duty", count: 2)
        let told = try #require(try await stack.read("duty").last)
        #expect(told.subject == "Withdrawn: \(reference) [\(reference)]")
        #expect(told.textBody().contains("his aunt can have him tonight."))
        try await stack.wait(for: "worker1", count: 2)
        let confirmation = try #require(try await stack.read("worker1").last)
        #expect(confirmation.textBody().contains("Request \(reference) is withdrawn"))
        #expect(confirmation.inReplyTo == [id])
    }

    @Test func moreInformationThenTheWorkersReplyThenADecision() async throws {
        let (id, app, first, reference) = try await urgentRequestNotified(caseID: "5003")
        try await deliver(reply(to: first, body: "MORE INFO Which provider? Is there a cheaper one?\n\nDana"))
        _ = try await app.once()

        // The worker is asked, in their thread, and answers there.
        try await stack.wait(for: "worker1", count: 2)
        let asked = try #require(try await stack.read("worker1").last)
        #expect(asked.textBody().contains("Decision: More information needed"))
        #expect(asked.textBody().contains("Which provider? Is there a cheaper one?"))
        let answer = """
            From: Sam Worker <\(stack.address("worker1"))>\r
            To: panel@\(stack.domain)\r
            Subject: RE: \(asked.subject)\r
            Message-ID: <answer-\(UUID())@\(stack.domain)>\r
            In-Reply-To: <\(asked.messageID ?? "")>\r
            References: <\(id)> <\(asked.messageID ?? "")>\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            Provider: Acme Care\r
            They are the only provider with a vacancy tonight.\r

            """
        try await deliver(Array(answer.utf8), arrivedAt: Self.tuesday.addingTimeInterval(3600))
        _ = try await app.once()
        #expect(try app.database.request(reference: reference.description).request.status == .awaitingDecision)

        // Back to Dana the same day, with the answer and a new code.
        try await stack.wait(for: "duty", count: 2)
        let second = try #require(try await stack.read("duty").last)
        #expect(second.textBody().contains("You asked for more information. The worker replied:"))
        #expect(second.textBody().contains("Provider: Acme Care"))
        #expect(second.replyTo.first?.address != first.replyTo.first?.address)
        try await deliver(reply(to: second, body: "DECLINE Use the in-house respite unit, which has a bed from tomorrow.\n\nDana"))
        _ = try await app.once()
        #expect(try app.database.request(reference: reference.description).request.status == .declined)
        try await stack.wait(for: "worker1", count: 4)
        let decision = try #require(try await stack.read("worker1").last)
        #expect(decision.textBody().contains("Decision: Declined\n"), "no empty terms")
        #expect(decision.inReplyTo == [id])
    }

    @Test func anUndecidedUrgentRequestIsChasedAtThreeAndReportedLateAtFive() async throws {
        try stack.clear("lead")
        let id = "urgent-\(UUID())@\(stack.domain)"
        try await deliverRequest(id, caseID: "5004")
        let config = try stack.writeConfig().path
        // Tuesday 1 September 2026 at 15:00:30 and 17:00:30 in London.
        let three = Self.tuesday.addingTimeInterval(4 * 3600 + 48 * 60 + 30)
        let five = three.addingTimeInterval(2 * 3600)
        _ = try await stack.app(reuse: config, clock: FixedClock(now: three)).once()

        try await stack.wait(for: "duty", count: 2)
        let duty = try await stack.read("duty")
        #expect(duty.map(\.subject).contains { $0.hasPrefix("Urgent decision by 17:00 on Tuesday 1 September") })
        let reminder = try #require(duty.first { $0.subject.hasPrefix("Reminder:") })
        #expect(reminder.replyTo.first?.address.hasPrefix("panel+") == true)
        try await stack.wait(for: "lead", count: 1)
        #expect(try await stack.read("lead").first?.subject == reminder.subject)

        let app = try await stack.app(reuse: config, clock: FixedClock(now: five))
        _ = try await app.once()
        try await stack.wait(for: "lead", count: 2)
        #expect(try await stack.read("lead").last?.subject.hasPrefix("Late: urgent decision on") == true)
        try await stack.wait(for: "worker1", count: 2)
        let late = try #require(try await stack.read("worker1").last)
        #expect(late.inReplyTo == [id])
        #expect(late.textBody().contains("has not been made yet"))
        // Once each, however often panelmail looks.
        _ = try await app.once()
        #expect(try await stack.count("lead") == 2)
    }

    @Test func forgedDecisionsAreRefused() async throws {
        try stack.clear("lead", "worker3")
        try await deliverRequest("urgent-a-\(UUID())@\(stack.domain)", caseID: "5101")
        try await deliverRequest("urgent-b-\(UUID())@\(stack.domain)", caseID: "5102")
        let app = try await stack.app(clock: Self.midday)
        _ = try await app.once()
        try await stack.wait(for: "duty", count: 2)
        let notices = try await stack.read("duty")
        let first = try #require(notices.first { $0.subject.contains("ARP-2026-00001") })
        let second = try #require(notices.first { $0.subject.contains("ARP-2026-00002") })
        func attempt(from user: String = "duty", to: String, subject: String) -> [UInt8] {
            let text = """
                Authentication-Results: mx.\(stack.domain); dmarc=pass header.from=\(stack.domain)\r
                Received: from laptop (laptop [10.0.0.7]) by mx.\(stack.domain) with ESMTPSA; Mon, 30 Nov 2026 10:30:00 +0000\r
                From: <\(stack.address(user))>\r
                To: \(to)\r
                Subject: \(subject)\r
                Message-ID: <forged-\(UUID())@\(stack.domain)>\r
                Content-Type: text/plain; charset=utf-8\r
                \r
                APPROVE\r

                """
            return Array(text.utf8)
        }
        let secondCode = try #require(second.replyTo.first?.address)
        // The right sender with no code; a made-up code; the other request's code; a
        // colleague outside the panel with the right code.
        try await deliver(attempt(to: "panel@\(stack.domain)", subject: "RE: [ARP-2026-00001]"))
        try await deliver(attempt(to: "panel+\(String(repeating: "a", count: 32))@\(stack.domain)", subject: "RE: [ARP-2026-00001]"))
        try await deliver(attempt(to: secondCode, subject: "RE: [ARP-2026-00001]"))
        try await deliver(attempt(from: "worker3", to: try #require(first.replyTo.first?.address), subject: "RE: [ARP-2026-00001]"))
        _ = try await app.once()
        #expect(try app.database.request(reference: "ARP-2026-00001").request.status == .awaitingDecision)
        #expect(try app.database.request(reference: "ARP-2026-00002").request.status == .awaitingDecision)
        #expect(try app.database.history(reference: "ARP-2026-00001").events.filter { $0.event == .refused }.count == 4)
        // Each vouched sender is told why, in plain words.
        try await stack.wait(for: "duty", count: 5)
        let explanations = try await stack.read("duty").suffix(3).map { $0.textBody() }
        #expect(explanations.allSatisfy { $0.contains("was not applied") })
        try await stack.wait(for: "worker3", count: 1) // a colleague outside the panel

        // A stale code: the worker changes the cost, so the notice's code no longer decides.
        let change = """
            From: Sam Worker <\(stack.address("worker1"))>\r
            To: panel@\(stack.domain)\r
            Subject: RE: URGENT: respite tonight 5101 [ARP-2026-00001]\r
            Message-ID: <change-\(UUID())@\(stack.domain)>\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            Cost: £180 per week\r

            """
        try await deliver(Array(change.utf8), arrivedAt: Self.tuesday.addingTimeInterval(3600))
        _ = try await app.once()
        #expect(try app.database.request(reference: "ARP-2026-00001").request.version == 2)
        try await deliver(attempt(to: try #require(first.replyTo.first?.address), subject: "RE: \(first.subject)"))
        _ = try await app.once()
        #expect(try app.database.request(reference: "ARP-2026-00001").request.status == .awaitingDecision)
        // The member is told why, and sent the request as it stands with a new code.
        try await stack.wait(for: "duty", count: 7)
        let latest = try await stack.read("duty").suffix(2)
        #expect(latest.contains { $0.textBody().contains("Cost: £180 per week") && $0.replyTo.first?.address != first.replyTo.first?.address })
        #expect(latest.contains { $0.textBody().contains("was not applied") })
    }

    @Test func aReplyNothingVouchesForIsRefusedAndNotAnswered() async throws {
        try await deliverRequest("urgent-\(UUID())@\(stack.domain)", caseID: "5002")
        let app = try await stack.app(clock: Self.midday)
        _ = try await app.once()
        try await stack.wait(for: "duty", count: 1)
        let notice = try #require(try await stack.read("duty").first)
        let reference = try #require(RequestReference.tags(inSubject: notice.subject).first)

        try await deliver(reply(to: notice, body: "APPROVE\nFine.", vouched: false))
        _ = try await app.once()
        #expect(try app.database.request(reference: reference.description).request.status == .awaitingDecision)
        #expect(try await stack.count("duty") == 1, "nobody is answered when nothing vouches for the sender")
        #expect(try app.database.history(reference: reference.description).events.last?.event == .refused)
    }
}
