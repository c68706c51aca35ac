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
        var gatherer = NoticeFiles.Gatherer(limit: limit)
        var unreadable: [NoticeFile] = []
        for message in messages {
            do {
                guard let pack = message.rawPack, let offset = message.rawOffset else {
                    throw StoreError(description: "the original email was not stored")
                }
                let location = RawMessageStore.Location(pack: pack, offset: offset, length: message.size)
                try gatherer.add(try read(location)) { part, streamed in
                    try readBack(part, streamed, from: location)
                }
            } catch {
                let rows = try StoredAttachment.filter(Column("messageId") == message.id).order(Column("id")).fetchAll(db)
                unreadable += rows.map {
                    NoticeFile(name: $0.filename ?? $0.contentType, contentType: $0.contentType, size: $0.size, bytes: nil,
                               note: "not attached: \(error)")
                }
            }
        }
        return gatherer.files + unreadable
    }

    /// A stored message, parsed with every large body left out (counted and hashed, see
    /// `MessageSkeletonBuilder`): read from its pack in pieces, so that a 25 MB scan is
    /// never in memory whole. The files that go are read back one by one (`readBack`).
    private func read(_ location: RawMessageStore.Location) throws -> MIMEMessage {
        if location.length <= Self.readWhole {
            return try MIMEParser().parse(try store.bytes(location))
        }
        var builder = MessageSkeletonBuilder(keepAtMost: Self.readWhole) { _, _, _ in false }
        try store.read(location) { builder.append($0) }
        return try builder.finish().parse()
    }

    /// Messages and bodies up to this size are simply held.
    static let readWhole = 256 << 10

    /// A body left out while reading, read back from the pack and decoded: a file that is
    /// to go with the email, so within the limit.
    private func readBack(_ part: MIMEPart, _ streamed: StreamedBody, from location: RawMessageStore.Location) throws -> [UInt8] {
        guard let range = streamed.rawRange, range.upperBound <= location.length else {
            throw StoreError(description: "the file's place in the stored email is unknown")
        }
        let encoded = try store.bytes(.init(pack: location.pack, offset: location.offset + range.lowerBound, length: range.count))
        var decoded: [UInt8] = []
        decoded.reserveCapacity(streamed.size)
        encoded.withUnsafeBufferPointer { part.transferEncoding.decode($0) { decoded.append(contentsOf: $0) } }
        guard decoded.count == streamed.size, SHA256Hex.of(decoded) == streamed.sha256 else {
            throw StoreError(description: "the file read back from the stored email is not the one received")
        }
        return decoded
    }
}
