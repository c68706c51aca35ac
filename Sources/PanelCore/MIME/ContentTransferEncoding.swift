/// The Content-Transfer-Encoding of a part (RFC 2045 section 6).
public enum ContentTransferEncoding: Sendable, Hashable, CustomStringConvertible {
    case sevenBit
    case eightBit
    case binary
    case quotedPrintable
    case base64
    /// An unknown or non-standard mechanism (e.g. "x-uuencode"); the body is passed through.
    case other(String)

    /// Parses the field value; absent means 7bit (RFC 2045 6.1). Case and comments are ignored.
    public init(headerValue: String?) {
        guard let headerValue else {
            self = .sevenBit
            return
        }
        var token = headerValue
        if let paren = token.firstIndex(of: "(") { token = String(token[..<paren]) }
        if let semicolon = token.firstIndex(of: ";") { token = String(token[..<semicolon]) }
        token = token.trimmingASCIIWhitespace.asciiLowercased
        if token.hasPrefix("\""), token.hasSuffix("\""), token.count >= 2 {
            token = String(token.dropFirst().dropLast())
        }
        switch token {
        case "", "7bit", "7-bit": self = .sevenBit
        case "8bit", "8-bit": self = .eightBit
        case "binary": self = .binary
        case "quoted-printable", "quotedprintable", "qp": self = .quotedPrintable
        case "base64", "base-64": self = .base64
        default: self = .other(token)
        }
    }

    /// Whether the body needs decoding.
    public var isEncoding: Bool {
        self == .quotedPrintable || self == .base64
    }

    public var description: String {
        switch self {
        case .sevenBit: return "7bit"
        case .eightBit: return "8bit"
        case .binary: return "binary"
        case .quotedPrintable: return "quoted-printable"
        case .base64: return "base64"
        case .other(let name): return name
        }
    }

    /// Decodes `input` into `sink` in chunks; identity encodings pass the bytes through.
    public func decode(_ input: UnsafeBufferPointer<UInt8>, chunkSize: Int = 1 << 16, into sink: (UnsafeBufferPointer<UInt8>) -> Void) {
        switch self {
        case .base64:
            Base64Codec.decode(input, chunkSize: chunkSize, into: sink)
        case .quotedPrintable:
            QuotedPrintable.decode(input, chunkSize: chunkSize, into: sink)
        default:
            var start = 0
            let step = max(chunkSize, 1)
            while start < input.count {
                let end = min(start + step, input.count)
                sink(UnsafeBufferPointer(rebasing: input[start..<end]))
                start = end
            }
        }
    }
}
