import Foundation
import GRDB

/// An email panelmail will send, sends, or sent: the final bytes and the envelope,
/// written before any attempt so that a crash or an outage loses nothing.
public struct OutboxMessage: Codable, Sendable, Identifiable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "outbox"

    public enum Status: String, Codable, Sendable, DatabaseValueConvertible, CaseIterable {
        /// Waiting for its first or next attempt.
        case queued
        /// Accepted by the SMTP server.
        case sent
        /// Not sent: a recipient is outside the allowed domains. A person must decide.
        case held
        /// Given up: a permanent SMTP failure, or transient ones for too long.
        case failed
        /// Accepted, then bounced back (a delivery status notification named it).
        case undelivered
    }

    public var id: Int64?
    /// Stays the same across retries, so a receiver sees one message.
    public var messageIDHeader: String
    public var purpose: String
    public var requestId: Int64?
    public var causeMessageId: Int64?
    public var envelopeFrom: String
    /// JSON array of addresses.
    public var recipients: String
    public var message: Data
    public var status: Status
    public var attempts: Int
    public var createdAt: Date
    public var firstAttemptAt: Date?
    public var nextAttemptAt: Date
    public var sentAt: Date?
    /// Why it is held, failed or undelivered, or the last transient error.
    public var reason: String?
    public var serverReply: String?

    public var recipientList: [String] {
        (try? JSONDecoder().decode([String].self, from: Data(recipients.utf8))) ?? []
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension OutboxMessage {
    /// Column by column (see `StoredMessage.encode(to:)`).
    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["messageIDHeader"] = messageIDHeader
        container["purpose"] = purpose
        container["requestId"] = requestId
        container["causeMessageId"] = causeMessageId
        container["envelopeFrom"] = envelopeFrom
        container["recipients"] = recipients
        container["message"] = message
        container["status"] = status
        container["attempts"] = attempts
        container["createdAt"] = StoredDate.text(createdAt)
        container["firstAttemptAt"] = StoredDate.text(firstAttemptAt)
        container["nextAttemptAt"] = StoredDate.text(nextAttemptAt)
        container["sentAt"] = StoredDate.text(sentAt)
        container["reason"] = reason
        container["serverReply"] = serverReply
    }
}
