import Foundation
import GRDB
import Testing
@testable import PanelStore

/// The rows intake writes for every message are encoded column by column, not through
/// `Encodable`: each must write exactly its table's columns, and dates exactly as GRDB does.
@Suite("Record encoding")
struct RecordEncodingTests {
    @Test func storedDatesAreWrittenExactlyAsGRDBWritesThem() throws {
        var dates: [Date] = [
            Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -0.0005), Date(timeIntervalSince1970: -86_400.25),
            Date(timeIntervalSince1970: 1_788_253_920.999), Date(timeIntervalSince1970: 1_788_253_920.9999),
            Date(timeIntervalSince1970: 1_709_164_800.5),  // 2024-02-29
            Date(timeIntervalSince1970: 951_782_400.001),  // 2000-02-29
            Date(timeIntervalSince1970: 4_107_542_400.123),  // 2100-03-01
            Date(timeIntervalSince1970: 253_402_300_799.999),  // 9999-12-31 23:59:59.999
            Date(timeIntervalSinceReferenceDate: 0),
        ]
        var random = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            // 1900 to 2200, with sub-millisecond fractions.
            dates.append(Date(timeIntervalSince1970: Double.random(in: -2_208_988_800...7_258_118_400, using: &random)))
            // Around now, to a tenth of a millisecond: halves and near-halves.
            dates.append(Date(timeIntervalSince1970: Double(Int.random(in: 1_700_000_000...2_000_000_000, using: &random))
                + Double(Int.random(in: 0...9999, using: &random)) / 10_000))
        }
        for date in dates {
            let grdb = try #require(String.fromDatabaseValue(date.databaseValue))
            #expect(StoredDate.text(date) == grdb, "\(date.timeIntervalSince1970)")
        }
    }

    @Test func eachRecordWritesExactlyItsTableColumnsAndReadsBackTheSame() throws {
        let db = try AppDatabase.inMemory()
        let at = Date(timeIntervalSince1970: 1_788_253_920.123)
        try db.writer.write { db in
            var message = StoredMessage(
                id: nil, messageKey: "m1@council.test", messageIDHeader: "<m1@council.test>", arrivedAt: at, recordedAt: at.addingTimeInterval(1),
                sender: "worker@council.test", subject: "Request", kind: .request, note: "a note", fingerprint: "abc", requestId: nil,
                size: 1234, rawPack: "pack-1", rawOffset: 99)
            try message.insert(db)
            var request = StoredRequest(
                id: nil, reference: "ARP-2026-00001", year: 2026, sequence: 1, messageId: message.id!, arrivedAt: at,
                worker: "worker@council.test", subject: "Request", status: .listed, form: "{\"entries\":[]}", problems: "one\ntwo",
                caseID: "123", caseKey: "123", resourceType: "Placement", workerEmail: "worker@council.test",
                teamManagerEmail: "manager@council.test", urgent: true, completedAt: at, dueAt: at.addingTimeInterval(3600),
                panelSittingAt: at.addingTimeInterval(86_400), panelDeadlineAt: at.addingTimeInterval(7200), version: 3,
                possibleDuplicateOf: "ARP-2026-00000")
            try request.insert(db)
            message.requestId = request.id
            try message.update(db)
            var event = RequestEvent(requestId: request.id!, at: at, recordedAt: at, actor: "worker@council.test",
                                     messageIDHeader: "<m1@council.test>", event: .received, detail: "detail")
            try event.insert(db)
            var outbox = OutboxMessage(
                id: nil, messageIDHeader: "<ack@council.test>", purpose: "acknowledgement", requestId: request.id, causeMessageId: message.id,
                envelopeFrom: "panel@council.test", recipients: "[\"worker@council.test\"]", message: Data("bytes".utf8),
                status: .sent, attempts: 2, createdAt: at, firstAttemptAt: at, nextAttemptAt: at, sentAt: at, reason: "451", serverReply: "250 ok")
            try outbox.insert(db)
            var location = MailboxLocation(id: nil, folder: "INBOX", uidValidity: 7, uid: 42, messageId: message.id,
                                           destination: .attention, done: true, reason: "unreadable")
            try location.insert(db)

            func check(_ record: some EncodableRecord & TableRecord & FetchableRecord, id: Int64?) throws {
                let table = type(of: record).databaseTableName
                let written = try record.databaseDictionary
                #expect(Set(written.keys) == Set(try db.columns(in: table).map(\.name)), "\(table)")
                let row = try #require(try Row.fetchOne(db, sql: "SELECT * FROM \(table) WHERE id = ?", arguments: [id]))
                for (column, value) in written {
                    #expect(row[column] as DatabaseValue == value, "\(table).\(column)")
                }
                let readBack = try #require(try type(of: record).fetchOne(db, sql: "SELECT * FROM \(table) WHERE id = ?", arguments: [id]))
                #expect(try readBack.databaseDictionary == written, "\(table)")
            }
            try check(message, id: message.id)
            try check(request, id: request.id)
            try check(event, id: event.id)
            try check(outbox, id: outbox.id)
            try check(location, id: location.id)
        }
    }
}
