import Foundation
import Logging
import MailTransport
import PanelCore
import PanelDaemon
import PanelStore
import Synchronization
import Testing

/// A worker's email in, an acknowledgement out, against the real Dovecot and Postfix.
/// The mailboxes are shared, so these run one at a time.
@Suite("End to end against the mail stack", .serialized)
struct EndToEndTests {
    let stack: MailStack

    init() throws {
        stack = try MailStack.load()
        try stack.clear("panel", "worker1", "worker2", "admin")
    }

    func app(extra: String = "", environment: [String: String] = [:], reuse path: String? = nil) async throws -> PanelApplication {
        // The mail-in, mail-out tests run without a panel: no sign-off requests or duty notices.
        try await stack.app(extra: extra, panel: false, environment: environment, reuse: path)
    }

    func read(_ user: String, folder: String = "INBOX") async throws -> [MIMEMessage] {
        try await stack.read(user, folder: folder)
    }

    func request(from user: String, subject: String, id: String, headers: String = "", body: String? = nil) -> String {
        let body = body ?? MailStack.completeForm(teamManager: stack.address("manager1"))
        return """
        From: Test Worker <\(stack.address(user))>
        To: Panel <panel@\(stack.domain)>
        Subject: \(subject)
        Date: Mon, 23 Nov 2026 10:12:00 +0000
        Message-ID: <\(id)>
        MIME-Version: 1.0
        Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: 8bit
        \(headers)
        \(body)
        """.replacingOccurrences(of: "\n\n\n", with: "\n\n")
    }

    /// A worker's email with some text and one attached file (`content` as it is sent).
    func withAttachment(from user: String, subject: String, text: String, headers: String, content: String) -> String {
        """
        From: Test Worker <\(stack.address(user))>
        To: panel@\(stack.domain)
        Subject: \(subject)
        Date: Mon, 23 Nov 2026 10:12:00 +0000
        Message-ID: <attached-\(UUID())@\(stack.domain)>
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="b1"

        --b1
        Content-Type: text/plain; charset=utf-8

        \(text)
        --b1
        \(headers)

        \(content)
        --b1--
        """
    }

    @Test func aRequestIsAcknowledgedInTheWorkersThreadAndRepliesJoinIt() async throws {
        let id = "req-\(UUID())@\(stack.domain)"
        try await stack.send(from: "worker1", to: ["panel"], request(from: "worker1", subject: "Placement request", id: id))
        try await stack.wait(for: "panel", count: 1)
        let app = try await app()
        let (intake, outbox) = try await app.once()
        #expect(intake.requests == 1)
        #expect(outbox.sent == 1)
        #expect(try await stack.count("panel") == 0)
        #expect(try await stack.count("panel", "Processed") == 1)
        // People read this mailbox too: panelmail leaves an unread message unread.
        let processed = stack.imap("panel")
        let moved = try await processed.listMessages(in: "Processed").messages
        await processed.logout()
        #expect(moved.count == 1 && !moved[0].flags.contains("\\Seen"))

        try await stack.wait(for: "worker1", count: 1)
        let acks = try await read("worker1")
        let ack = try #require(acks.first)
        let reference = try #require(RequestReference.tags(inSubject: ack.subject).first)
        #expect(ack.subject == "Re: Placement request [\(reference)]")
        #expect(ack.inReplyTo == [id])
        #expect(ack.references.contains(id))
        #expect(ack.headers.first("Auto-Submitted") == "auto-replied")
        #expect(ack.textBody().contains(reference.description))
        #expect(reference.year == Calendar(identifier: .gregorian).component(.year, from: Date()))

        // The worker replies in the thread: correspondence, not a new request, not answered.
        try await stack.send(from: "worker1", to: ["panel"], """
            From: Test Worker <\(stack.address("worker1"))>
            To: panel@\(stack.domain)
            Subject: RE: \(ack.subject)
            Message-ID: <reply-\(UUID())@\(stack.domain)>
            In-Reply-To: <\(ack.messageID ?? "")>
            References: <\(id)> <\(ack.messageID ?? "")>

            Thanks, one more thing.
            """)
        try await stack.wait(for: "panel", count: 1)
        let (second, sent) = try await app.once()
        #expect(second.recorded == 1 && second.requests == 0)
        #expect(sent.sent == 0)
        let detail = try app.database.request(reference: reference.description)
        #expect(detail.messages.map(\.kind) == [.request, .correspondence])
    }

    @Test func automaticMailIsMovedAndNeverAnswered() async throws {
        try await stack.send(from: "worker2", to: ["panel"], request(from: "worker2", subject: "Automatic reply: away", id: "ooo-\(UUID())@x", headers: "Auto-Submitted: auto-replied"))
        try await stack.wait(for: "panel", count: 1)
        let app = try await app()
        let (intake, outbox) = try await app.once()
        #expect(intake.recorded == 1 && intake.requests == 0)
        #expect(outbox.sent == 0)
        #expect(try await stack.count("panel", "Processed") == 1)
        #expect(try app.database.messageCounts()[.automatic] == 1)
    }

    @Test func mailForOutsideTheAllowedDomainsIsHeld() async throws {
        try await stack.send(from: "outsider@elsewhere.test", to: ["panel"], request(from: "outsider@elsewhere.test", subject: "Stair gate", id: "out-\(UUID())@x"))
        try await stack.wait(for: "panel", count: 1)
        let app = try await app()
        let (intake, outbox) = try await app.once()
        #expect(intake.requests == 1)
        #expect(outbox.sent == 0)
        let held = try app.database.outbox(status: .held)
        #expect(held.count == 1)
        #expect(held.first?.reason?.contains("elsewhere.test") == true)
    }

    @Test func aBounceOfOurAcknowledgementIsMatchedAndTheAdminTold() async throws {
        // nobody@ is accepted by Postfix and refused by Dovecot: Postfix bounces our acknowledgement.
        try await stack.send(from: "worker1", to: ["panel"], request(from: "nobody@\(stack.domain)", subject: "Request from a mistyped address", id: "bad-\(UUID())@x"))
        try await stack.wait(for: "panel", count: 1)
        let app = try await app()
        _ = try await app.once()
        try await stack.wait(for: "panel", count: 1, timeout: .seconds(60))  // the DSN
        let (intake, outbox) = try await app.once()
        #expect(intake.recorded == 1)
        #expect(outbox.sent == 1)  // the notice to the admin
        let undelivered = try app.database.outbox(status: .undelivered)
        #expect(undelivered.count == 1)
        try await stack.wait(for: "admin", count: 1)
        let notice = try #require(try await read("admin").first)
        #expect(notice.subject.hasPrefix("Undelivered: acknowledgement"))
    }

    @Test func anOversizedMessageGoesToNeedsAttention() async throws {
        let big = String(repeating: "0123456789abcdef", count: 8 * 1024)  // 128 KB
        try await stack.send(from: "worker1", to: ["panel"], withAttachment(
            from: "worker1", subject: "Big attachment", text: "See attached.",
            headers: "Content-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"scan.bin\"", content: big))
        try await stack.wait(for: "panel", count: 1)
        let app = try await app(extra: "limits:\n  attachment_max_bytes: 65536")
        let (intake, _) = try await app.once()
        #expect(intake.attention == 1)
        #expect(try await stack.count("panel", "Needs attention") == 1)
        #expect(try app.database.messageCounts()[.unreadable] == 1)
    }

    @Test func aLargeAttachmentIsWrittenToDiskAsItArrivesAndRecordedExactly() async throws {
        // 3 MB of PDF: over the size that is held in memory, so the message is spooled to
        // its own pack while it arrives, and the PDF only counted and hashed.
        var generator = SystemRandomNumberGenerator()
        let pdf = (0..<(3 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let encoded = Base64Codec.encode(pdf)
        try await stack.send(from: "worker1", to: ["panel"], withAttachment(
            from: "worker1", subject: "Placement with report", text: MailStack.completeForm(teamManager: stack.address("manager1")),
            headers: "Content-Type: application/pdf; name=\"report.pdf\"\nContent-Disposition: attachment; filename=\"report.pdf\"\nContent-Transfer-Encoding: base64",
            content: String(decoding: encoded, as: UTF8.self)))
        try await stack.wait(for: "panel", count: 1)
        let app = try await app()
        let (intake, _) = try await app.once()
        #expect(intake.requests == 1)
        #expect(try await stack.count("panel", "Processed") == 1)

        let reference = try #require(try app.database.requests().first?.reference)
        let detail = try app.database.request(reference: reference)
        let attachment = try #require(detail.attachments.first)
        #expect(detail.attachments.count == 1)
        #expect(attachment.filename == "report.pdf" && attachment.contentType == "application/pdf")
        #expect(attachment.size == pdf.count)
        #expect(attachment.sha256 == SHA256Hex.of(pdf))
        #expect(detail.request.status != .incomplete)
        #expect(detail.request.formRecord?.entries.contains { $0.value.contains("Gloucester CiN") } == true)

        // The raw message on disk is exactly what the server holds.
        let panel = stack.imap("panel")
        let listing = try await panel.listMessages(in: "Processed")
        let onServer = try await panel.fetch(uid: listing.messages[0].uid, uidValidity: listing.uidValidity, folder: "Processed", maxBytes: 50 << 20)
        await panel.logout()
        let messageId = try #require(detail.messages.first?.id)
        #expect(onServer.count > 4 << 20)
        #expect(try app.database.rawMessage(id: messageId).map([UInt8].init) == onServer)
    }

    @Test func aLargeMessageWithoutMessageIDIsRecognisedByItsBytesWhenCopied() async throws {
        var generator = SystemRandomNumberGenerator()
        let scan = Base64Codec.encode((0..<(2 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let message = Array("""
            From: Test Worker <\(stack.address("worker1"))>\r
            To: Panel <panel@\(stack.domain)>\r
            Subject: Scan without a Message-ID\r
            Date: Mon, 23 Nov 2026 10:12:00 +0000\r
            MIME-Version: 1.0\r
            Content-Type: multipart/mixed; boundary="b1"\r
            \r
            --b1\r
            Content-Type: image/png\r
            Content-Transfer-Encoding: base64\r
            \r
            \(String(decoding: scan, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n"))\r
            --b1--\r

            """.utf8)
        // The same bytes twice, as a copy between folders would leave them.
        let panel = stack.imap("panel")
        try await panel.append(message, to: "INBOX", flags: [], internalDate: nil)
        try await panel.append(message, to: "INBOX", flags: [], internalDate: nil)
        await panel.logout()
        let app = try await app()
        let (intake, _) = try await app.once()
        #expect(intake.recorded == 2)
        let counts = try app.database.messageCounts()
        #expect(counts.values.reduce(0, +) == 1, "the copy is not stored as a second message: \(counts)")
        #expect(try await stack.count("panel") == 0)
    }

    @Test func aLargeMessageOverTheAttachmentLimitGoesToNeedsAttentionAndEveryPackOnDiskIsNamedByARow() async throws {
        var generator = SystemRandomNumberGenerator()
        let scan = Base64Codec.encode((0..<(1_500_000)).map { _ in UInt8.random(in: 0...255, using: &generator) })
        try await stack.send(from: "worker1", to: ["panel"], withAttachment(
            from: "worker1", subject: "Scan over the limit", text: "See attached.",
            headers: "Content-Type: application/pdf\nContent-Disposition: attachment; filename=\"scan.pdf\"\nContent-Transfer-Encoding: base64",
            content: String(decoding: scan, as: UTF8.self)))
        try await stack.send(from: "worker2", to: ["panel"], request(from: "worker2", subject: "Small one", id: "small-\(UUID())@x"))
        try await stack.wait(for: "panel", count: 2)
        let app = try await app(extra: "limits:\n  attachment_max_bytes: 1048576")
        let (intake, _) = try await app.once()
        #expect(intake.recorded == 2 && intake.attention == 1 && intake.requests == 1)
        #expect(try await stack.count("panel", "Needs attention") == 1)
        #expect(try app.database.messageCounts()[.unreadable] == 1)

        // Two packs (the spooled message's own and the batch's), each named by a message.
        let folder = app.database.rawMessages.directory
        let onDisk = Set(try FileManager.default.contentsOfDirectory(atPath: folder))
        var named: Set<String> = []
        for id in Int64(1)...Int64(2) {
            #expect(try app.database.rawMessage(id: id) != nil)
        }
        for request in try app.database.requests() {
            for message in try app.database.request(reference: request.reference).messages {
                if let pack = message.rawPack { named.insert(pack) }
            }
        }
        #expect(onDisk.count == 2)
        #expect(named.isSubset(of: onDisk) && !named.isEmpty)
    }

    @Test func anSMTPOutageDelaysButLosesNothing() async throws {
        try await stack.send(from: "worker2", to: ["panel"], request(from: "worker2", subject: "During the outage", id: "outage-\(UUID())@x"))
        try await stack.wait(for: "panel", count: 1)
        let (path, _) = try stack.writeConfig(panel: false)
        // Nothing listens on port 1: the SMTP server is "down".
        let down = try await app(environment: ["SMTP_PORT": "1"], reuse: path)
        let (intake, outbox) = try await down.once()
        #expect(intake.requests == 1)
        #expect(outbox.sent == 0 && outbox.retrying == 1 && outbox.serverUnavailable)
        let queued = try down.database.outbox(status: .queued)
        #expect(queued.count == 1 && queued.first?.attempts == 1)
        #expect(queued.first?.reason != nil)

        // The server is back; after the back-off the same message (same Message-ID) goes out.
        try await Task.sleep(for: .milliseconds(1200))
        let up = try await app(reuse: path)
        let (_, retried) = try await up.once()
        #expect(retried.sent == 1)
        try await stack.wait(for: "worker2", count: 1)
        let ack = try #require(try await read("worker2").first)
        #expect(ack.messageID == queued.first?.messageIDHeader)
    }

    @Test func withMovesOffAMessageIsMarkedWithTheKeywordAndNotTakenTwice() async throws {
        try await stack.send(from: "worker1", to: ["panel"], request(from: "worker1", subject: "Keep it in the inbox", id: "keyword-\(UUID())@x"))
        try await stack.wait(for: "panel", count: 1)
        let app = try await app(environment: ["IMAP_MOVE_MESSAGES": "false"])
        #expect(try await app.once().0.requests == 1)
        let mailbox = stack.imap("panel")
        let inbox = try await mailbox.listMessages(in: "INBOX").messages
        await mailbox.logout()
        #expect(inbox.count == 1)
        #expect(inbox.first?.flags.contains("$Panelmail") == true)
        #expect(inbox.first?.flags.contains("\\Seen") == false)
        // The next poll sees it recorded and leaves it alone; so does a panelmail with a fresh database.
        #expect(try await app.once().0.recorded == 0)
        let fresh = try await self.app(environment: ["IMAP_MOVE_MESSAGES": "false"])
        #expect(try await fresh.once().0.recorded == 0)
    }

    @Test func whenFetchingSeveralMessagesAtOnceFailsEachIsFetchedAloneAndNoneIsLost() async throws {
        for index in 0..<10 {
            try await stack.send(from: "worker1", to: ["panel"], request(from: "worker1", subject: "Grouped \(index)", id: "grouped-\(index)-\(UUID())@x"))
        }
        try await stack.wait(for: "panel", count: 10)
        let app = try await app()
        let mailbox = GroupFetchFails(real: app.makeMailbox())
        let poller = app.makePoller(mailbox: mailbox)
        try await poller.prepareFolders()
        let summary = try await poller.poll()
        await mailbox.logout()
        #expect(mailbox.groupsTried > 0)
        #expect(summary.requests == 10)
        #expect(try app.database.requests().count == 10)
        #expect(try await stack.count("panel") == 0)
        #expect(try await stack.count("panel", "Processed") == 10)
    }

    @Test func anIMAPOutageFailsThePollClearlyAndLosesNothing() async throws {
        try await stack.send(from: "worker1", to: ["panel"], request(from: "worker1", subject: "While IMAP is down", id: "imap-down-\(UUID())@x"))
        try await stack.wait(for: "panel", count: 1)
        let (path, _) = try stack.writeConfig(panel: false)
        let down = try await app(environment: ["IMAP_PORT": "1"], reuse: path)
        await #expect {
            _ = try await down.once()
        } throws: { error in
            let text = "\(error)"
            return text.contains("127.0.0.1:1") && !text.contains(stack.password)
        }
        #expect(try down.database.requests().isEmpty)
        #expect(try await stack.count("panel") == 1)

        let up = try await app(reuse: path)
        #expect(try await up.once().0.requests == 1)
        #expect(try await stack.count("panel") == 0)
    }
}

/// The real mailbox, except that fetching several messages at once fails, as a server may
/// fail mid-group: each message must then be fetched on its own.
final class GroupFetchFails: MailboxClient {
    let real: IMAPMailbox
    private let tries = Mutex(0)
    var groupsTried: Int { tries.withLock { $0 } }

    init(real: IMAPMailbox) { self.real = real }

    func fetch(uids: [UInt32], uidValidity: UInt32, folder: String, maxBytes: Int) async throws -> [UInt32: [UInt8]] {
        tries.withLock { $0 += 1 }
        throw MailTransportError(kind: .transient, operation: "IMAP UID FETCH BODY.PEEK[] (pipelined)", message: "the server closed the connection", advice: "It will be retried.")
    }

    func select(_ folder: String) async throws -> FolderStatus { try await real.select(folder) }
    func listMessages(in folder: String) async throws -> (uidValidity: UInt32, messages: [MessageSummary]) { try await real.listMessages(in: folder) }
    func fetch(uid: UInt32, uidValidity: UInt32, folder: String, maxBytes: Int) async throws -> [UInt8] {
        try await real.fetch(uid: uid, uidValidity: uidValidity, folder: folder, maxBytes: maxBytes)
    }
    func fetch(uid: UInt32, uidValidity: UInt32, folder: String, maxBytes: Int, into sink: some MessageByteSink) async throws -> Int {
        try await real.fetch(uid: uid, uidValidity: uidValidity, folder: folder, maxBytes: maxBytes, into: sink)
    }
    func removeFlags(_ flags: Set<String>, uids: [UInt32], folder: String) async throws { try await real.removeFlags(flags, uids: uids, folder: folder) }
    func addFlags(_ flags: Set<String>, uids: [UInt32], folder: String) async throws { try await real.addFlags(flags, uids: uids, folder: folder) }
    func move(uids: [UInt32], from folder: String, to destination: String) async throws -> [UInt32: UInt32] {
        try await real.move(uids: uids, from: folder, to: destination)
    }
    func ensureFolder(_ name: String) async throws { try await real.ensureFolder(name) }
    func folderExists(_ name: String) async throws -> Bool { try await real.folderExists(name) }
    func append(_ message: [UInt8], to folder: String, flags: Set<String>, internalDate: Date?) async throws -> AppendedMessage? {
        try await real.append(message, to: folder, flags: flags, internalDate: internalDate)
    }
    func noop() async throws { try await real.noop() }
    func logout() async { await real.logout() }
}
