import Foundation

/// What SELECT reported about a folder (RFC 9051 6.3.2).
public struct FolderStatus: Sendable, Hashable {
    /// The folder's readable name.
    public var name: String
    /// UIDs are only comparable while this stays the same (RFC 9051 2.3.1.1).
    public var uidValidity: UInt32
    /// Number of messages (EXISTS).
    public var messageCount: Int
    /// The UID the next new message will get at least; nil if the server did not say.
    public var uidNext: UInt32?
    /// The server allows only reading (no flag changes, no moves).
    public var isReadOnly: Bool
    /// PERMANENTFLAGS includes `\*`: new keywords such as `$Panelmail` can be stored.
    public var allowsNewKeywords: Bool

    public init(name: String, uidValidity: UInt32, messageCount: Int, uidNext: UInt32?, isReadOnly: Bool, allowsNewKeywords: Bool) {
        self.name = name
        self.uidValidity = uidValidity
        self.messageCount = messageCount
        self.uidNext = uidNext
        self.isReadOnly = isReadOnly
        self.allowsNewKeywords = allowsNewKeywords
    }
}

/// One message in a folder listing, without its content.
public struct MessageSummary: Sendable, Hashable {
    public var uid: UInt32
    /// System flags in their RFC spelling (`\Seen`, `\Answered`, ...) and keywords as stored.
    public var flags: Set<String>
    /// When the server received the message (INTERNALDATE).
    public var internalDate: Date
    /// RFC822.SIZE in bytes.
    public var size: Int

    public init(uid: UInt32, flags: Set<String>, internalDate: Date, size: Int) {
        self.uid = uid
        self.flags = flags
        self.internalDate = internalDate
        self.size = size
    }
}

/// Where an appended message landed (APPENDUID, RFC 4315), when the server says.
public struct AppendedMessage: Sendable, Hashable {
    public var uidValidity: UInt32
    public var uid: UInt32

    public init(uidValidity: UInt32, uid: UInt32) {
        self.uidValidity = uidValidity
        self.uid = uid
    }
}

/// Well-known flags.
public enum MailFlag {
    public static let seen = "\\Seen"
    public static let answered = "\\Answered"
    public static let flagged = "\\Flagged"
    public static let deleted = "\\Deleted"
    public static let draft = "\\Draft"
}
