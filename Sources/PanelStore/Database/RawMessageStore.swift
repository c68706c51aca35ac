import Foundation

/// The raw messages, exactly as the server gave them: one private file each, named by the
/// SHA-256 of its bytes, in a folder beside the database.
///
/// Files rather than blobs so a 30 MB message is held in memory once, not copied again
/// into SQLite's statement buffers. A batch's files are written first and made durable
/// with one `syncfs`, then the database commit names them: a crash in between leaves
/// only an unreferenced file, which the same message rewrites under the same name.
public struct RawMessageStore: Sendable {
    public let directory: String

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

    public func path(for sha256: String) -> String { directory + "/" + sha256 + ".eml" }

    /// Writes the bytes if no file of that digest exists yet. Not yet durable: call
    /// ``makeDurable()`` before committing the rows that name it.
    public func write(_ bytes: [UInt8], sha256: String) throws {
        let path = path(for: sha256)
        if FileManager.default.fileExists(atPath: path) { return }
        let temporary = path + ".tmp"
        let fd = open(temporary, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError.cannotCreate(temporary, errno: errno) }
        defer { close(fd) }
        var written = 0
        try bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let n = Foundation.write(fd, buffer.baseAddress! + written, buffer.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw StoreError.cannotCreate(temporary, errno: errno)
                }
                written += n
            }
        }
        guard rename(temporary, path) == 0 else { throw StoreError.cannotCreate(path, errno: errno) }
    }

    /// Flushes every file written so far (and the folder entries) to disk, in one call.
    public func makeDurable() throws {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError.cannotCreate(directory, errno: errno) }
        defer { close(fd) }
        guard linuxSyncfs(fd) == 0 else { throw StoreError.cannotCreate(directory, errno: errno) }
    }

    public func read(sha256: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path(for: sha256)))
    }
}

/// Linux's syncfs(2), which Glibc's Swift module hides behind _GNU_SOURCE: one call makes
/// a whole batch of files durable, where an fsync per file would cost a journal commit each.
@_silgen_name("syncfs")
private func linuxSyncfs(_ fd: Int32) -> Int32
