/// A parsed Content-Type field (RFC 2045 section 5, RFC 2046).
///
/// Type and subtype are lower-cased. Unparseable values give nil, and the part
/// then defaults to text/plain; charset=us-ascii (RFC 2045 5.2).
public struct ContentType: Sendable, Hashable, CustomStringConvertible {
    public var type: String
    public var subtype: String
    public var parameters: MIMEParameters

    public init(type: String, subtype: String, parameters: MIMEParameters = MIMEParameters()) {
        self.type = type.asciiLowercased
        self.subtype = subtype.asciiLowercased
        self.parameters = parameters
    }

    /// The RFC 2045 5.2 default.
    public static let textPlain = ContentType(type: "text", subtype: "plain", parameters: MIMEParameters([.init(name: "charset", value: "us-ascii")]))
    /// The default inside multipart/digest (RFC 2046 5.1.5).
    public static let messageRFC822 = ContentType(type: "message", subtype: "rfc822")

    /// Parses the unfolded field value (not RFC 2047-decoded).
    public init?(headerValue: String) {
        let bytes = Array(headerValue.utf8)
        guard let parsed = bytes.withUnsafeBufferPointer({ ContentType.parse($0) }) else { return nil }
        self = parsed
    }

    private static func parse(_ b: UnsafeBufferPointer<UInt8>) -> ContentType? {
        var i = 0
        let n = b.count
        func skipSpaceAndComments() {
            while i < n {
                if ByteScan.isWSP(b[i]) || b[i] == 0x0D || b[i] == 0x0A {
                    i += 1
                } else if b[i] == UInt8(ascii: "(") {
                    i = MIMEParameters.skipComment(b, i)
                } else {
                    break
                }
            }
        }
        func token() -> String {
            let start = i
            while i < n, isTokenByte(b[i]) { i += 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
        }
        skipSpaceAndComments()
        let type = token()
        skipSpaceAndComments()
        guard !type.isEmpty, i < n, b[i] == UInt8(ascii: "/") else { return nil }
        i += 1
        skipSpaceAndComments()
        let subtype = token()
        guard !subtype.isEmpty else { return nil }
        return ContentType(type: type, subtype: subtype, parameters: MIMEParameters(parsing: b, from: i))
    }

    static func isTokenByte(_ c: UInt8) -> Bool {
        switch c {
        case 0x00...0x20, 0x7F...0xFF: return false
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "@"),
             UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "\\"), UInt8(ascii: "\""),
             UInt8(ascii: "/"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "?"), UInt8(ascii: "="):
            return false
        default: return true
        }
    }

    /// "type/subtype", lower-case.
    public var mimeType: String { "\(type)/\(subtype)" }
    public var charset: String? { parameters["charset"] }
    public var boundary: String? { parameters["boundary"] }
    /// The non-standard but common "name" parameter, a filename fallback.
    public var name: String? { parameters["name"] }

    public var isMultipart: Bool { type == "multipart" }
    public var isText: Bool { type == "text" }
    /// message/rfc822 and message/global (RFC 6532): an encapsulated message to parse.
    public var isEncapsulatedMessage: Bool {
        type == "message" && (subtype == "rfc822" || subtype == "global")
    }

    public func `is`(_ mimeType: String) -> Bool {
        self.mimeType == mimeType.asciiLowercased
    }

    public var description: String { mimeType }
}
