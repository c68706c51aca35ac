/// An ordered header section with case-insensitive lookup (RFC 5322 section 3.6).
public struct MIMEHeaders: Sendable, Hashable, RandomAccessCollection {
    public let fields: [MIMEHeaderField]

    public init(_ fields: [MIMEHeaderField]) {
        self.fields = fields
    }

    public var startIndex: Int { fields.startIndex }
    public var endIndex: Int { fields.endIndex }
    public subscript(position: Int) -> MIMEHeaderField { fields[position] }

    /// The decoded value of the first field with this name.
    public subscript(name: String) -> String? { first(name) }

    /// The decoded value of the first field with this name.
    public func first(_ name: String) -> String? { field(name)?.value }

    /// The first field with this name.
    public func field(_ name: String) -> MIMEHeaderField? {
        let key = name.asciiLowercased
        return fields.first { $0.key == key }
    }

    /// Every field with this name, in order.
    public func all(_ name: String) -> [MIMEHeaderField] {
        let key = name.asciiLowercased
        return fields.filter { $0.key == key }
    }

    public func contains(_ name: String) -> Bool { field(name) != nil }

    /// The unfolded, undecoded value of the first field with this name (for structured fields).
    public func unfolded(_ name: String) -> String? { field(name)?.unfoldedValue }
}
