import Foundation
import GRDB

/// One email that reached the panel mailbox, whatever it turned out to be.
public struct StoredMessage: Codable, Sendable, Identifiable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "message"

    /// What panelmail made of a message.
    public enum Kind: String, Codable, Sendable, DatabaseValueConvertible {
        /// Opened a new request (or several).
        case request
        /// From a person, with no request form in it: answered with the blank form.
        case notARequest
        /// Belongs to an existing request's thread.
        case correspondence
        /// Written by a machine (out-of-office, list, bounce of someone else's mail): never answered.
        case automatic
        /// A delivery status notification about panelmail's own email.
        case bounce
        /// Could not be read; moved to the attention folder with the reason.
        case unreadable
    }

    public var id: Int64?
    public var messageKey: String
    public var messageIDHeader: String?
    /// When the email reached the panel mailbox (the server's INTERNALDATE).
    public var arrivedAt: Date
    public var recordedAt: Date
    public var sender: String?
    public var subject: String
    public var kind: Kind
    public var note: String?
    /// A digest of sender, subject and text, to recognise the same mail sent again.
    public var fingerprint: String?
    public var requestId: Int64?
    public var size: Int
    /// Where the raw bytes (`size` of them) are in ``RawMessageStore``; nil when the
    /// message was too large to fetch.
    public var rawPack: String?
    public var rawOffset: Int?

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension StoredMessage {
    /// Column by column, instead of through `Encodable`: intake writes this row for every
    /// message, and the encoder cost more than the insert. A test checks that the columns
    /// are exactly the table's.
    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["messageKey"] = messageKey
        container["messageIDHeader"] = messageIDHeader
        container["arrivedAt"] = StoredDate.text(arrivedAt)
        container["recordedAt"] = StoredDate.text(recordedAt)
        container["sender"] = sender
        container["subject"] = subject
        container["kind"] = kind
        container["note"] = note
        container["fingerprint"] = fingerprint
        container["requestId"] = requestId
        container["size"] = size
        container["rawPack"] = rawPack
        container["rawOffset"] = rawOffset
    }
}
