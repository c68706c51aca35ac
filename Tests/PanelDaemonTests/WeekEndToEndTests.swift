import Foundation
import MailTransport
import PanelCore
import PanelDaemon
import PanelStore
import Testing

/// A week of the weekly panel against the real Dovecot and Postfix, with panelmail's
/// clock set to each moment: requests on Monday, a sign-off, Tuesday's reminder and an
/// urgent request decided by the duty member, the
/// agenda fixed at Wednesday's deadline with its CSV and invitations, the missed
/// deadline, and the clerk's outcome lines on Thursday.
///
/// Mail to the panel is put in its mailbox with IMAP APPEND and the arrival time of the
/// week; replies carry the `Authentication-Results` the receiving server would add.
@Suite("A week of the weekly panel end to end", .serialized)
struct WeekEndToEndTests {
    let stack: MailStack

    init() throws {
        stack = try MailStack.load()
        try stack.clear("panel", "worker1", "worker2", "worker3", "manager1", "duty", "lead", "clerk", "admin")
    }

    /// Monday 31 August 2026, 10:00 in London; the panel sits on Thursday 3 September.
    static let monday = Date(timeIntervalSince1970: 1_788_166_800)

    func deliver(_ text: String, at arrival: Date) async throws {
        let mailbox = stack.imap("panel")
        defer { Task { await mailbox.logout() } }
        let bytes = Array(text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8)
        _ = try await mailbox.append(bytes, to: "INBOX", flags: [], internalDate: arrival)
    }

    func request(from user: String, subject: String, body: String) -> String {
        """
        From: Sam Worker <\(stack.address(user))>
        To: panel@\(stack.domain)
        Subject: \(subject)
        Message-ID: <\(UUID())@\(stack.domain)>
        Content-Type: text/plain; charset=utf-8

        \(body)
        """
    }

    /// A reply to one of panelmail's emails, as the receiving server hands it on.
    func reply(from user: String, to email: MIMEMessage, body: String) -> String {
        """
        Authentication-Results: mx.\(stack.domain); dmarc=pass header.from=\(stack.domain)
        Received: from laptop (laptop [10.0.0.7]) by mx.\(stack.domain) with ESMTPSA; Mon, 31 Aug 2026 10:00:00 +0100
        From: <\(stack.address(user))>
        To: \(email.replyTo.first?.address ?? "panel@\(stack.domain)")
        Subject: RE: \(email.subject)
        Message-ID: <\(UUID())@\(stack.domain)>
        In-Reply-To: <\(email.messageID ?? "")>
        Content-Type: text/plain; charset=utf-8

        \(body)
        """
    }

    @Test func aWeekOfTheWeeklyPanel() async throws {
        let config = try stack.writeConfig().path
        func run(at moment: Date) async throws {
            _ = try await stack.app(reuse: config, clock: FixedClock(now: moment)).once()
        }
        let ready = MailStack.completeForm(teamManager: stack.address("manager1"), caseID: "7001")
        let incomplete = MailStack.completeForm(teamManager: stack.address("manager1"), caseID: "7002", resource: "School transport")
            .replacingOccurrences(of: "£250 per week", with: "about 200")
        try await deliver(request(from: "worker1", subject: "Mentoring for Q", body: ready), at: Self.monday)
        try await deliver(request(from: "worker2", subject: "Transport for R", body: incomplete), at: Self.monday)
        try await run(at: Self.monday.addingTimeInterval(300))

        // Monday: the team manager is asked to sign off the complete one (the other is
        // asked once it is complete), and endorses it.
        try await stack.wait(for: "manager1", count: 1)
        let asks = try await stack.read("manager1")
        let ask = try #require(asks.first { $0.subject.contains("ARP-2026-00001") })
        try await deliver(reply(from: "manager1", to: ask, body: "ENDORSE\nA good plan."), at: Self.monday.addingTimeInterval(3600))
        try await run(at: Self.monday.addingTimeInterval(3900))
        // The endorsement is confirmed to the manager, in the thread of their reply.
        try await stack.wait(for: "manager1", count: asks.count + 1)
        let confirmation = try #require(try await stack.read("manager1").last)
        #expect(confirmation.subject.contains("[ARP-2026-00001]"))
        #expect(confirmation.textBody().contains("Your endorsement of ARP-2026-00001 as its team manager is recorded."))
        #expect(confirmation.textBody().contains("A good plan."))

        // Tuesday 10:00: only the incomplete one is reminded, with what is missing.
        try await run(at: Self.monday.addingTimeInterval(86_400 + 60))
        try await stack.wait(for: "worker2", count: 2)
        let reminder = try #require(try await stack.read("worker2").last)
        #expect(reminder.textBody().contains("forms for it\nare due by 13:00 on Wednesday 2 September") || reminder.textBody().contains("due by 13:00 on Wednesday 2 September"))
        #expect(reminder.textBody().contains("Cost: \"about 200\" is not an amount in pounds"))
        #expect(try await stack.count("worker1") == 1, "the ready request is left alone")

        // Tuesday 10:12: an urgent request, decided by the duty member within the hour.
        let urgent = MailStack.completeForm(teamManager: stack.address("manager1"), caseID: "7003", resource: "Respite")
        try await deliver(request(from: "worker3", subject: "URGENT: respite tonight", body: urgent), at: Self.monday.addingTimeInterval(86_400 + 720))
        try await run(at: Self.monday.addingTimeInterval(86_400 + 900))
        try await stack.wait(for: "duty", count: 1)
        let notice = try #require(try await stack.read("duty").first)
        #expect(notice.subject.hasPrefix("Urgent decision by 17:00 on Tuesday 1 September"))
        try await deliver(reply(from: "duty", to: notice, body: "APPROVE\nOne night only.\n\nDana"), at: Self.monday.addingTimeInterval(86_400 + 2400))
        try await run(at: Self.monday.addingTimeInterval(86_400 + 2700))
        try await stack.wait(for: "worker3", count: 2)
        #expect(try await stack.read("worker3").last?.textBody().contains("Decision: Approved") == true)

        // Wednesday 13:00: the agenda is fixed.
        try await run(at: Self.monday.addingTimeInterval(2 * 86_400 + 3 * 3600 + 30))
        for member in ["duty", "lead", "clerk"] { try await stack.wait(for: member, count: 1) }
        let agenda = try #require(try await stack.read("clerk").first)
        #expect(agenda.subject.hasPrefix("Agenda: Access to Resources Panel, Thursday 3 September 2026 at 10:00"))
        let csv = try #require(agenda.attachments().first { $0.contentType == "text/csv" })
        let csvText = String(decoding: agenda.decodedBody(of: try #require(agenda.root.allParts.first { $0.path == csv.partPath })), as: UTF8.self)
        #expect(csvText.contains("ARP-2026-00001") && !csvText.contains("ARP-2026-00002"))
        try await stack.wait(for: "worker1", count: 2)
        let invitation = try #require(try await stack.read("worker1").last)
        let ics = try #require(invitation.attachments().first { $0.contentType == "text/calendar" })
        let icsText = String(decoding: invitation.decodedBody(of: try #require(invitation.root.allParts.first { $0.path == ics.partPath })), as: UTF8.self)
        #expect(icsText.contains("METHOD:REQUEST") && icsText.contains("DTSTART:20260903T090000Z"))
        try await stack.wait(for: "worker2", count: 3)
        #expect(try await stack.read("worker2").last?.textBody().contains("It now goes to the panel on Thursday 10 September 2026") == true)

        // Thursday: the clerk records the outcome by replying to the agenda.
        try await deliver(reply(from: "clerk", to: agenda, body: "ARP-2026-00001: APPROVE £200 per week - within the framework rate\n\nChris"),
                          at: Self.monday.addingTimeInterval(3 * 86_400 + 1800))
        try await run(at: Self.monday.addingTimeInterval(3 * 86_400 + 1900))
        try await stack.wait(for: "worker1", count: 3)
        let decision = try #require(try await stack.read("worker1").last)
        #expect(decision.textBody().contains("Decision: Approved (£200 per week)"))
        #expect(decision.textBody().contains("within the framework rate"))
        try await stack.wait(for: "clerk", count: 2)
        #expect(try await stack.read("clerk").last?.textBody().contains("ARP-2026-00001 APPROVE £200 per week applied") == true)
    }
}
