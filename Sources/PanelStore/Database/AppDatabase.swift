import Foundation
import GRDB

/// panelmail's SQLite database: the only place state lives.
///
/// Wraps any `DatabaseWriter` so tests can use an in-memory queue while the daemon
/// uses a WAL `DatabasePool` on disk (see ``open(path:)``).
public struct AppDatabase: Sendable {
    let writer: any DatabaseWriter
    /// Where the raw messages are kept.
    public let rawMessages: RawMessageStore

    public init(_ writer: any DatabaseWriter, rawMessages: RawMessageStore) throws {
        self.writer = writer
        self.rawMessages = rawMessages
        try Self.migrator.migrate(writer)
    }

    /// Opens (creating if needed) the database file with the production durability
    /// settings: WAL, `synchronous = FULL` (a commit survives power loss, so a message is
    /// never moved on the server while its record could still vanish), a busy timeout,
    /// and file mode 0600 for the database and its WAL and shared-memory files.
    public static func open(path: String) throws -> AppDatabase {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw StoreError.directoryMissing(directory)
        }
        try createPrivateFile(at: path)
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            chmod(path + suffix, 0o600)
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        return try AppDatabase(pool, rawMessages: RawMessageStore(directory: path + ".messages"))
    }

    /// An empty in-memory database, for tests; raw messages go to a new temporary folder.
    public static func inMemory() throws -> AppDatabase {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("panelmail-raw-\(UUID().uuidString)").path
        return try AppDatabase(DatabaseQueue(), rawMessages: RawMessageStore(directory: folder))
    }

    /// Creates the file with mode 0600 if it does not exist, and tightens it if it does.
    static func createPrivateFile(at path: String) throws {
        let fd = Foundation.open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError.cannotCreate(path, errno: errno) }
        fchmod(fd, 0o600)
        close(fd)
    }
}
