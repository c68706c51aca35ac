import Foundation

/// The IMAP operations the daemon needs, so it can be tested with a fake and the transport swapped.
///
/// Folder names are given in readable form ("Needs attention", "Entwürfe"); the implementation
/// encodes them. UIDs are only meaningful together with the folder's UIDVALIDITY.
public protocol MailboxClient: Sendable {
    /// Selects `folder` (read-write) and reports its UIDVALIDITY, message count and UIDNEXT.
    func select(_ folder: String) async throws -> FolderStatus

    /// UID, flags, INTERNALDATE and size of every message in `folder`, in UID order, with the
    /// folder's UIDVALIDITY. New mail that arrived since the last command is included.
    func listMessages(in folder: String) async throws -> (uidValidity: UInt32, messages: [MessageSummary])

    /// The exact bytes of one message, without setting `\Seen`. Throws `.uidValidityChanged`
    /// when `uidValidity` is stale, `.messageNotFound` when the UID is gone, and
    /// `.messageTooLarge` (aborting the transfer) when it is larger than `maxBytes`.
    func fetch(uid: UInt32, uidValidity: UInt32, folder: String, maxBytes: Int) async throws -> [UInt8]

    /// The same, but the bytes go to `sink` as they arrive instead of being held: for a
    /// message too large to hold in memory. Returns how many bytes were delivered.
    func fetch(uid: UInt32, uidValidity: UInt32, folder: String, maxBytes: Int, into sink: some MessageByteSink) async throws -> Int

    /// Several messages in one round trip: their fetches are sent together (pipelined) and
    /// answered each on its own, by UID. A message that is gone has no entry; any other
    /// failure (a stale `uidValidity`, one message over `maxBytes`, a lost connection)
    /// throws, and the caller can fetch the messages one by one to learn each one's fate.
    func fetch(uids: [UInt32], uidValidity: UInt32, folder: String, maxBytes: Int) async throws -> [UInt32: [UInt8]]

    func removeFlags(_ flags: Set<String>, uids: [UInt32], folder: String) async throws
    func addFlags(_ flags: Set<String>, uids: [UInt32], folder: String) async throws

    /// Moves messages; returns old UID to new UID in `destination` when the server reports it (COPYUID).
    @discardableResult
    func move(uids: [UInt32], from folder: String, to destination: String) async throws -> [UInt32: UInt32]

    /// Creates `name` (and subscribes to it) unless it exists.
    func ensureFolder(_ name: String) async throws
    func folderExists(_ name: String) async throws -> Bool

    /// Stores a message with the given flags and INTERNALDATE (now when nil).
    @discardableResult
    func append(_ message: [UInt8], to folder: String, flags: Set<String>, internalDate: Date?) async throws -> AppendedMessage?

    /// Keeps the connection alive and picks up changes; reconnects if it was lost.
    func noop() async throws
    /// Logs out and closes the connection; the next call connects again.
    func logout() async
}

/// Receives a message's bytes as they arrive, on the IMAP connection's own thread.
public protocol MessageByteSink: Sendable {
    /// Called before the first bytes, and again when the fetch starts over on a new
    /// connection (the old one was lost mid-message): drop whatever was received.
    func restart() throws
    func receive(_ bytes: UnsafeRawBufferPointer) throws
}
