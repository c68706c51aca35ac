import Foundation
import GRDB
import PanelCore

/// The files a request came with, read back out of the raw messages so that the emails
/// about it (the duty notice) can carry them.
struct RequestFiles: Sendable {
    let store: RawMessageStore
    /// The most file bytes copied into one email.
    let limit: Int

    /// The files sent by the people who made the request (the worker, the worker named
    /// on the form, the team manager), from the opening email and the replies in its
    /// thread, oldest first. A message whose bytes cannot be read back has its files
    /// listed with the reason, so the member still knows they exist.
    func files(of request: StoredRequest, db: Database) throws -> [NoticeFile] {
        guard let id = request.id else { return [] }
        let people = Set([request.worker, request.workerEmail, request.teamManagerEmail].compactMap { $0?.lowercased() })
        let messages = try StoredMessage
            .filter(Column("id") == request.messageId
                    || (Column("requestId") == id && [StoredMessage.Kind.request, .correspondence].contains(Column("kind"))))
            .filter(sql: "EXISTS (SELECT 1 FROM attachment WHERE attachment.messageId = message.id)")
            .order(Column("arrivedAt"), Column("id"))
            .fetchAll(db)
            .filter { $0.id == request.messageId || people.contains(($0.sender ?? "").lowercased()) }
        var parsed: [MIMEMessage] = []
        var unreadable: [NoticeFile] = []
        for message in messages {
            do {
                guard let pack = message.rawPack, let offset = message.rawOffset else {
                    throw StoreError(description: "the original email was not stored")
                }
                let raw = try store.read(.init(pack: pack, offset: offset, length: message.size))
                parsed.append(try MIMEParser().parse([UInt8](raw)))
            } catch {
                let rows = try StoredAttachment.filter(Column("messageId") == message.id).order(Column("id")).fetchAll(db)
                unreadable += rows.map {
                    NoticeFile(name: $0.filename ?? $0.contentType, contentType: $0.contentType, size: $0.size, bytes: nil,
                               note: "not attached: \(error)")
                }
            }
        }
        return NoticeFiles.gather(parsed, limit: limit) + unreadable
    }
}
