import Foundation

/// The raw messages, exactly as the server gave them, in private append-only pack files
/// beside the database: one pack per intake batch, each message a byte range in it.
///
/// Files rather than SQLite blobs, so a 30 MB message is held in memory once and not
/// copied again into statement buffers; one pack per batch rather than a file per
/// message, so a thousand messages cost twenty file creations and twenty fsyncs, not a
/// thousand of each. A batch's pack is made durable before the database commit that
/// names it: a crash in between leaves only an unreferenced pack.
public struct RawMessageStore: Sendable {
    public let directory: String

    /// Where one message's bytes are.
    public struct Location: Sendable, Equatable {
        public var pack: String
        public var offset: Int
        public var length: Int
    }

    public init(directory: String) throws {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard mkdir(directory, 0o700) == 0 || errno == EEXIST else { throw StoreError.cannotCreate(directory, errno: errno) }
        } else if !isDirectory.boolValue {
            throw StoreError(description: "\(directory) is not a folder: panelmail keeps raw messages there")
        }
        chmod(directory, 0o700)
        self.directory = directory
    }

    /// Writes the messages into a new pack (mode 0600) and syncs it and the folder.
    /// Empty messages (never fetched) get no location.
    public func writeBatch(_ messages: [[UInt8]]) throws -> [Location?] {
        guard messages.contains(where: { !$0.isEmpty }) else { return messages.map { _ in nil } }
        var random = SystemRandomNumberGenerator()
        let name = "\(Int(Date().timeIntervalSince1970 * 1000))-\(String(random.next() & 0xFFFF_FFFF, radix: 16)).pack"
        let path = directory + "/" + name
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError.cannotCreate(path, errno: errno) }
        defer { close(fd) }
        var offset = 0
        var locations: [Location?] = []
        locations.reserveCapacity(messages.count)
        for bytes in messages {
            guard !bytes.isEmpty else { locations.append(nil); continue }
            try Self.writeAll(fd, bytes, path: path)
            locations.append(Location(pack: name, offset: offset, length: bytes.count))
            offset += bytes.count
        }
        guard fdatasync(fd) == 0 else { throw StoreError.cannotCreate(path, errno: errno) }
        try syncDirectory()
        return locations
    }

    public func read(_ location: Location) throws -> Data {
        let path = directory + "/" + location.pack
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError(description: "cannot read the raw message in \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var data = Data(count: location.length)
        let read = data.withUnsafeMutableBytes { buffer in pread(fd, buffer.baseAddress, location.length, off_t(location.offset)) }
        guard read == location.length else { throw StoreError(description: "the raw message in \(path) is truncated") }
        return data
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        var written = 0
        try bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let n = write(fd, buffer.baseAddress! + written, buffer.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw StoreError.cannotCreate(path, errno: errno)
                }
                written += n
            }
        }
    }

    private func syncDirectory() throws {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError.cannotCreate(directory, errno: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw StoreError.cannotCreate(directory, errno: errno) }
    }
}
