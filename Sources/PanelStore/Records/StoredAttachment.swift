import Foundation
import GRDB

/// An attachment's identity; its bytes stay in the raw message.
public struct StoredAttachment: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "attachment"
    public var id: Int64?
    public var messageId: Int64
    public var partPath: String
    public var filename: String?
    public var contentType: String
    public var size: Int
    public var sha256: String

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
