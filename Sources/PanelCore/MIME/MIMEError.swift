/// Why a message could not be read at all.
///
/// Only input that is truly unreadable (empty, binary, or over a `MIMELimits` bound)
/// throws; malformed but readable mail is parsed with `MIMEDefect`s instead.
/// The description says what, where (byte offset and part path) and what to do,
/// and never quotes message content.
public struct MIMEError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case empty
        case messageTooLarge
        case headerTooLarge
        case tooManyHeaderFields
        case tooDeep
        case tooManyParts
        case binaryHeader
    }

    public let kind: Kind
    /// Byte offset in the raw message (or in the decoded part for encoded containers).
    public let offset: Int?
    /// The part path in IMAP notation ("1.2"); "" is the top-level header section.
    public let partPath: String?
    /// The measured value and the limit that it exceeded, where relevant.
    public let measured: Int?
    public let limit: Int?

    init(_ kind: Kind, offset: Int? = nil, partPath: String? = nil, measured: Int? = nil, limit: Int? = nil) {
        self.kind = kind
        self.offset = offset
        self.partPath = partPath
        self.measured = measured
        self.limit = limit
    }

    static func empty() -> MIMEError { MIMEError(.empty, offset: 0) }
    static func messageTooLarge(size: Int, limit: Int) -> MIMEError {
        MIMEError(.messageTooLarge, offset: 0, measured: size, limit: limit)
    }
    static func headerTooLarge(offset: Int, path: String, limit: Int) -> MIMEError {
        MIMEError(.headerTooLarge, offset: offset, partPath: path, limit: limit)
    }
    static func tooManyHeaderFields(offset: Int, path: String, limit: Int) -> MIMEError {
        MIMEError(.tooManyHeaderFields, offset: offset, partPath: path, limit: limit)
    }
    static func tooDeep(offset: Int, path: String, limit: Int) -> MIMEError {
        MIMEError(.tooDeep, offset: offset, partPath: path, measured: limit + 1, limit: limit)
    }
    static func tooManyParts(offset: Int, path: String, limit: Int) -> MIMEError {
        MIMEError(.tooManyParts, offset: offset, partPath: path, measured: limit + 1, limit: limit)
    }
    static func binaryHeader(offset: Int, path: String) -> MIMEError {
        MIMEError(.binaryHeader, offset: offset, partPath: path)
    }

    private var place: String {
        var words: [String] = []
        if let partPath { words.append(partPath.isEmpty ? "in the message header" : "in part \(partPath)") }
        if let offset { words.append("at byte \(offset)") }
        return words.joined(separator: " ")
    }

    public var description: String {
        switch kind {
        case .empty:
            return "the message is empty (0 bytes); fetch it again or check the mailbox"
        case .messageTooLarge:
            return "the message is \(measured ?? 0) bytes, over the \(limit ?? 0)-byte limit (MIMELimits.maxMessageBytes); raise the limit or handle it by hand"
        case .headerTooLarge:
            return "a header section \(place) is over the \(limit ?? 0)-byte limit (MIMELimits.maxHeaderBytes); the message is probably not email"
        case .tooManyHeaderFields:
            return "a header section \(place) has over \(limit ?? 0) fields (MIMELimits.maxHeaderFields); the message is probably not email"
        case .tooDeep:
            return "parts are nested more than \(limit ?? 0) levels deep \(place) (MIMELimits.maxDepth); the message is malformed or hostile"
        case .tooManyParts:
            return "the message has more than \(limit ?? 0) parts, the limit was reached \(place) (MIMELimits.maxParts); the message is malformed or hostile"
        case .binaryHeader:
            return "the header section holds binary data (a NUL byte) \(place); the data is not an email message"
        }
    }
}
