import Foundation
import PanelCore

/// The raw messages, exactly as the server gave them, in private append-only pack files
/// beside the database: one pack per intake batch, each message a byte range in it.
///
/// Files rather than SQLite blobs, so that no message is copied into statement buffers
/// and a large one is never held whole: it is written as it arrives (`OpenPack`). One
/// pack per batch rather than a file per message, so a thousand messages cost twenty
/// file creations and twenty fsyncs, not a thousand of each; a message over 1 MiB gets a
/// pack of its own. A pack is made durable before the database commit that names it: a
/// crash in between leaves only an unreferenced pack.
///
/// Packs are written around the page cache (`O_DIRECT`) where the file system allows it:
/// copying hundreds of megabytes into the cache cost more CPU than parsing them, and the
/// cache would only hold what is rarely read again. The pack ends with zeros up to a
/// whole block; messages are found by their byte ranges, never by the file's length.
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
        let pack = try startPack()
        let locations = try messages.map { $0.isEmpty ? nil : try pack.append(message: $0) }
        try pack.finish()
        return locations
    }

    /// Starts a pack to be written as messages arrive (see `OpenPack`).
    public func startPack() throws -> OpenPack {
        try OpenPack(store: self)
    }

    /// Packs are named by creation time and a random suffix: never reused.
    static func newPackName() -> String {
        var random = SystemRandomNumberGenerator()
        return "\(Int(Date().timeIntervalSince1970 * 1000))-\(String(random.next() & 0xFFFF_FFFF, radix: 16)).pack"
    }

    /// A pack being written while messages arrive, so that none is held in memory until
    /// its batch is committed: whole messages one after another (`append(message:)`), or
    /// one large message in pieces as it comes off the network (`append(_:)`). The pack
    /// is durable once `finish()` returns; a pack dropped before that removes its file.
    ///
    /// Not thread-safe: used by one task or thread at a time.
    public final class OpenPack {
        let store: RawMessageStore
        public let pack: String
        private var writer: PackWriter
        private var finished = false
        /// Bytes appended so far.
        public private(set) var length = 0

        init(store: RawMessageStore) throws {
            self.store = store
            pack = RawMessageStore.newPackName()
            writer = try PackWriter(path: store.directory + "/" + pack)
        }

        deinit {
            writer.release()
            if !finished { unlink(writer.path) }
        }

        public func append(_ bytes: UnsafeRawBufferPointer) throws {
            precondition(!finished, "append after finish")
            try writer.append(bytes)
            length += bytes.count
        }

        /// Appends one whole message and gives its place.
        public func append(message bytes: [UInt8]) throws -> Location {
            let offset = length
            try bytes.withUnsafeBytes { try append($0) }
            return Location(pack: pack, offset: offset, length: bytes.count)
        }

        /// Drops everything appended: the fetch of a pack's one message starts again from
        /// its first byte.
        public func restart() throws {
            precondition(!finished, "restart after finish")
            try writer.truncate()
            length = 0
        }

        /// Makes the pack durable (the file and the folder entry) and gives the place of
        /// everything in it (a pack's one message). Finishing a finished pack does nothing.
        @discardableResult
        public func finish() throws -> Location {
            if !finished {
                try writer.finish()
                try store.syncDirectory()
                finished = true
            }
            return Location(pack: pack, offset: 0, length: length)
        }
    }

    public func read(_ location: Location) throws -> Data {
        guard location.length > 0 else { return Data() }
        var data = Data(count: location.length)
        try withPack(location) { fd, path in
            try data.withUnsafeMutableBytes { buffer in
                try Self.readFully(fd, into: buffer.baseAddress!, count: location.length, at: location.offset, path: path)
            }
        }
        return data
    }

    /// One message's bytes (or any range of a pack), read straight into the array.
    public func bytes(_ location: Location) throws -> [UInt8] {
        guard location.length > 0 else { return [] }
        return try withPack(location) { fd, path in
            try [UInt8](unsafeUninitializedCapacity: location.length) { buffer, count in
                try Self.readFully(fd, into: buffer.baseAddress!, count: location.length, at: location.offset, path: path)
                count = location.length
            }
        }
    }

    /// The SHA-256 (lower-case hex) of one message's bytes, read in 1 MiB pieces.
    public func sha256(of location: Location) throws -> String {
        try SHA256Hex.of { feed in try read(location, inPieces: feed) }
    }

    /// One message's bytes passed to `body` in pieces of at most 1 MiB, never held whole.
    public func read(_ location: Location, inPieces body: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard location.length > 0 else { return }
        try withPack(location) { fd, path in
            let piece = min(1 << 20, location.length)
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: piece, alignment: 16)
            defer { buffer.deallocate() }
            var done = 0
            while done < location.length {
                let n = min(piece, location.length - done)
                try Self.readFully(fd, into: buffer, count: n, at: location.offset + done, path: path)
                try body(UnsafeRawBufferPointer(start: buffer, count: n))
                done += n
            }
        }
    }

    /// Opens the pack that holds `location` for reading, for the length of `body`.
    private func withPack<T>(_ location: Location, _ body: (_ fd: Int32, _ path: String) throws -> T) throws -> T {
        let path = directory + "/" + location.pack
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError(description: "cannot read the raw message in \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        return try body(fd, path)
    }

    /// Exactly `count` bytes from `offset`, however many reads that takes.
    private static func readFully(_ fd: Int32, into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int, path: String) throws {
        var done = 0
        while done < count {
            let n = pread(fd, buffer + done, count - done, off_t(offset + done))
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw StoreError(description: "the raw message in \(path) is truncated") }
            done += n
        }
    }

    fileprivate func syncDirectory() throws {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError.cannotCreate(directory, errno: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw StoreError.cannotCreate(directory, errno: errno) }
    }
}

/// Appends to a new pack through a block-aligned staging buffer, so that writes can go
/// around the page cache (`O_DIRECT`). Where the file system refuses direct writes
/// (tmpfs, some network file systems), the same blocks are written through the cache.
struct PackWriter {
    /// Direct writes must be whole blocks from block-aligned memory; 4 KiB suits every
    /// disk's logical block size.
    static let blockSize = 4096
    static let stagingSize = 1 << 20

    let path: String
    private var fd: Int32
    private let staging: UnsafeMutableRawPointer
    private var filled = 0
    /// Whether writes go around the page cache.
    private(set) var direct: Bool

    /// `allowDirect: false` writes through the cache from the start (for tests of that path).
    init(path: String, allowDirect: Bool = true) throws {
        self.path = path
        var fd: Int32 = -1
        direct = false
        if allowDirect, let flag = Self.directFlag {
            fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | flag, 0o600)
            direct = fd >= 0
            if fd < 0 && errno != EINVAL { throw StoreError.cannotCreate(path, errno: errno) }
        }
        if fd < 0 { fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600) }
        guard fd >= 0 else { throw StoreError.cannotCreate(path, errno: errno) }
        var memory: UnsafeMutableRawPointer?
        guard posix_memalign(&memory, Self.blockSize, Self.stagingSize) == 0, let memory else {
            close(fd)
            throw StoreError(description: "cannot allocate \(Self.stagingSize) bytes to write \(path)")
        }
        self.fd = fd
        staging = memory
    }

    /// `O_DIRECT` is not in Swift's Glibc module; its value differs by architecture.
    static var directFlag: Int32? {
        #if os(Linux) && arch(x86_64)
            return 0o40000
        #elseif os(Linux) && arch(arm64)
            return 0o200000
        #else
            return nil
        #endif
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) throws {
        var copied = 0
        while copied < bytes.count {
            let n = min(bytes.count - copied, Self.stagingSize - filled)
            (staging + filled).copyMemory(from: bytes.baseAddress! + copied, byteCount: n)
            filled += n
            copied += n
            if filled == Self.stagingSize { try flush() }
        }
    }

    /// Writes what is staged, padded with zeros to a whole block, and syncs the file.
    mutating func finish() throws {
        let padded = (filled + Self.blockSize - 1) / Self.blockSize * Self.blockSize
        (staging + filled).initializeMemory(as: UInt8.self, repeating: 0, count: padded - filled)
        filled = padded
        try flush()
        guard fdatasync(fd) == 0 else { throw StoreError.cannotCreate(path, errno: errno) }
    }

    /// Drops everything written so far, staged or on disk.
    mutating func truncate() throws {
        filled = 0
        guard ftruncate(fd, 0) == 0, lseek(fd, 0, SEEK_SET) == 0 else { throw StoreError.cannotCreate(path, errno: errno) }
    }

    /// Closes the file and frees the staging buffer.
    func release() {
        close(fd)
        staging.deallocate()
    }

    private mutating func flush() throws {
        var written = 0
        while written < filled {
            let n = write(fd, staging + written, filled - written)
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EINVAL && direct {
                    // The file system takes no direct writes after all: write through the cache.
                    direct = false
                    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~Self.directFlag!)
                    continue
                }
                throw StoreError.cannotCreate(path, errno: errno)
            }
            written += n
        }
        filled = 0
    }
}
