import Foundation
import Testing
@testable import PanelCore

/// Which of a request's files travel with the duty member's notice.
@Suite("Files carried by a notice")
struct NoticeFilesTests {
    typealias Part = FormFinderTests.Part

    static func message(_ parts: [Part]) throws -> MIMEMessage {
        let raw = FormFinderTests.email(body: "Please see attached.", parts: parts, headers: "")
        return try MIMEParser().parse(raw)
    }

    static func bytes(_ count: Int, seed: UInt8) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31) ^ seed } }

    @Test func anOutlookSignatureLogoIsNotAFileOfTheRequestButTheWordFormIs() throws {
        let files = NoticeFiles.gather([try Fixture.message("outlook-docx-inline-image")], limit: NoticeFiles.defaultLimit)
        #expect(files.map(\.name) == ["Panel request form - RB.docx"])
        #expect(files.first?.bytes?.count == files.first?.size)
        #expect(files.first?.attachment?.contentType == "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    }

    @Test func theBytesAreTheDecodedFileAndTheSameFileSentTwiceGoesOnce() throws {
        let report = Self.bytes(5000, seed: 1)
        let first = try Self.message([Part(type: "application/pdf", filename: "report.pdf", bytes: report)])
        let again = try Self.message([Part(type: "application/pdf", filename: "report (1).pdf", bytes: report),
                                      Part(type: "image/jpeg", filename: "photo.jpg", bytes: Self.bytes(300, seed: 2))])
        let files = NoticeFiles.gather([first, again], limit: NoticeFiles.defaultLimit)
        #expect(files.map(\.name) == ["report.pdf", "photo.jpg"])
        #expect(files[0].bytes == report)
        #expect(files.allSatisfy { $0.note == nil })
    }

    /// Apple Mail marks attached PDFs inline: they are still files.
    @Test func anInlinePDFWithoutAContentIDIsAFile() throws {
        let files = NoticeFiles.gather([try Self.message([Part(type: "application/pdf", filename: "plan.pdf", bytes: Self.bytes(100, seed: 3), inline: true)])], limit: 1000)
        #expect(files.map(\.name) == ["plan.pdf"])
    }

    @Test func aFileThatWouldPassTheLimitIsListedAndSmallerOnesStillGo() throws {
        let message = try Self.message([
            Part(type: "application/pdf", filename: "a.pdf", bytes: Self.bytes(600, seed: 4)),
            Part(type: "application/pdf", filename: "scan.pdf", bytes: Self.bytes(900, seed: 5)),
            Part(type: "text/csv", filename: "costs.csv", bytes: Self.bytes(300, seed: 6)),
        ])
        let files = NoticeFiles.gather([message], limit: 1000)
        #expect(files.map(\.name) == ["a.pdf", "scan.pdf", "costs.csv"])
        #expect(files.map { $0.bytes != nil } == [true, false, true])
        #expect(files[1].note?.contains("it is in the worker's email in the panel mailbox") == true)
        #expect(files[1].attachment == nil)
    }

    @Test func aLimitOfNothingListsEveryFile() throws {
        let message = try Self.message([Part(type: "application/pdf", filename: "a.pdf", bytes: Self.bytes(10, seed: 7))])
        #expect(NoticeFiles.gather([message], limit: 0).map(\.bytes) == [nil])
    }

    /// A message read with its large parts left out (a skeleton): a left-out file that
    /// fits is read back through its place in the raw message; one that does not fit is
    /// listed from its recorded size; if reading back fails, nothing of the message is taken.
    @Test func aFileLeftOutOfASkeletonIsReadBackFromItsPlaceWhenItFits() throws {
        struct Unreadable: Error {}
        let report = Self.bytes(5000, seed: 8)
        let raw = FormFinderTests.email(body: "Please see attached.", parts: [
            Part(type: "application/pdf", filename: "report.pdf", bytes: report),
            Part(type: "text/csv", filename: "costs.csv", bytes: Self.bytes(30, seed: 9)),
        ], headers: "")
        var builder = MessageSkeletonBuilder(keepAtMost: 1000) { _, _, _ in false }
        builder.append(raw)
        let skeleton = try builder.finish().parse()
        func readBack(_ part: MIMEPart, _ streamed: StreamedBody) throws -> [UInt8] {
            let range = try #require(streamed.rawRange)
            var decoded: [UInt8] = []
            Array(raw[range]).withUnsafeBufferPointer { part.transferEncoding.decode($0) { decoded.append(contentsOf: $0) } }
            return decoded
        }

        var failing = NoticeFiles.Gatherer(limit: 10_000)
        #expect(throws: Unreadable.self) { try failing.add(skeleton) { _, _ in throw Unreadable() } }
        #expect(failing.files.isEmpty && failing.room == 10_000)

        var roomy = NoticeFiles.Gatherer(limit: 10_000)
        try roomy.add(skeleton, leftOut: readBack)
        #expect(roomy.files.map(\.bytes) == [report, Self.bytes(30, seed: 9)])

        var tight = NoticeFiles.Gatherer(limit: 1000)
        try tight.add(skeleton, leftOut: readBack)
        #expect(tight.files.map(\.name) == ["report.pdf", "costs.csv"])
        #expect(tight.files.map(\.size) == [5000, 30])
        #expect(tight.files.map { $0.bytes != nil } == [false, true])
        #expect(tight.room == 970)
    }
}
