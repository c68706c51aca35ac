import Foundation
import GRDB
import PanelCore

extension AppDatabase {
    /// Puts an email in the outbox, or holds it when a recipient is outside the allowed
    /// domains. Either way the final bytes are stored before anything is sent.
    @discardableResult
    public func enqueue(_ mail: OutgoingMail, requestId: Int64? = nil, policy: RecipientPolicy, now: Date) throws -> OutboxMessage {
        try writer.write { db in try Self.enqueue(mail, requestId: requestId, causeMessageId: nil, policy: policy, now: now, db: db) }
    }

    /// `notBefore`: not sent before then (a duty notice for a request that arrived at
    /// night goes when working time starts).
    static func enqueue(_ mail: OutgoingMail, requestId: Int64?, causeMessageId: Int64?, policy: RecipientPolicy, now: Date, notBefore: Date? = nil, db: Database) throws -> OutboxMessage {
        let holdReason = policy.holdReason(for: mail.recipients)
        let recipients = String(decoding: try JSONEncoder().encode(mail.recipients), as: UTF8.self)
        // Held to go later: dated when it goes, so it is not buried under the night's mail.
        let bytes = notBefore.map { $0 > now ? RenderedMessage.redated(mail.bytes, to: $0) : mail.bytes } ?? mail.bytes
        var row = OutboxMessage(
            id: nil, messageIDHeader: mail.messageID, purpose: mail.purpose, requestId: requestId, causeMessageId: causeMessageId,
            envelopeFrom: mail.envelopeFrom, recipients: recipients, message: Data(bytes),
            status: holdReason == nil ? .queued : .held, attempts: 0, createdAt: now, firstAttemptAt: nil,
            nextAttemptAt: max(now, notBefore ?? now), sentAt: nil, reason: holdReason, serverReply: nil)
        try row.insert(db)
        return row
    }

    /// Queued messages whose next attempt is due, oldest first.
    public func dueOutbox(now: Date, limit: Int) throws -> [OutboxMessage] {
        try writer.read { db in
            try OutboxMessage
                .filter(Column("status") == OutboxMessage.Status.queued.rawValue && Column("nextAttemptAt") <= now)
                .order(Column("nextAttemptAt"), Column("id"))
                .limit(limit)
                .fetchAll(db)
        }
    }

    /// When the next queued message falls due, if any is queued.
    public func nextOutboxDue() throws -> Date? {
        try writer.read { db in
            try Date.fetchOne(db, sql: "SELECT MIN(nextAttemptAt) FROM outbox WHERE status = ?", arguments: [OutboxMessage.Status.queued.rawValue])
        }
    }

    public func markSent(_ id: Int64, reply: String, at now: Date) throws {
        try writer.write { db in
            try db.execute(
                sql: "UPDATE outbox SET status = ?, sentAt = ?, serverReply = ?, attempts = attempts + 1, firstAttemptAt = COALESCE(firstAttemptAt, ?), reason = NULL WHERE id = ?",
                arguments: [OutboxMessage.Status.sent.rawValue, now, reply, now, id])
        }
    }

    public func markRetry(_ id: Int64, next: Date, reason: String, at now: Date) throws {
        try writer.write { db in
            try db.execute(
                sql: "UPDATE outbox SET nextAttemptAt = ?, reason = ?, attempts = attempts + 1, firstAttemptAt = COALESCE(firstAttemptAt, ?) WHERE id = ?",
                arguments: [next, reason, now, id])
        }
    }

    public func markFailed(_ id: Int64, reason: String, at now: Date) throws {
        try writer.write { db in
            try db.execute(
                sql: "UPDATE outbox SET status = ?, reason = ?, attempts = attempts + 1, firstAttemptAt = COALESCE(firstAttemptAt, ?) WHERE id = ?",
                arguments: [OutboxMessage.Status.failed.rawValue, reason, now, id])
        }
    }

    /// Sends a held email after all: a person has checked the recipients. Returns false
    /// when no held email has that id.
    public func releaseHeld(_ id: Int64, by operatorName: String, at now: Date) throws -> Bool {
        try writer.write { db in
            try db.execute(
                sql: "UPDATE outbox SET status = ?, nextAttemptAt = ?, reason = ? WHERE id = ? AND status = ?",
                arguments: [OutboxMessage.Status.queued.rawValue, now, "released by \(operatorName)", id, OutboxMessage.Status.held.rawValue])
            return db.changesCount > 0
        }
    }

    /// Gives up on a held or queued email. Returns false when no such email is waiting.
    public func dropWaiting(_ id: Int64, by operatorName: String, at now: Date) throws -> Bool {
        try writer.write { db in
            try db.execute(
                sql: "UPDATE outbox SET status = ?, reason = ? WHERE id = ? AND status IN (?, ?)",
                arguments: [OutboxMessage.Status.failed.rawValue, "dropped by \(operatorName)", id, OutboxMessage.Status.held.rawValue, OutboxMessage.Status.queued.rawValue])
            return db.changesCount > 0
        }
    }

    /// The outbox, newest first, optionally only rows in one status.
    public func outbox(status: OutboxMessage.Status? = nil, limit: Int = 100) throws -> [OutboxSummary] {
        try writer.read { db in
            var sql = """
                SELECT o.id, o.messageIDHeader, o.purpose, r.reference, o.recipients, o.status, o.attempts,
                       o.createdAt, o.sentAt, o.nextAttemptAt, o.reason
                FROM outbox o LEFT JOIN request r ON r.id = o.requestId
                """
            var arguments: StatementArguments = []
            if let status {
                sql += " WHERE o.status = ?"
                arguments += [status.rawValue]
            }
            sql += " ORDER BY o.id DESC LIMIT ?"
            arguments += [limit]
            return try OutboxSummary.fetchAll(db, sql: sql, arguments: arguments)
        }
    }

    /// How many outbox rows are in each status.
    public func outboxCounts() throws -> [OutboxMessage.Status: Int] {
        try writer.read { db in
            var counts: [OutboxMessage.Status: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM outbox GROUP BY status") {
                if let status = OutboxMessage.Status(rawValue: row["status"]) { counts[status] = row["n"] }
            }
            return counts
        }
    }
}

/// One line of `panelmail outbox list`.
public struct OutboxSummary: Codable, Sendable, FetchableRecord {
    public var id: Int64
    public var messageIDHeader: String
    public var purpose: String
    public var reference: String?
    public var recipients: String
    public var status: OutboxMessage.Status
    public var attempts: Int
    public var createdAt: Date
    public var sentAt: Date?
    public var nextAttemptAt: Date
    public var reason: String?

    public var recipientList: [String] {
        (try? JSONDecoder().decode([String].self, from: Data(recipients.utf8))) ?? []
    }
}
