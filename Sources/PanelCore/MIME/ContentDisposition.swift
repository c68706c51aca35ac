/// A parsed Content-Disposition field (RFC 2183), filename per RFC 2231.
public struct ContentDisposition: Sendable, Hashable {
    /// "inline", "attachment" or another lower-cased token.
    public var kind: String
    public var parameters: MIMEParameters

    public init(kind: String, parameters: MIMEParameters = MIMEParameters()) {
        self.kind = kind.asciiLowercased
        self.parameters = parameters
    }

    /// Parses the unfolded field value; a missing or odd token still yields the parameters.
    public init(headerValue: String) {
        let bytes = Array(headerValue.utf8)
        self = bytes.withUnsafeBufferPointer { b in
            var i = 0
            while i < b.count, ByteScan.isWSP(b[i]) || b[i] == 0x0D || b[i] == 0x0A { i += 1 }
            let start = i
            while i < b.count, ContentType.isTokenByte(b[i]) { i += 1 }
            let kind = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
            return ContentDisposition(kind: kind, parameters: MIMEParameters(parsing: b, from: i))
        }
    }

    public var isAttachment: Bool { kind == "attachment" }
    public var isInline: Bool { kind == "inline" }
    /// The filename parameter (the RFC 2231 form is already merged into it).
    public var filename: String? { parameters["filename"] }
}
