import Foundation
import GRDB
import PanelCore

/// What the store did with one incoming message, for logging and for the server-side move.
public struct IntakeReceipt: Sendable {
    public enum Outcome: Sendable, Equatable {
        case newRequest(reference: String)
        case correspondence(reference: String, via: String)
        case automatic(reason: String)
        case bounce(outboxMatched: Bool, reason: String)
        case duplicate(of: String)
        case needsAttention(reason: String)
        /// Recorded by an earlier poll; only the server side was left to do.
        case alreadyRecorded
    }
    public var location: MailboxLocation
    public var outcome: Outcome
    /// Outbox rows written for this message (acknowledgements, admin notices).
    public var queued: [String]
    /// Outbox rows held because a recipient is outside the allowed domains.
    public var held: [String]
}

/// Renders the emails intake queues. The daemon supplies it (templates live there).
public protocol IntakeComposer: Sendable {
    /// The acknowledgement of a new request.
    func acknowledgement(reference: RequestReference, message: ReadMessage, arrivedAt: Date) throws -> OutgoingMail
    /// Tells the admin that panelmail's own email bounced.
    func bounceNotice(original: OutboxMessage, reason: String, reference: String?) throws -> OutgoingMail
}

/// Settings intake applies inside the transaction.
public struct IntakeSettings: Sendable {
    public var timeZone: TimeZone
    public var attachmentLimit: Int
    public var recipientPolicy: RecipientPolicy
    /// How long the same mail from the same sender counts as a repeat, not a new request.
    public var repeatWindow: TimeInterval

    public init(timeZone: TimeZone, attachmentLimit: Int, recipientPolicy: RecipientPolicy, repeatWindow: TimeInterval = 86_400) {
        self.timeZone = timeZone
        self.attachmentLimit = attachmentLimit
        self.recipientPolicy = recipientPolicy
        self.repeatWindow = repeatWindow
    }
}

extension AppDatabase {
    /// The locations recorded for a folder at one UIDVALIDITY, by UID.
    public func locations(folder: String, uidValidity: UInt32) throws -> [UInt32: MailboxLocation] {
        try writer.read { db in
            let rows = try MailboxLocation
                .filter(Column("folder") == folder && Column("uidValidity") == Int64(uidValidity))
                .fetchAll(db)
            return Dictionary(rows.map { (UInt32($0.uid), $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// Records a batch of incoming messages in ONE transaction: each message, its
    /// request and reference, its attachments, its location, and every email it causes.
    /// Only after this returns may the messages be moved on the server.
    public func recordIntake(_ messages: [IncomingMessage], settings: IntakeSettings, composer: some IntakeComposer, now: Date) throws -> [IntakeReceipt] {
        // The raw bytes first, durable with one sync, then the rows that name them.
        let locations = try rawMessages.writeBatch(messages.map(\.raw))
        return try writer.write { db in
            try zip(messages, locations).map { try Self.record($0, raw: $1, settings: settings, composer: composer, now: now, db: db) }
        }
    }

    /// Notes that the server side is done (moved or marked) for these locations.
    public func markLocationsDone(_ ids: [Int64]) throws {
        guard !ids.isEmpty else { return }
        try writer.write { db in
            _ = try MailboxLocation.filter(ids: ids).updateAll(db, Column("done").set(to: true))
        }
    }

    private static func record(_ incoming: IncomingMessage, raw: RawMessageStore.Location?, settings: IntakeSettings, composer: some IntakeComposer, now: Date, db: Database) throws -> IntakeReceipt {
        // Cached statements on this path: intake runs once per message, a thousand a second.
        if let existing = try MailboxLocation.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM mailboxLocation WHERE folder = ? AND uidValidity = ? AND uid = ?"),
            arguments: [incoming.folder, Int64(incoming.uidValidity), Int64(incoming.uid)]) {
            return IntakeReceipt(location: existing, outcome: .alreadyRecorded, queued: [], held: [])
        }

        let messageKey: String
        let read: ReadMessage?
        var unreadableReason = ""
        switch incoming.content {
        case .readable(let message):
            read = message
            messageKey = message.messageID ?? "sha256:" + SHA256Hex.of(incoming.raw)
        case .unreadable(let reason):
            read = nil
            unreadableReason = reason
            messageKey = incoming.raw.isEmpty
                ? "unfetched:\(incoming.folder):\(incoming.uidValidity):\(incoming.uid)"
                : "sha256:" + SHA256Hex.of(incoming.raw)
        }

        // A message seen before (same Message-ID, or same bytes): a copy, or the same
        // message after UIDVALIDITY changed. Never a second request.
        if let earlier = try StoredMessage.fetchOne(db.cachedStatement(sql: "SELECT * FROM message WHERE messageKey = ?"), arguments: [messageKey]) {
            var location = try insertLocation(incoming, messageId: earlier.id, destination: .processed, reason: nil, db: db)
            location.reason = "duplicate of message \(earlier.id ?? 0)"
            try location.update(db)
            let reference = try earlier.requestId.flatMap { try StoredRequest.fetchOne(db, key: $0)?.reference }
            return IntakeReceipt(location: location, outcome: .duplicate(of: reference ?? "message \(earlier.id ?? 0)"), queued: [], held: [])
        }

        guard let read else {
            let reason = unreadableReason
            let stored = try insertMessage(incoming, key: messageKey, raw: raw, read: nil, kind: .unreadable, note: reason, requestId: nil, now: now, db: db)
            let location = try insertLocation(incoming, messageId: stored.id, destination: .attention, reason: reason, db: db)
            return IntakeReceipt(location: location, outcome: .needsAttention(reason: reason), queued: [], held: [])
        }

        let facts = try facts(for: read, arrivedAt: incoming.arrivedAt, window: settings.repeatWindow, db: db)
        let decision = IntakeDecision.decide(read, facts: facts, attachmentLimit: settings.attachmentLimit)
        var queued: [String] = []
        var held: [String] = []

        func enqueue(_ mail: OutgoingMail, requestId: Int64?, causeId: Int64?) throws {
            let row = try Self.enqueue(mail, requestId: requestId, causeMessageId: causeId, policy: settings.recipientPolicy, now: now, db: db)
            if row.status == .held { held.append(mail.messageID) } else { queued.append(mail.messageID) }
        }

        switch decision {
        case .bounce(let originalID, let reason):
            let stored = try insertMessage(incoming, key: messageKey, raw: raw, read: read, kind: .bounce, note: reason, requestId: nil, now: now, db: db)
            var matched = false
            if let originalID, var original = try OutboxMessage.filter(Column("messageIDHeader") == originalID).fetchOne(db) {
                matched = true
                original.status = .undelivered
                original.reason = reason
                try original.update(db)
                let reference = try original.requestId.flatMap { try StoredRequest.fetchOne(db, key: $0)?.reference }
                if original.purpose != "bounce-notice" {
                    try enqueue(try composer.bounceNotice(original: original, reason: reason, reference: reference), requestId: original.requestId, causeId: stored.id)
                }
            }
            let location = try insertLocation(incoming, messageId: stored.id, destination: .processed, reason: nil, db: db)
            return IntakeReceipt(location: location, outcome: .bounce(outboxMatched: matched, reason: reason), queued: queued, held: held)

        case .automatic(let reason):
            let stored = try insertMessage(incoming, key: messageKey, raw: raw, read: read, kind: .automatic, note: reason, requestId: facts.taggedRequest ?? facts.threadRequest, now: now, db: db)
            let location = try insertLocation(incoming, messageId: stored.id, destination: .processed, reason: nil, db: db)
            return IntakeReceipt(location: location, outcome: .automatic(reason: reason), queued: [], held: [])

        case .correspondence(let requestId, let via):
            let stored = try insertMessage(incoming, key: messageKey, raw: raw, read: read, kind: .correspondence, note: via, requestId: requestId, now: now, db: db)
            if let id = read.messageID { try ThreadMessage(messageIDHeader: id, requestId: requestId).insert(db, onConflict: .ignore) }
            let location = try insertLocation(incoming, messageId: stored.id, destination: .processed, reason: nil, db: db)
            let reference = try StoredRequest.fetchOne(db, key: requestId)?.reference ?? "?"
            return IntakeReceipt(location: location, outcome: .correspondence(reference: reference, via: via), queued: [], held: [])

        case .needsAttention(let reason):
            let stored = try insertMessage(incoming, key: messageKey, raw: raw, read: read, kind: .unreadable, note: reason, requestId: nil, now: now, db: db)
            let location = try insertLocation(incoming, messageId: stored.id, destination: .attention, reason: reason, db: db)
            return IntakeReceipt(location: location, outcome: .needsAttention(reason: reason), queued: [], held: [])

        case .newRequest:
            var stored = try insertMessage(incoming, key: messageKey, raw: raw, read: read, kind: .request, note: nil, requestId: nil, now: now, db: db)
            let reference = try allocateReference(arrivedAt: incoming.arrivedAt, timeZone: settings.timeZone, db: db)
            var request = StoredRequest(
                id: nil, reference: reference.description, year: reference.year, sequence: reference.sequence,
                messageId: stored.id!, arrivedAt: incoming.arrivedAt,
                worker: read.replyAddress ?? read.sender ?? "", subject: read.subject, status: .open)
            try request.insert(db)
            stored.requestId = request.id
            try stored.update(db)
            if let id = read.messageID { try ThreadMessage(messageIDHeader: id, requestId: request.id!).insert(db, onConflict: .ignore) }
            if read.replyAddress != nil || read.sender != nil {
                let ack = try composer.acknowledgement(reference: reference, message: read, arrivedAt: incoming.arrivedAt)
                try enqueue(ack, requestId: request.id, causeId: stored.id)
                try ThreadMessage(messageIDHeader: ack.messageID, requestId: request.id!).insert(db, onConflict: .ignore)
            }
            let location = try insertLocation(incoming, messageId: stored.id, destination: .processed, reason: nil, db: db)
            return IntakeReceipt(location: location, outcome: .newRequest(reference: reference.description), queued: queued, held: held)
        }
    }

    private static func facts(for message: ReadMessage, arrivedAt: Date, window: TimeInterval, db: Database) throws -> IntakeDecision.Facts {
        var facts = IntakeDecision.Facts()
        for tag in RequestReference.tags(inSubject: message.subject) {
            if let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM request WHERE reference = ?"), arguments: [tag.description]) {
                facts.taggedRequest = id
                break
            }
        }
        let ids = message.inReplyTo + message.references.reversed()
        if !ids.isEmpty {
            facts.threadRequest = try Int64.fetchOne(
                db, sql: "SELECT requestId FROM threadMessage WHERE messageIDHeader IN (\(databaseQuestionMarks(count: ids.count))) LIMIT 1",
                arguments: StatementArguments(ids))
        }
        if let sender = message.sender {
            facts.repeatedRequest = try Int64.fetchOne(
                db.cachedStatement(sql: """
                    SELECT requestId FROM message
                    WHERE sender = ? AND fingerprint = ? AND requestId IS NOT NULL AND arrivedAt >= ?
                    ORDER BY arrivedAt DESC LIMIT 1
                    """),
                arguments: [sender, message.fingerprint, arrivedAt.addingTimeInterval(-window)])
        }
        return facts
    }

    private static func insertMessage(_ incoming: IncomingMessage, key: String, raw: RawMessageStore.Location?, read: ReadMessage?, kind: StoredMessage.Kind, note: String?, requestId: Int64?, now: Date, db: Database) throws -> StoredMessage {
        var message = StoredMessage(
            id: nil, messageKey: key, messageIDHeader: read?.messageID, arrivedAt: incoming.arrivedAt, recordedAt: now,
            sender: read?.sender, subject: read?.subject ?? "", kind: kind, note: note, fingerprint: read?.fingerprint,
            requestId: requestId, size: incoming.raw.count, rawPack: raw?.pack, rawOffset: raw?.offset)
        try message.insert(db)
        for attachment in read?.attachments ?? [] {
            var row = StoredAttachment(id: nil, messageId: message.id!, partPath: attachment.partPath, filename: attachment.filename, contentType: attachment.contentType, size: attachment.size, sha256: attachment.sha256)
            try row.insert(db)
        }
        return message
    }

    private static func insertLocation(_ incoming: IncomingMessage, messageId: Int64?, destination: MailboxLocation.Destination, reason: String?, db: Database) throws -> MailboxLocation {
        var location = MailboxLocation(
            id: nil, folder: incoming.folder, uidValidity: Int64(incoming.uidValidity), uid: Int64(incoming.uid),
            messageId: messageId, destination: destination, done: false, reason: reason)
        try location.insert(db)
        return location
    }

    /// The next reference for the year of arrival in the panel's time zone. Runs inside the
    /// intake transaction, so two messages can never share a reference.
    static func allocateReference(arrivedAt: Date, timeZone: TimeZone, db: Database) throws -> RequestReference {
        let year = RequestReference.year(of: arrivedAt, in: timeZone)
        let next = try Int.fetchOne(
            db.cachedStatement(sql: "INSERT INTO referenceCounter (year, last) VALUES (?, 1) ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last"),
            arguments: [year])
        guard let next else { throw StoreError(description: "the reference counter for \(year) could not be advanced") }
        return RequestReference(year: year, sequence: next)
    }
}
