import Foundation
import GRDB

/// A decision applied to a request by email.
public struct StoredDecision: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "decision"
    public var id: Int64?
    public var requestId: Int64
    /// The version of the request that was decided.
    public var version: Int
    /// `approve`, `decline`, `more-info`, `defer`.
    public var action: String
    /// An approval's lower amount or shorter term, as the decision email gives it.
    public var terms: String
    public var rationale: String
    public var decidedBy: String
    public var signedName: String?
    public var viaSharedMailbox: Bool
    public var messageIDHeader: String?
    public var decidedAt: Date

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
