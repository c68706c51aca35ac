import Foundation
import GRDB

/// Where a message sits on the IMAP server and what is still to be done with it there.
///
/// A location is written in the same transaction as the message it holds, so a crash
/// between that commit and the move leaves a row with `done == false`: the next poll
/// finishes the move instead of taking the message again.
public struct MailboxLocation: Codable, Sendable, Identifiable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "mailboxLocation"
    public var id: Int64?
    public var folder: String
    public var uidValidity: Int64
    public var uid: Int64
    public var messageId: Int64?
    /// The folder to move it to, or the keyword to mark it with when moves are off.
    public var destination: Destination
    public var done: Bool
    public var reason: String?

    public enum Destination: String, Codable, Sendable, DatabaseValueConvertible {
        case processed
        case attention
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension MailboxLocation {
    /// Column by column (see `StoredMessage.encode(to:)`).
    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["folder"] = folder
        container["uidValidity"] = uidValidity
        container["uid"] = uid
        container["messageId"] = messageId
        container["destination"] = destination
        container["done"] = done
        container["reason"] = reason
    }
}
