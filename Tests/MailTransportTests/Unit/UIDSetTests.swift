import Testing

@testable import MailTransport

@Suite("UID sets")
struct UIDSetTests {
    @Test func compressesIntoRanges() {
        #expect(UIDSet.format([9, 1, 2, 3, 5, 3, 10, 11, 12, 7]) == "1:3,5,7,9:12")
        #expect(UIDSet.format([42]) == "42")
        #expect(UIDSet.format([UInt32]()) == "")
        #expect(UIDSet.format([UInt32.max, UInt32.max - 1]) == "4294967294:4294967295")
    }

    @Test func splitsLongSetsIntoShortCommands() {
        let uids = stride(from: UInt32(1), through: 40_000, by: 2).map { $0 }  // 20,000 single UIDs
        let chunks = UIDSet.chunks(uids, maxLength: 4000)
        #expect(chunks.count > 1)
        #expect(chunks.allSatisfy { $0.utf8.count <= 4000 })
        let rejoined = chunks.flatMap { UIDSet.parse($0) ?? [] }
        #expect(rejoined == uids)
    }

    @Test func dropsZeroAndKeepsRangesWhole() {
        #expect(UIDSet.chunks([0, 1, 2, 3]) == ["1:3"])
        #expect(UIDSet.chunks([1, 2, 3, 10], maxLength: 4) == ["1:3", "10"])
    }

    @Test func parsesCopyUIDSets() {
        #expect(UIDSet.parse("3:5,9") == [3, 4, 5, 9])
        #expect(UIDSet.parse("5:3") == [3, 4, 5])
        #expect(UIDSet.parse("1:*") == nil)
        #expect(UIDSet.parse("") == nil)
        #expect(UIDSet.parse("1:2000000") == nil)
    }
}
