/// A file to attach to an `OutgoingMessage`.
public struct OutgoingAttachment: Sendable, Hashable {
    public var filename: String
    /// "type/subtype"; anything unparseable is sent as application/octet-stream.
    public var contentType: String
    public var bytes: [UInt8]

    public init(filename: String, contentType: String, bytes: [UInt8]) {
        self.filename = filename
        self.contentType = contentType
        self.bytes = bytes
    }
}
