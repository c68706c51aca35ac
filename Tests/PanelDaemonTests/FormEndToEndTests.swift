import Foundation
import Logging
import MailTransport
import PanelCore
import PanelDaemon
import PanelStore
import Testing

/// The request form against the real Dovecot and Postfix: what a worker sends, what
/// comes back to their inbox, read as their mail client would.
@Suite("Request forms end to end", .serialized)
struct FormEndToEndTests {
    let stack: MailStack

    init() throws {
        stack = try MailStack.load()
        try stack.clear("panel", "worker1", "worker2", "manager1", "admin")
    }

    func app(extra: String = "", environment: [String: String] = [:], reuse path: String? = nil) async throws -> PanelApplication {
        try await stack.app(extra: extra, environment: environment, reuse: path)
    }

    func read(_ user: String, folder: String = "INBOX") async throws -> [MIMEMessage] {
        try await stack.read(user, folder: folder)
    }

    func email(from user: String, subject: String, id: String, extraHeaders: String = "", body: String) -> String {
        """
        From: Sam Worker <\(stack.address(user))>
        To: Panel <panel@\(stack.domain)>
        Subject: \(subject)
        Date: Mon, 23 Nov 2026 10:12:00 +0000
        Message-ID: <\(id)>
        MIME-Version: 1.0
        \(extraHeaders)Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: 8bit

        \(body)
        """
    }

    /// Puts a message straight into the panel's inbox with the arrival time given, as
    /// if it had reached the mailbox then (IMAP APPEND with an internal date).
    func deliver(_ message: String, arrivedAt: Date) async throws {
        let mailbox = stack.imap("panel")
        defer { Task { await mailbox.logout() } }
        let bytes = Array(message.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8)
        _ = try await mailbox.append(bytes, to: "INBOX", flags: [], internalDate: arrivedAt)
    }

    @Test func anIncompleteRequestIsCompletedByReplyingWithTheMissingLines() async throws {
        let id = "incomplete-\(UUID())@\(stack.domain)"
        let form = MailStack.completeForm(teamManager: stack.address("manager1"))
            .replacingOccurrences(of: "Case ID: 4471920\n", with: "")
            .replacingOccurrences(of: "£250 per week", with: "about 200")
        try await stack.send(from: "worker1", to: ["panel"], email(from: "worker1", subject: "Mentoring for Q", id: id, body: "Hello panel,\n\n" + form + "\nThanks,\nSam"))
        try await stack.wait(for: "panel", count: 1)
        let app = try await app()
        _ = try await app.once()

        try await stack.wait(for: "worker1", count: 1)
        let ack = try #require(try await read("worker1").first)
        let reference = try #require(RequestReference.tags(inSubject: ack.subject).first)
        #expect(ack.subject == "Re: Mentoring for Q [\(reference)]")
        #expect(ack.inReplyTo == [id])
        let text = ack.textBody()
        #expect(text.contains("\(reference): something is missing"))
        #expect(text.contains("- Case ID is missing"))
        #expect(text.contains("- Cost: \"about 200\" is not an amount in pounds"))
        #expect(text.contains("Case ID: \nCost: \n") || text.contains("Case ID:\nCost:\n"))
        #expect(!text.contains("What happens next"))
        var request = try app.database.request(reference: reference.description).request
        #expect(request.status == .incomplete)

        // The worker replies in the thread with just those lines, above the quoted acknowledgement.
        let quoted = text.split(separator: "\n", omittingEmptySubsequences: false).map { "> \($0)" }.joined(separator: "\n")
        try await stack.send(from: "worker1", to: ["panel"], email(
            from: "worker1", subject: "RE: \(ack.subject)", id: "fix-\(UUID())@\(stack.domain)",
            extraHeaders: "In-Reply-To: <\(ack.messageID ?? "")>\nReferences: <\(id)> <\(ack.messageID ?? "")>\n",
            body: "Case ID: 4471920\nCost: £200 per week\n\nOn Mon, 23 Nov 2026 at 10:13, Panel wrote:\n\(quoted)"))
        try await stack.wait(for: "panel", count: 1)
        let (second, _) = try await app.once()
        #expect(second.requests == 0)

        try await stack.wait(for: "worker1", count: 2)
        let update = try #require(try await read("worker1").last)
        #expect(update.subject == "Re: Mentoring for Q [\(reference)]")
        #expect(update.references.contains(id))
        #expect(update.references.contains(ack.messageID ?? "-"))
        let updated = update.textBody()
        #expect(updated.contains("The request is now complete."))
        #expect(updated.contains("Case ID: 4471920"))
        #expect(updated.contains("Cost: £200 per week"))
        #expect(updated.contains("What happens next: your request is listed for the panel on"))
        request = try app.database.request(reference: reference.description).request
        #expect(request.status == .listed)
        #expect(request.caseID == "4471920")
        #expect(request.panelSittingAt != nil)
        #expect(try app.database.requests().count == 1)
        let history = try app.database.history(reference: reference.description).events
        #expect(history.map(\.event) == [.received, .updated, .completed, .signOffRequested])
        #expect(history.prefix(3).allSatisfy { $0.actor == stack.address("worker1") })
        #expect(history.last?.detail == "team-manager \(stack.address("manager1"))")
    }

    @Test func anUrgentRequestReceivedOnSaturdayIsDueMondayAtFive() async throws {
        // Saturday 5 September 2026, 10:12 in London (BST).
        let saturday = Date(timeIntervalSince1970: 1_788_599_520)
        let id = "urgent-\(UUID())@\(stack.domain)"
        try await deliver(email(from: "worker2", subject: "URGENT: respite this weekend", id: id,
                                body: MailStack.completeForm(teamManager: stack.address("manager1"), resource: "Respite")), arrivedAt: saturday)
        let app = try await app()
        _ = try await app.once()
        try await stack.wait(for: "worker2", count: 1)
        let ack = try #require(try await read("worker2").first)
        let text = ack.textBody()
        #expect(text.contains("(URGENT): complete"))
        #expect(text.contains("received Saturday 10:12; a decision is due by 17:00 on Monday 7 September"))
        let reference = try #require(RequestReference.tags(inSubject: ack.subject).first)
        let request = try app.database.request(reference: reference.description).request
        #expect(request.urgent && request.status == .awaitingDecision)
        #expect(request.dueAt == Date(timeIntervalSince1970: 1_788_796_800)) // Monday 7 September 17:00 BST
    }

    @Test func anEmailWithNoFormGetsTheBlankFormAndNoReference() async throws {
        try await stack.send(from: "worker1", to: ["panel"], email(from: "worker1", subject: "When does the panel sit?", id: "question-\(UUID())@\(stack.domain)", body: "Hi, is the panel still on Thursdays?\n\nSam"))
        try await stack.wait(for: "panel", count: 1)
        let app = try await app()
        let (intake, _) = try await app.once()
        #expect(intake.recorded == 1 && intake.requests == 0)
        try await stack.wait(for: "worker1", count: 1)
        let reply = try #require(try await read("worker1").first)
        #expect(reply.subject == "Re: When does the panel sit?")
        #expect(RequestReference.tags(inSubject: reply.subject).isEmpty)
        let text = reply.textBody()
        #expect(text.contains("does not look like a request"))
        #expect(text.contains("Child's name: \n") || text.contains("Child's name:\n"))
        #expect(text.contains("Resource type is one of: Placement"))
        #expect(try app.database.requests().isEmpty)
        #expect(try await stack.count("panel", "Processed") == 1)
    }

    /// The panel's standing guidance for a resource type reaches the worker with the
    /// acknowledgement: for an expert assessment, the legal planning strategy it will ask for.
    @Test func theAcknowledgementCarriesThePanelsGuidanceForTheResourceType() async throws {
        let form = MailStack.completeForm(teamManager: stack.address("manager1"), caseID: "1201", resource: "PAMs assessment")
        try await stack.send(from: "worker1", to: ["panel"], email(from: "worker1", subject: "PAMs assessment", id: "pams-\(UUID())@\(stack.domain)", body: form))
        try await stack.wait(for: "panel", count: 1)
        _ = try await app().once()
        try await stack.wait(for: "worker1", count: 1)
        let text = try #require(try await read("worker1").first).textBody()
        #expect(text.contains("For Expert assessment requests: The panel will ask about the pre-proceedings (PLO)"))
        #expect(text.contains("legal planning meeting strategy and the child's plan"))
    }

    @Test func twoFormBlocksAreTwoRequestsAcknowledgedTogether() async throws {
        let first = MailStack.completeForm(teamManager: stack.address("manager1"), caseID: "1001")
        let second = MailStack.completeForm(teamManager: stack.address("manager1"), caseID: "1002")
            .replacingOccurrences(of: "Child's name: Family Q", with: "Child's name: Sibling R")
        try await stack.send(from: "worker1", to: ["panel"], email(from: "worker1", subject: "Mentoring for two siblings", id: "siblings-\(UUID())@\(stack.domain)", body: first + "\n" + second))
        try await stack.wait(for: "panel", count: 1)
        let app = try await app()
        let (intake, _) = try await app.once()
        #expect(intake.requests == 2)
        try await stack.wait(for: "worker1", count: 1)
        let ack = try #require(try await read("worker1").first)
        let references = RequestReference.tags(inSubject: ack.subject)
        #expect(references.count == 2)
        #expect(ack.textBody().contains("It holds 2 requests."))
        #expect(try await read("worker1").count == 1)
    }

    @Test func aWordFormIsReadAndAnOldWordFileGoesToAPerson() async throws {
        let docx = try Data(contentsOf: stack.repository.appendingPathComponent("Tests/PanelCoreTests/Fixtures/forms/table-form.docx"))
        try await stack.send(from: "worker1", to: ["panel"], attachmentEmail(subject: "Placement request (form attached)", filename: "Ava request.docx", type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", bytes: docx))
        try await stack.send(from: "worker2", to: ["panel"], attachmentEmail(from: "worker2", subject: "Request form", filename: "Request.doc", type: "application/msword", bytes: Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 512))))
        try await stack.wait(for: "panel", count: 2)
        let app = try await app()
        let (intake, _) = try await app.once()
        #expect(intake.requests == 1)
        #expect(intake.attention == 1)
        #expect(try await stack.count("panel", "Needs attention") == 1)

        try await stack.wait(for: "worker1", count: 1)
        let ack = try #require(try await read("worker1").first)
        let reference = try #require(RequestReference.tags(inSubject: ack.subject).first)
        let request = try app.database.request(reference: reference.description).request
        #expect(request.caseID == "7730215")
        #expect(request.resourceType == "Placement")

        try await stack.wait(for: "worker2", count: 1)
        let told = try #require(try await read("worker2").first)
        #expect(RequestReference.tags(inSubject: told.subject).isEmpty)
        let text = told.textBody()
        #expect(text.contains("old Word .doc file"))
        #expect(text.contains("A member of the panel team will look at it"))
        #expect(!text.contains("does not look like a request"))
    }

    func attachmentEmail(from user: String = "worker1", subject: String, filename: String, type: String, bytes: Data) -> String {
        let boundary = "b-\(UUID().uuidString)"
        let encoded = bytes.base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed])
        return """
            From: Sam Worker <\(stack.address(user))>
            To: Panel <panel@\(stack.domain)>
            Subject: \(subject)
            Message-ID: <attach-\(UUID())@\(stack.domain)>
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="\(boundary)"

            --\(boundary)
            Content-Type: text/plain; charset=utf-8

            Please see the attached form.

            Sam
            --\(boundary)
            Content-Type: \(type); name="\(filename)"
            Content-Disposition: attachment; filename="\(filename)"
            Content-Transfer-Encoding: base64

            \(encoded)
            --\(boundary)--
            """
    }
}
