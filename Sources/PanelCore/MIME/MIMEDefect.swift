/// A tolerated deviation from RFC 5322 or MIME, noted while parsing.
///
/// Defects never carry message content: only what was wrong and where.
public struct MIMEDefect: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// RFC 5322 2.2: a line in the header section that is not a field.
        case headerLineWithoutColon
        /// RFC 5322 2.1: the header section ended without an empty line.
        case missingHeaderBodySeparator
        /// A folded continuation line with no field before it.
        case continuationWithoutField
        /// RFC 2045 5.2: an unparseable Content-Type; text/plain assumed.
        case invalidContentType
        /// RFC 2046 5.1.1: multipart without a boundary parameter.
        case missingBoundary
        /// The boundary was guessed from the body.
        case guessedBoundary
        /// RFC 2046 5.1.1: no delimiter line found; the body is read as text.
        case noBoundaryFound
        /// RFC 2046 5.1.1: the close-delimiter is missing (truncated mail).
        case missingCloseDelimiter
        /// RFC 2045 6.4: a transfer encoding that is not defined or not allowed here.
        case unknownTransferEncoding
        /// RFC 2045 6.4: multipart and message types must not be encoded; decoded anyway.
        case encodedContainer
        /// A NUL byte in the header section of a nested part.
        case nulInHeader
    }

    public let kind: Kind
    /// Byte offset in the buffer the part was parsed from.
    public let offset: Int
    /// The part path (IMAP notation); "" is the message's own header.
    public let partPath: String

    public init(_ kind: Kind, offset: Int, partPath: String) {
        self.kind = kind
        self.offset = offset
        self.partPath = partPath
    }

    public var description: String {
        let place = partPath.isEmpty ? "message" : "part \(partPath)"
        return "\(kind.rawValue) in \(place) at byte \(offset)"
    }
}
