import Foundation
import Testing
@testable import PanelStore

/// The raw message packs: every message reads back byte for byte, whether the pack went
/// around the page cache (O_DIRECT) or through it (where a file system refuses that).
@Suite("Raw message packs")
struct RawMessageStoreTests {
    /// Messages that straddle the 1 MiB staging buffer and end mid-block, with a never
    /// fetched (empty) one among them.
    static func messages() -> [[UInt8]] {
        var generator = SystemRandomNumberGenerator()
        func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) } }
        return [bytes(1), bytes(4095), [], bytes(PackWriter.stagingSize - 3), bytes(2 * PackWriter.stagingSize + 17), bytes(4096)]
    }

    static func roundTrip(in parent: String) throws {
        let directory = parent + "/raw-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try RawMessageStore(directory: directory)
        let messages = Self.messages()
        let locations = try store.writeBatch(messages)
        #expect(locations.count == messages.count)
        #expect(locations[2] == nil)
        for (message, location) in zip(messages, locations) where !message.isEmpty {
            let location = try #require(location)
            #expect(location.length == message.count)
            #expect([UInt8](try store.read(location)) == message)
        }
        // Contiguous, in order, and the pack is padded to a whole block (never shorter).
        let stored = locations.compactMap { $0 }
        #expect(zip(stored, stored.dropFirst()).allSatisfy { $0.offset + $0.length == $1.offset })
        let path = directory + "/" + stored[0].pack
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        let end = stored.last!.offset + stored.last!.length
        #expect(size >= end && size % PackWriter.blockSize == 0 && size - end < PackWriter.blockSize)
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode == 0o600)
    }

    @Test("packs on a disk file system read back exactly")
    func diskFileSystem() throws {
        try Self.roundTrip(in: NSTemporaryDirectory())
    }

    @Test("packs on tmpfs read back exactly")
    func tmpfs() throws {
        guard FileManager.default.isWritableFile(atPath: "/dev/shm") else { return }
        try Self.roundTrip(in: "/dev/shm")
    }

    @Test("blocks written through the page cache read back the same, padding included")
    func throughTheCache() throws {
        let path = NSTemporaryDirectory() + "pack-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: path) }
        var writer = try PackWriter(path: path, allowDirect: false)
        #expect(!writer.direct)
        let messages = Self.messages()
        for message in messages { try message.withUnsafeBytes { try writer.append($0) } }
        try writer.finish()
        writer.release()
        let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let all = messages.flatMap { $0 }
        #expect(written.count % PackWriter.blockSize == 0)
        #expect(Array(written.prefix(all.count)) == all)
        #expect(written.dropFirst(all.count).allSatisfy { $0 == 0 })
    }

    @Test("a batch of never-fetched messages makes no pack")
    func nothingToWrite() throws {
        let directory = NSTemporaryDirectory() + "raw-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try RawMessageStore(directory: directory)
        #expect(try store.writeBatch([[], []]) == [nil, nil])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    @Test("a message written as it arrives reads back exactly, in a private pack of its own")
    func messageWrittenAsItArrives() throws {
        let directory = NSTemporaryDirectory() + "raw-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try RawMessageStore(directory: directory)
        let message = Self.messages()[4]  // over two staging buffers, ending mid-block
        let writer = try store.startPack()
        // A first attempt that is abandoned part way (a lost connection), then the whole.
        try message.withUnsafeBytes { try writer.append(UnsafeRawBufferPointer(rebasing: $0[0..<(PackWriter.stagingSize + 5)])) }
        try writer.restart()
        #expect(writer.length == 0)
        for start in stride(from: 0, to: message.count, by: 300_001) {
            try message.withUnsafeBytes { try writer.append(UnsafeRawBufferPointer(rebasing: $0[start..<min(start + 300_001, message.count)])) }
        }
        let location = try writer.finish()
        #expect(location.offset == 0 && location.length == message.count && location.pack == writer.pack)
        #expect([UInt8](try store.read(location)) == message)
        let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/" + location.pack)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        #expect((attributes[.size] as? Int).map { $0 >= message.count && $0 - message.count < PackWriter.blockSize } == true)
    }

    @Test("a message abandoned before it is finished leaves no file behind")
    func abandonedMessageLeavesNothing() throws {
        let directory = NSTemporaryDirectory() + "raw-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try RawMessageStore(directory: directory)
        do {
            let writer = try store.startPack()
            try [UInt8](repeating: 7, count: 10_000).withUnsafeBytes { try writer.append($0) }
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == [writer.pack])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }
}
