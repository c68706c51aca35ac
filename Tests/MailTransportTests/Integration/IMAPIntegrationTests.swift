import Foundation
import Synchronization
import Testing

@testable import MailTransport

/// Against the dev stack's Dovecot. Each test works in its own new folder of the `admin`
/// account (or its own account), so suites can run in parallel with each other and with
/// other targets' tests.
@Suite("Integration: IMAP")
struct IMAPIntegrationTests {
    let stack: MailStack

    init() throws { stack = try MailStack.load() }

    @Test(arguments: [MailServerEndpoint.Security.plain, .startTLS, .implicitTLS])
    func logsInWithEachSecurity(security: MailServerEndpoint.Security) async throws {
        let mailbox = stack.mailbox("admin", security: security)
        try await mailbox.noop()
        #expect(try await mailbox.folderExists("INBOX"))
        let status = try await mailbox.select("INBOX")
        #expect(status.uidValidity > 0)
        #expect(!status.isReadOnly)
        await mailbox.logout()
        // The next call connects again.
        try await mailbox.noop()
        await mailbox.logout()
    }

    @Test func wrongPasswordIsAnAuthenticationError() async throws {
        let wrong = "not-the-password-\(UInt32.random(in: 0...UInt32.max))"
        let mailbox = IMAPMailbox(endpoint: stack.imap("admin", password: wrong), logger: MailStack.logger)
        let error = await #expect(throws: MailTransportError.self) { try await mailbox.noop() }
        #expect(error?.kind == .authentication)
        #expect(error?.curlCode == 67)
        #expect(error?.serverResponse?.contains("AUTHENTICATIONFAILED") == true)
        #expect(error?.description.contains(wrong) == false)
        #expect(error?.description.contains(stack.password) == false)
    }

    @Test func bearerTokenAgainstAServerWithoutOAuthIsAnAuthenticationError() async throws {
        // The dev stack's Dovecot has no oauth2 passdb; this checks the token plumbing and the
        // classification, not a successful XOAUTH2 login (FACTS.md records that one).
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("panelmail-mt-token-\(UUID().uuidString)").path
        try "not-a-real-token\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var endpoint = stack.imap("admin")
        endpoint.credential = .oauth2BearerFile(path: path)
        let error = await #expect(throws: MailTransportError.self) {
            try await IMAPMailbox(endpoint: endpoint, logger: MailStack.logger).noop()
        }
        #expect(error?.kind == .authentication)
        #expect(error?.description.contains("not-a-real-token") == false)
    }

    @Test func unknownCertificateAuthorityFailsTLS() async throws {
        // The system store does not know the stack's private CA.
        let endpoint = stack.imap("admin", security: .implicitTLS, caFile: "/etc/ssl/certs/ca-certificates.crt")
        let error = await #expect(throws: MailTransportError.self) {
            try await IMAPMailbox(endpoint: endpoint, logger: MailStack.logger).noop()
        }
        #expect(error?.kind == .tls)
        #expect(error?.curlCode == 60)

        let startTLS = stack.imap("admin", security: .startTLS, caFile: "/etc/ssl/certs/ca-certificates.crt")
        let startTLSError = await #expect(throws: MailTransportError.self) {
            try await IMAPMailbox(endpoint: startTLS, logger: MailStack.logger).noop()
        }
        #expect(startTLSError?.kind == .tls)
    }

    @Test func serverDownIsTransient() async throws {
        var endpoint = stack.imap("admin", security: .plain)
        endpoint.port = 1  // nothing listens on tcpmux
        let error = await #expect(throws: MailTransportError.self) {
            try await IMAPMailbox(endpoint: endpoint, logger: MailStack.logger).noop()
        }
        #expect(error?.kind == .transient)
        #expect(error?.isRetryable == true)
        #expect(error?.curlCode == 7)
    }

    @Test func appendWithDateAndFlagsThenList() async throws {
        let mailbox = stack.mailbox("admin")
        let folder = MailStack.uniqueFolder("mt append")
        try await mailbox.ensureFolder(folder)

        let empty = try await mailbox.listMessages(in: folder)
        #expect(empty.messages.isEmpty)

        let date = Date(timeIntervalSince1970: 837_596_665)  // 17-Jul-1996 02:44:25 -0700
        let first = MailStack.message(subject: "first")
        let second = MailStack.message(subject: "second")
        let appendedFirst = try await mailbox.append(first, to: folder, flags: [], internalDate: date)
        let appendedSecond = try await mailbox.append(second, to: folder, flags: ["\\Flagged", "$Panelmail"], internalDate: nil)
        #expect(appendedFirst?.uidValidity == empty.uidValidity)
        let firstUID = try #require(appendedFirst?.uid)
        let secondUID = try #require(appendedSecond?.uid)

        let listing = try await mailbox.listMessages(in: folder)
        #expect(listing.uidValidity == empty.uidValidity)
        #expect(listing.messages.map(\.uid) == [firstUID, secondUID])
        #expect(listing.messages[0].internalDate == date)
        #expect(listing.messages[0].flags.isEmpty)
        #expect(listing.messages[0].size == first.count)
        #expect(listing.messages[1].flags == ["\\Flagged", "$Panelmail"])
        #expect(abs(listing.messages[1].internalDate.timeIntervalSinceNow) < 120)
        await mailbox.logout()
    }

    @Test func listingSeesMailDeliveredByAnotherSession() async throws {
        let mailbox = stack.mailbox("admin")
        let other = stack.mailbox("admin")
        let folder = MailStack.uniqueFolder("mt newmail")
        try await mailbox.ensureFolder(folder)
        #expect(try await mailbox.listMessages(in: folder).messages.isEmpty)
        try await other.append(MailStack.message(subject: "late"), to: folder, flags: [], internalDate: nil)
        // The folder stays selected: the listing must still see the new message.
        #expect(try await mailbox.listMessages(in: folder).messages.count == 1)
        await other.logout()
        await mailbox.logout()
    }

    @Test func fetchReturnsExactBytesWithoutSettingSeen() async throws {
        let mailbox = stack.mailbox("admin")
        let folder = MailStack.uniqueFolder("mt fetch")
        try await mailbox.ensureFolder(folder)
        let small = MailStack.message(subject: "exact")
        let large = MailStack.largeMessage(size: 5 << 20, token: UUID().uuidString)
        let smallUID = try #require(try await mailbox.append(small, to: folder, flags: ["$Other"], internalDate: nil)?.uid)
        let largeUID = try #require(try await mailbox.append(large, to: folder, flags: [], internalDate: nil)?.uid)
        let validity = try await mailbox.select(folder).uidValidity

        #expect(try await mailbox.fetch(uid: smallUID, uidValidity: validity, folder: folder, maxBytes: 1 << 20) == small)
        let started = ContinuousClock.now
        let fetchedLarge = try await mailbox.fetch(uid: largeUID, uidValidity: validity, folder: folder, maxBytes: 40 << 20)
        print("IMAP fetch of a \(large.count)-byte message: \(ContinuousClock.now - started)")
        #expect(fetchedLarge == large)

        // BODY.PEEK[]: flags are exactly as they were.
        let listing = try await mailbox.listMessages(in: folder)
        #expect(listing.messages.first { $0.uid == smallUID }?.flags == ["$Other"])
        #expect(listing.messages.first { $0.uid == largeUID }?.flags == [])
        await mailbox.logout()
    }

    /// Collects streamed bytes, counting the chunks and restarts; fails on request.
    final class CollectingSink: MessageByteSink {
        struct State {
            var bytes: [UInt8] = []
            var chunks = 0
            var restarts = 0
            var largestChunk = 0
        }
        let state = Mutex(State())
        let failAfter: Int?
        /// Runs once, when the first chunk arrives (to drop the connection mid-message).
        let onFirstChunk: Mutex<(@Sendable () -> Void)?>

        init(failAfter: Int? = nil, onFirstChunk: (@Sendable () -> Void)? = nil) {
            self.failAfter = failAfter
            self.onFirstChunk = Mutex(onFirstChunk)
        }

        struct DiskFull: Error {}

        func restart() throws {
            state.withLock { $0.bytes.removeAll(); $0.restarts += 1 }
        }

        func receive(_ bytes: UnsafeRawBufferPointer) throws {
            if let once = onFirstChunk.withLock({ action in defer { action = nil }; return action }) { once() }
            try state.withLock { state in
                state.bytes.append(contentsOf: bytes)
                state.chunks += 1
                state.largestChunk = max(state.largestChunk, bytes.count)
                if let failAfter, state.bytes.count > failAfter { throw DiskFull() }
            }
        }
    }

    @Test func streamedFetchDeliversTheExactBytesInBoundedChunks() async throws {
        let mailbox = stack.mailbox("admin", security: .implicitTLS)
        let folder = MailStack.uniqueFolder("mt stream")
        try await mailbox.ensureFolder(folder)
        let large = MailStack.largeMessage(size: 6 << 20, token: UUID().uuidString)
        let small = MailStack.message(subject: "streamed small")
        let largeUID = try #require(try await mailbox.append(large, to: folder, flags: [], internalDate: nil)?.uid)
        let smallUID = try #require(try await mailbox.append(small, to: folder, flags: [], internalDate: nil)?.uid)
        let validity = try await mailbox.select(folder).uidValidity

        let sink = CollectingSink()
        let count = try await mailbox.fetch(uid: largeUID, uidValidity: validity, folder: folder, maxBytes: 40 << 20, into: sink)
        let received = sink.state.withLock { $0 }
        #expect(count == large.count)
        #expect(received.bytes == large)
        #expect(received.restarts == 1)
        #expect(received.chunks > 1)
        #expect(received.largestChunk <= IMAPConnection.streamChunk)

        // A small message streams too, and the connection goes on serving normal fetches.
        let smallSink = CollectingSink()
        #expect(try await mailbox.fetch(uid: smallUID, uidValidity: validity, folder: folder, maxBytes: 1 << 20, into: smallSink) == small.count)
        #expect(smallSink.state.withLock { $0.bytes } == small)
        #expect(try await mailbox.fetch(uid: smallUID, uidValidity: validity, folder: folder, maxBytes: 1 << 20) == small)

        // Over the limit: refused before a byte is delivered.
        let refused = CollectingSink()
        let tooLarge = await #expect(throws: MailTransportError.self) {
            try await mailbox.fetch(uid: largeUID, uidValidity: validity, folder: folder, maxBytes: 1 << 20, into: refused)
        }
        #expect(tooLarge?.kind == .messageTooLarge)
        #expect(refused.state.withLock { $0.bytes.isEmpty })
        await mailbox.logout()
    }

    @Test func aFailingSinkStopsTheFetchWithItsOwnErrorAndTheNextCommandReconnects() async throws {
        let mailbox = stack.mailbox("admin")
        let folder = MailStack.uniqueFolder("mt stream fail")
        try await mailbox.ensureFolder(folder)
        let large = MailStack.largeMessage(size: 3 << 20, token: UUID().uuidString)
        let uid = try #require(try await mailbox.append(large, to: folder, flags: [], internalDate: nil)?.uid)
        let validity = try await mailbox.select(folder).uidValidity

        let failing = CollectingSink(failAfter: 1 << 20)
        await #expect(throws: CollectingSink.DiskFull.self) {
            try await mailbox.fetch(uid: uid, uidValidity: validity, folder: folder, maxBytes: 40 << 20, into: failing)
        }
        // Not repeated: a full disk is not a lost connection.
        #expect(failing.state.withLock { $0.restarts } == 1)
        #expect(try await mailbox.fetch(uid: uid, uidValidity: validity, folder: folder, maxBytes: 40 << 20) == large)
        // Failing on the very first bytes, those that came with the FETCH line.
        await #expect(throws: CollectingSink.DiskFull.self) {
            try await mailbox.fetch(uid: uid, uidValidity: validity, folder: folder, maxBytes: 40 << 20, into: CollectingSink(failAfter: 0))
        }
        #expect(try await mailbox.fetch(uid: uid, uidValidity: validity, folder: folder, maxBytes: 40 << 20) == large)
        await mailbox.logout()
    }

    @Test func aStreamedFetchRepeatedAfterALostConnectionStartsAgainFromTheFirstByte() async throws {
        let mailbox = stack.mailbox("duty")
        let folder = MailStack.uniqueFolder("mt stream kick")
        try await mailbox.ensureFolder(folder)
        let message = MailStack.largeMessage(size: 24 << 20, token: UUID().uuidString)
        let uid = try #require(try await mailbox.append(message, to: folder, flags: [], internalDate: nil)?.uid)
        let validity = try await mailbox.listMessages(in: folder).uidValidity
        // The server drops the session while the message is on its way.
        let stack = self.stack
        let sink = CollectingSink(onFirstChunk: {
            try? stack.doveadm(["kick", stack.address("duty")])
        })
        #expect(try await mailbox.fetch(uid: uid, uidValidity: validity, folder: folder, maxBytes: 40 << 20, into: sink) == message.count)
        let received = sink.state.withLock { $0 }
        #expect(received.bytes == message)
        // Once for the attempt on the dead connection, once for the repeat.
        #expect(received.restarts == 2)
        await mailbox.logout()
    }

    @Test func severalMessagesAreFetchedInOneRoundTripEachAnsweredOnItsOwn() async throws {
        let mailbox = stack.mailbox("admin")
        let other = stack.mailbox("admin")
        let folder = MailStack.uniqueFolder("mt group")
        try await mailbox.ensureFolder(folder)
        // Bodies whose lines look like the client's own tags and completions: literals are
        // counted, never scanned.
        var messages: [[UInt8]] = []
        for index in 0..<6 {
            var message = MailStack.message(subject: "group \(index)", bodyLines: 40 * (index + 1))
            message += Array("A0007 OK UID FETCH completed\r\n* 3 FETCH (UID 9 BODY[] {5}\r\n".utf8)
            messages.append(message)
        }
        var uids: [UInt32] = []
        for message in messages {
            uids.append(try #require(try await mailbox.append(message, to: folder, flags: ["$Other"], internalDate: nil)?.uid))
        }
        let validity = try await mailbox.select(folder).uidValidity

        // A UID that never existed has no entry; the others are exact, and still unseen.
        let bodies = try await mailbox.fetch(uids: uids + [uids.last! + 100], uidValidity: validity, folder: folder, maxBytes: 1 << 20)
        #expect(bodies.count == messages.count)
        for (uid, message) in zip(uids, messages) { #expect(bodies[uid] == message) }
        #expect(try await mailbox.listMessages(in: folder).messages.allSatisfy { $0.flags == ["$Other"] })

        // Deleted by someone else after this session listed it: only that one is missing.
        _ = try await other.listMessages(in: folder)
        try await other.move(uids: [uids[2]], from: folder, to: "INBOX")
        let afterDelete = try await mailbox.fetch(uids: uids, uidValidity: validity, folder: folder, maxBytes: 1 << 20)
        #expect(afterDelete[uids[2]] == nil)
        #expect(afterDelete.count == messages.count - 1)
        #expect(afterDelete[uids[5]] == messages[5])

        // One message over the limit aborts the transfer: the whole call fails, so the
        // caller fetches one by one; the connection is back for the next call.
        let tooLarge = await #expect(throws: MailTransportError.self) {
            try await mailbox.fetch(uids: [uids[0], uids[5]], uidValidity: validity, folder: folder, maxBytes: messages[5].count - 1)
        }
        #expect(tooLarge?.kind == .messageTooLarge)
        let stale = await #expect(throws: MailTransportError.self) {
            try await mailbox.fetch(uids: uids, uidValidity: validity &+ 1, folder: folder, maxBytes: 1 << 20)
        }
        #expect(stale?.kind == .uidValidityChanged)
        #expect(try await mailbox.fetch(uids: [uids[0]], uidValidity: validity, folder: folder, maxBytes: 1 << 20) == [uids[0]: messages[0]])
        #expect(try await mailbox.fetch(uids: [], uidValidity: validity, folder: folder, maxBytes: 1 << 20).isEmpty)
        await other.logout()
        await mailbox.logout()
    }

    @Test func fetchFailuresAreSpecific() async throws {
        let mailbox = stack.mailbox("admin")
        let folder = MailStack.uniqueFolder("mt fetcherr")
        try await mailbox.ensureFolder(folder)
        let message = MailStack.largeMessage(size: 200_000, token: "limit")
        let uid = try #require(try await mailbox.append(message, to: folder, flags: [], internalDate: nil)?.uid)
        let validity = try await mailbox.select(folder).uidValidity

        let stale = await #expect(throws: MailTransportError.self) {
            try await mailbox.fetch(uid: uid, uidValidity: validity &+ 1, folder: folder, maxBytes: 1 << 20)
        }
        #expect(stale?.kind == .uidValidityChanged)

        let missing = await #expect(throws: MailTransportError.self) {
            try await mailbox.fetch(uid: uid + 1000, uidValidity: validity, folder: folder, maxBytes: 1 << 20)
        }
        #expect(missing?.kind == .messageNotFound)

        let tooLarge = await #expect(throws: MailTransportError.self) {
            try await mailbox.fetch(uid: uid, uidValidity: validity, folder: folder, maxBytes: 100_000)
        }
        #expect(tooLarge?.kind == .messageTooLarge)
        #expect(tooLarge?.description.contains("\(message.count) bytes") == true)

        // The aborted transfer cost the connection; the next call reconnects.
        #expect(try await mailbox.fetch(uid: uid, uidValidity: validity, folder: folder, maxBytes: 1 << 20) == message)

        let noFolder = await #expect(throws: MailTransportError.self) {
            try await mailbox.listMessages(in: MailStack.uniqueFolder("mt missing"))
        }
        #expect(noFolder?.kind == .folderNotFound)
        await mailbox.logout()
    }

    @Test func flagsChangeOnlyWhereAsked() async throws {
        let mailbox = stack.mailbox("admin")
        let folder = MailStack.uniqueFolder("mt flags")
        try await mailbox.ensureFolder(folder)
        var uids: [UInt32] = []
        for index in 0..<6 {
            let flags: Set<String> = index == 0 ? ["\\Answered"] : []
            uids.append(try #require(try await mailbox.append(MailStack.message(subject: "f\(index)"), to: folder, flags: flags, internalDate: nil)?.uid))
        }
        // Like the daemon: mark as read and processed, then restore \Seen on those that were unread.
        try await mailbox.addFlags(["\\Seen", "$Panelmail"], uids: Array(uids[0..<4]), folder: folder)
        var listing = try await mailbox.listMessages(in: folder).messages
        #expect(listing[0].flags == ["\\Answered", "\\Seen", "$Panelmail"])
        #expect(listing[3].flags == ["\\Seen", "$Panelmail"])
        #expect(listing[4].flags.isEmpty)

        try await mailbox.removeFlags(["\\Seen"], uids: [uids[0], uids[1], uids[3]], folder: folder)
        listing = try await mailbox.listMessages(in: folder).messages
        #expect(listing.map(\.flags) == [["\\Answered", "$Panelmail"], ["$Panelmail"], ["\\Seen", "$Panelmail"], ["$Panelmail"], [], []])

        let bad = await #expect(throws: MailTransportError.self) {
            try await mailbox.addFlags(["bad flag"], uids: uids, folder: folder)
        }
        #expect(bad?.kind == .configuration)
        await mailbox.logout()
    }

    @Test func moveToANewFolderWithASpaceAndNonASCIIName() async throws {
        let mailbox = stack.mailbox("admin")
        let source = MailStack.uniqueFolder("mt move")
        let destination = MailStack.uniqueFolder("Needs attention ✓")
        try await mailbox.ensureFolder(source)
        #expect(try await !mailbox.folderExists(destination))
        try await mailbox.ensureFolder(destination)
        try await mailbox.ensureFolder(destination)  // already there: no error
        #expect(try await mailbox.folderExists(destination))

        var uids: [UInt32] = []
        for index in 0..<10 {
            uids.append(try #require(try await mailbox.append(MailStack.message(subject: "m\(index)"), to: source, flags: ["$Keep"], internalDate: nil)?.uid))
        }
        let moving = [uids[1], uids[2], uids[3], uids[7]]
        let mapping = try await mailbox.move(uids: moving, from: source, to: destination)
        #expect(Set(mapping.keys) == Set(moving))

        let left = try await mailbox.listMessages(in: source).messages.map(\.uid)
        #expect(left == uids.filter { !moving.contains($0) })
        let arrived = try await mailbox.listMessages(in: destination).messages
        #expect(arrived.map(\.uid).sorted() == mapping.values.sorted())
        #expect(arrived.allSatisfy { $0.flags == ["$Keep"] })

        let nowhere = await #expect(throws: MailTransportError.self) {
            try await mailbox.move(uids: [uids[0]], from: source, to: MailStack.uniqueFolder("mt nowhere"))
        }
        #expect(nowhere?.kind == .folderNotFound)
        await mailbox.logout()
    }

    @Test func moveFallsBackToCopyStoreExpungeWithoutMOVE() async throws {
        let mailbox = stack.mailbox("admin")
        await mailbox.ignoreCapabilities(["MOVE"])
        let source = MailStack.uniqueFolder("mt uidplus")
        let destination = MailStack.uniqueFolder("mt uidplus done")
        try await mailbox.ensureFolder(source)
        try await mailbox.ensureFolder(destination)
        var uids: [UInt32] = []
        for index in 0..<5 {
            uids.append(try #require(try await mailbox.append(MailStack.message(subject: "u\(index)"), to: source, flags: [], internalDate: nil)?.uid))
        }
        // Someone else marked a message \Deleted: UID EXPUNGE must leave it alone.
        try await mailbox.addFlags(["\\Deleted"], uids: [uids[4]], folder: source)
        let mapping = try await mailbox.move(uids: [uids[0], uids[2]], from: source, to: destination)
        #expect(Set(mapping.keys) == [uids[0], uids[2]])
        #expect(try await mailbox.listMessages(in: source).messages.map(\.uid) == [uids[1], uids[3], uids[4]])
        #expect(try await mailbox.listMessages(in: destination).messages.count == 2)

        await mailbox.ignoreCapabilities(["MOVE", "UIDPLUS"])
        let unsupported = await #expect(throws: MailTransportError.self) {
            try await mailbox.move(uids: [uids[1]], from: source, to: destination)
        }
        #expect(unsupported?.kind == .unsupported)
        #expect(try await mailbox.listMessages(in: source).messages.count == 3)
        await mailbox.logout()
    }

    @Test func movesManyMessagesInOneCall() async throws {
        // libcurl 7.88's own UID MOVE fails after ~75 EXPUNGE lines (code 56); this one must not.
        let mailbox = stack.mailbox("admin")
        let source = MailStack.uniqueFolder("mt bulk")
        let destination = MailStack.uniqueFolder("mt bulk done")
        try await mailbox.ensureFolder(source)
        try await mailbox.ensureFolder(destination)
        var uids: [UInt32] = []
        for index in 0..<400 {
            uids.append(try #require(try await mailbox.append(MailStack.message(subject: "b\(index)", bodyLines: 1), to: source, flags: [], internalDate: nil)?.uid))
        }
        let moving = uids.enumerated().filter { $0.offset % 3 != 0 }.map(\.element)
        let started = ContinuousClock.now
        let mapping = try await mailbox.move(uids: moving, from: source, to: destination)
        print("IMAP: one UID MOVE of \(moving.count) messages: \(ContinuousClock.now - started)")
        #expect(mapping.count == moving.count)
        #expect(try await mailbox.listMessages(in: source).messages.count == uids.count - moving.count)
        #expect(try await mailbox.listMessages(in: destination).messages.count == moving.count)
        await mailbox.logout()
    }

    @Test func reconnectsAfterTheServerDropsTheConnection() async throws {
        let mailbox = stack.mailbox("duty")
        let folder = MailStack.uniqueFolder("mt kick")
        try await mailbox.ensureFolder(folder)
        let uid = try #require(try await mailbox.append(MailStack.message(subject: "kick"), to: folder, flags: [], internalDate: nil)?.uid)
        let validity = try await mailbox.listMessages(in: folder).uidValidity
        try stack.doveadm(["kick", stack.address("duty")])
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await mailbox.listMessages(in: folder).messages.map(\.uid) == [uid])
        try stack.doveadm(["kick", stack.address("duty")])
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await mailbox.fetch(uid: uid, uidValidity: validity, folder: folder, maxBytes: 1 << 20).count > 0)
        await mailbox.logout()
    }

    @Test func cancellationStopsAWaitingCommand() async throws {
        let mailbox = stack.mailbox("admin")
        try await mailbox.noop()
        let task = Task { try await mailbox.listMessages(in: "INBOX") }
        task.cancel()
        _ = try? await task.value
        // Whatever happened to that call, the mailbox keeps working.
        try await mailbox.noop()
        await mailbox.logout()
    }
}

/// Figures for the report; they print rather than assert, as timings vary by machine.
@Suite("Integration: IMAP performance", .serialized)
struct IMAPPerformanceTests {
    let stack: MailStack

    init() throws { stack = try MailStack.load() }

    @Test func fetchesReuseOneConnection() async throws {
        let mailbox = stack.mailbox("admin")
        let folder = MailStack.uniqueFolder("mt perf fetch")
        try await mailbox.ensureFolder(folder)
        var uids: [UInt32] = []
        for index in 0..<300 {
            uids.append(try #require(try await mailbox.append(MailStack.message(subject: "p\(index)", bodyLines: 40), to: folder, flags: [], internalDate: nil)?.uid))
        }
        let validity = try await mailbox.select(folder).uidValidity
        let started = ContinuousClock.now
        var bytes = 0
        for uid in uids {
            bytes += try await mailbox.fetch(uid: uid, uidValidity: validity, folder: folder, maxBytes: 1 << 20).count
        }
        let elapsed = ContinuousClock.now - started
        print("IMAP: 300 fetches (\(bytes / 300) bytes each) on one connection: \(elapsed), \(elapsed / 300) per message")
        // A new login per message would take over a second for 300; one connection takes a fraction of that.
        #expect(elapsed < .seconds(30))
        await mailbox.logout()
    }

    @Test func fetchThenMoveEachMessage() async throws {
        // The daemon's per-message path: fetch, then move out of the inbox.
        let mailbox = stack.mailbox("admin")
        let folder = MailStack.uniqueFolder("mt perf in")
        let done = MailStack.uniqueFolder("mt perf done")
        try await mailbox.ensureFolder(folder)
        try await mailbox.ensureFolder(done)
        for index in 0..<300 {
            try await mailbox.append(MailStack.message(subject: "fm\(index)", bodyLines: 40), to: folder, flags: [], internalDate: nil)
        }
        let noopStarted = ContinuousClock.now
        for _ in 0..<300 { try await mailbox.noop() }
        let noops = ContinuousClock.now - noopStarted
        let listing = try await mailbox.listMessages(in: folder)
        let started = ContinuousClock.now
        for message in listing.messages {
            _ = try await mailbox.fetch(uid: message.uid, uidValidity: listing.uidValidity, folder: folder, maxBytes: 1 << 20)
            try await mailbox.move(uids: [message.uid], from: folder, to: done)
        }
        let elapsed = ContinuousClock.now - started
        print("IMAP: NOOP round trip \(noops / 300); fetch + UID MOVE per message: \(elapsed / listing.messages.count) (\(listing.messages.count) messages)")
        #expect(try await mailbox.listMessages(in: done).messages.count == 300)
        await mailbox.logout()
    }

    @Test func fetchesA34MegabyteMessage() async throws {
        let mailbox = stack.mailbox("admin", security: .implicitTLS)
        let folder = MailStack.uniqueFolder("mt perf big")
        try await mailbox.ensureFolder(folder)
        let message = MailStack.largeMessage(size: 34 << 20, token: UUID().uuidString)
        let appendStarted = ContinuousClock.now
        let uid = try #require(try await mailbox.append(message, to: folder, flags: [], internalDate: nil)?.uid)
        let appended = ContinuousClock.now - appendStarted
        let validity = try await mailbox.select(folder).uidValidity
        let started = ContinuousClock.now
        let fetched = try await mailbox.fetch(uid: uid, uidValidity: validity, folder: folder, maxBytes: 50 << 20)
        print("IMAP: 34 MB message: append \(appended), fetch \(ContinuousClock.now - started)")
        #expect(fetched == message)
        await mailbox.logout()
    }

    @Test func listsAThousandMessages() async throws {
        let mailbox = stack.mailbox("admin")
        let folder = MailStack.uniqueFolder("mt perf list")
        try await mailbox.ensureFolder(folder)
        let appendStarted = ContinuousClock.now
        for index in 0..<1000 {
            try await mailbox.append(MailStack.message(subject: "l\(index)", bodyLines: 1), to: folder, flags: index % 2 == 0 ? ["\\Seen"] : [], internalDate: nil)
        }
        print("IMAP: 1,000 appends: \(ContinuousClock.now - appendStarted)")
        _ = try await mailbox.listMessages(in: folder)
        var timings: [Duration] = []
        for _ in 0..<5 {
            let started = ContinuousClock.now
            let listing = try await mailbox.listMessages(in: folder)
            timings.append(ContinuousClock.now - started)
            #expect(listing.messages.count == 1000)
        }
        print("IMAP: listMessages of 1,000 messages: best \(timings.min()!), all \(timings)")
        await mailbox.logout()
    }
}
