/// Bounds that keep parsing of hostile or broken mail cheap and predictable.
///
/// Exceeding any of them makes `MIMEParser.parse` throw a `MIMEError`; everything
/// else that is merely malformed is tolerated and recorded as a `MIMEDefect`.
public struct MIMELimits: Sendable, Hashable {
    /// The largest message accepted, in octets (default 64 MiB).
    public var maxMessageBytes: Int
    /// The deepest nesting of multipart and message/rfc822 parts (default 32).
    public var maxDepth: Int
    /// The most body parts in one message, counting containers (default 1000).
    public var maxParts: Int
    /// The largest header section of the message or of any part, in octets (default 1 MiB).
    public var maxHeaderBytes: Int
    /// The most header fields in one header section (default 10,000).
    public var maxHeaderFields: Int

    public init(
        maxMessageBytes: Int = 64 << 20,
        maxDepth: Int = 32,
        maxParts: Int = 1000,
        maxHeaderBytes: Int = 1 << 20,
        maxHeaderFields: Int = 10_000
    ) {
        self.maxMessageBytes = maxMessageBytes
        self.maxDepth = maxDepth
        self.maxParts = maxParts
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderFields = maxHeaderFields
    }
}
