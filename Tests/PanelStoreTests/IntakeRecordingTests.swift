import Foundation
import Testing
import PanelCore
@testable import PanelStore

/// Renders a fixed acknowledgement: the store test is about what is recorded, not how
/// emails look (the daemon's tests cover the templates).
struct FixedComposer: IntakeComposer {
    func acknowledgement(reference: RequestReference, message: ReadMessage, arrivedAt: Date) throws -> OutgoingMail {
        OutgoingMail(purpose: "acknowledgement", messageID: "ack-\(reference)@council.test", envelopeFrom: "panel@council.test", recipients: [message.replyAddress ?? ""], bytes: Array("ack \(reference)".utf8))
    }
    func bounceNotice(original: OutboxMessage, reason: String, reference: String?) throws -> OutgoingMail {
        OutgoingMail(purpose: "bounce-notice", messageID: "bounce-\(original.messageIDHeader)", envelopeFrom: "panel@council.test", recipients: ["admin@council.test"], bytes: Array("bounce".utf8))
    }
}

@Suite("Recording intake")
struct IntakeRecordingTests {
    let settings = IntakeSettings(timeZone: TimeZone(identifier: "Europe/London")!, attachmentLimit: 1000, recipientPolicy: RecipientPolicy(allowedDomains: ["council.test"]))
    let now = Date(timeIntervalSince1970: 1_788_000_000)

    func incoming(uid: UInt32, uidValidity: UInt32 = 7, id: String?, subject: String = "Placement", sender: String = "worker@council.test", inReplyTo: [String] = [], automatic: String? = nil, bounce: ReadMessage.Bounce? = nil, fingerprint: String? = nil, arrivedAt: Date? = nil, raw: String? = nil) -> IncomingMessage {
        let read = ReadMessage(messageID: id, inReplyTo: inReplyTo, references: [], subject: subject, sender: sender, replyAddress: sender, senderName: "W", automaticReason: automatic, bounce: bounce, attachments: [], fingerprint: fingerprint ?? "fp-\(uid)-\(id ?? "")")
        return IncomingMessage(folder: "INBOX", uidValidity: uidValidity, uid: uid, arrivedAt: arrivedAt ?? now, raw: Array((raw ?? "raw \(uid) \(id ?? "")").utf8), content: .readable(read))
    }

    @Test func newRequestsGetSequentialReferencesAndAcknowledgements() throws {
        let db = try AppDatabase.inMemory()
        let receipts = try db.recordIntake([incoming(uid: 1, id: "a@x"), incoming(uid: 2, id: "b@x")], settings: settings, composer: FixedComposer(), now: now)
        #expect(receipts.map(\.outcome) == [.newRequest(reference: "ARP-2026-00001"), .newRequest(reference: "ARP-2026-00002")])
        #expect(try db.dueOutbox(now: now, limit: 10).count == 2)
        #expect(receipts.allSatisfy { !$0.location.done })
    }

    @Test func referencesRestartEachLondonYear() throws {
        let db = try AppDatabase.inMemory()
        let dec31 = Date(timeIntervalSince1970: 1_798_761_000) // 2026-12-31T23:50Z
        let jan1 = Date(timeIntervalSince1970: 1_798_761_700) // 2027-01-01T00:01:40Z
        let receipts = try db.recordIntake([incoming(uid: 1, id: "a@x", arrivedAt: dec31), incoming(uid: 2, id: "b@x", arrivedAt: jan1), incoming(uid: 3, id: "c@x", arrivedAt: dec31)], settings: settings, composer: FixedComposer(), now: now)
        #expect(receipts.map(\.outcome) == [.newRequest(reference: "ARP-2026-00001"), .newRequest(reference: "ARP-2027-00001"), .newRequest(reference: "ARP-2026-00002")])
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
            incoming(uid: 2, id: "b@x", subject: "Re: Placement [ARP-2026-00001]"),
            incoming(uid: 3, id: "c@x", subject: "more", inReplyTo: ["ack-ARP-2026-00001@council.test"]),
            incoming(uid: 4, id: "d@x", subject: "even more", inReplyTo: ["c@x"]),
            incoming(uid: 5, id: "e@x", subject: "Re: [ARP-2026-00999]"),
        ], settings: settings, composer: FixedComposer(), now: now)
        #expect(replies.map(\.outcome) == [
            .correspondence(reference: "ARP-2026-00001", via: "reference in subject"),
            .correspondence(reference: "ARP-2026-00001", via: "In-Reply-To/References"),
            .correspondence(reference: "ARP-2026-00001", via: "In-Reply-To/References"),
            .newRequest(reference: "ARP-2026-00002"),
        ])
        #expect(try db.request(reference: "ARP-2026-00001").messages.count == 4)
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
            .newRequest(reference: "ARP-2026-00001"),
            .correspondence(reference: "ARP-2026-00001", via: "same mail sent again by the same sender"),
            .newRequest(reference: "ARP-2026-00002"),
        ])
        #expect(try db.dueOutbox(now: now, limit: 10).count == 2)
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
        let read = ReadMessage(messageID: "r@x", inReplyTo: [], references: [], subject: "s", sender: "a@council.test", replyAddress: "a@council.test", senderName: nil, automaticReason: nil, bounce: nil, attachments: [], fingerprint: "f")
        let settings = IntakeSettings(timeZone: TimeZone(identifier: "Europe/London")!, attachmentLimit: 10, recipientPolicy: RecipientPolicy(allowedDomains: ["council.test"]))
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
