import Foundation
import GRDB
import PanelCore

/// A request with what `requests show` prints.
public struct RequestDetail: Sendable {
    public var request: StoredRequest
    public var messages: [StoredMessage]
    public var attachments: [StoredAttachment]
    public var outbox: [OutboxSummary]
    public var signOffs: [StoredSignOff] = []
}

extension AppDatabase {
    /// Requests, newest first.
    /// Requests, newest first; only those in `status` and only urgent ones when asked.
    public func requests(limit: Int = 100, status: StoredRequest.Status? = nil, urgentOnly: Bool = false) throws -> [StoredRequest] {
        try writer.read { db in
            var query = StoredRequest.order(Column("arrivedAt").desc, Column("id").desc)
            if let status { query = query.filter(Column("status") == status.rawValue) }
            if urgentOnly { query = query.filter(Column("urgent") == true) }
            return try query.limit(limit).fetchAll(db)
        }
    }

    public func request(reference: String) throws -> RequestDetail {
        let normalised = RequestReference(reference)?.description ?? reference.uppercased()
        return try writer.read { db in
            guard let request = try StoredRequest.filter(Column("reference") == normalised).fetchOne(db), let id = request.id else {
                throw StoreError.unknownReference(reference)
            }
            // The email that opened it may have opened a sibling's request too.
            let messages = try StoredMessage.filter(Column("requestId") == id || Column("id") == request.messageId)
                .order(Column("arrivedAt"), Column("id")).fetchAll(db)
            let attachments = try StoredAttachment.filter(messages.compactMap(\.id).contains(Column("messageId"))).fetchAll(db)
            let outbox = try OutboxSummary.fetchAll(db, sql: """
                SELECT o.id, o.messageIDHeader, o.purpose, ? AS reference, o.recipients, o.status, o.attempts,
                       o.createdAt, o.sentAt, o.nextAttemptAt, o.reason
                FROM outbox o
                WHERE o.requestId = ? OR o.messageIDHeader IN (SELECT messageIDHeader FROM threadMessage WHERE requestId = ?)
                ORDER BY o.id
                """, arguments: [request.reference, id, id])
            let signOffs = try StoredSignOff.filter(Column("requestId") == id).order(Column("id")).fetchAll(db)
            return RequestDetail(request: request, messages: messages, attachments: attachments, outbox: outbox, signOffs: signOffs)
        }
    }

    /// A request's history, oldest first.
    public func history(reference: String) throws -> (request: StoredRequest, events: [RequestEvent]) {
        let normalised = RequestReference(reference)?.description ?? reference.uppercased()
        return try writer.read { db in
            guard let request = try StoredRequest.filter(Column("reference") == normalised).fetchOne(db), let id = request.id else {
                throw StoreError.unknownReference(reference)
            }
            let events = try RequestEvent.filter(Column("requestId") == id).order(Column("at"), Column("id")).fetchAll(db)
            return (request, events)
        }
    }

    /// Messages recorded, by kind (for summaries and tests).
    public func messageCounts() throws -> [StoredMessage.Kind: Int] {
        try writer.read { db in
            var counts: [StoredMessage.Kind: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT kind, COUNT(*) AS n FROM message GROUP BY kind") {
                if let kind = StoredMessage.Kind(rawValue: row["kind"]) { counts[kind] = row["n"] }
            }
            return counts
        }
    }

    /// The raw bytes of a message as the server gave them.
    public func rawMessage(id: Int64) throws -> Data? {
        let row = try writer.read { db in try Row.fetchOne(db, sql: "SELECT rawPack, rawOffset, size FROM message WHERE id = ?", arguments: [id]) }
        guard let row, let pack: String = row["rawPack"], let offset: Int = row["rawOffset"], let length: Int = row["size"] else { return nil }
        return try rawMessages.read(.init(pack: pack, offset: offset, length: length))
    }
}

