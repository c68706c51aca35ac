import Foundation
import GRDB

/// A sign-off by a party of record: ENDORSE, or NOT ENDORSED with a reason.
public struct StoredSignOff: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "signOff"
    public var id: Int64?
    public var requestId: Int64
    public var version: Int
    /// `team-manager`, `service-manager`, `iro`.
    public var role: String
    public var party: String
    public var endorsed: Bool
    public var reason: String
    public var messageIDHeader: String?
    public var at: Date

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// "team manager ENDORSED (tm@council.test)", for emails and listings.
    public var summary: String {
        let who = role.replacingOccurrences(of: "-", with: " ")
        return endorsed ? "\(who): endorsed (\(party))" : "\(who): NOT ENDORSED (\(party)): \(reason)"
    }
}

extension AppDatabase {
    /// A request's sign-offs, oldest first.
    public func signOffs(requestId: Int64) throws -> [StoredSignOff] {
        try writer.read { db in try StoredSignOff.filter(Column("requestId") == requestId).order(Column("id")).fetchAll(db) }
    }
}
