/// One header field as it appeared (RFC 5322 section 2.2).
public struct MIMEHeaderField: Sendable, Hashable {
    /// The field name as written ("Subject").
    public let name: String
    /// The field body exactly as written after the colon, folding line breaks included.
    public let rawValue: String
    /// The field body unfolded (RFC 5322 2.2.3) and trimmed; not decoded. Parse
    /// structured fields (addresses, Content-Type) from this.
    public let unfoldedValue: String
    /// The unfolded body with RFC 2047 encoded words decoded, for display.
    public let value: String
    /// Where the whole field (name to last folded line) lies in the parsed buffer.
    public let byteRange: Range<Int>
    /// The lower-cased name, for lookups.
    let key: String

    public init(name: String, rawValue: String, unfoldedValue: String, value: String, byteRange: Range<Int>) {
        self.name = name
        self.rawValue = rawValue
        self.unfoldedValue = unfoldedValue
        self.value = value
        self.byteRange = byteRange
        self.key = name.asciiLowercased
    }

    /// Case-insensitive name comparison (RFC 5322 1.2.2).
    public func hasName(_ other: String) -> Bool {
        key.utf8.count == other.utf8.count && key == other.asciiLowercased
    }
}
