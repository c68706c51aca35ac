import Foundation
import GRDB
import PanelCore

/// A request for a resource, with its reference.
public struct StoredRequest: Codable, Sendable, Identifiable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "request"

    public enum Status: String, Codable, Sendable, DatabaseValueConvertible {
        case open
    }

    public var id: Int64?
    public var reference: String
    public var year: Int
    public var sequence: Int
    public var messageId: Int64
    public var arrivedAt: Date
    /// The address acknowledgements go to (Reply-To, else From).
    public var worker: String
    public var subject: String
    public var status: Status

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

struct ThreadMessage: Codable, FetchableRecord, PersistableRecord {
    var messageIDHeader: String
    var requestId: Int64
}
