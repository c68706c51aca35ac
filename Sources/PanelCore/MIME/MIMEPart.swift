/// One body part of a message (RFC 2045, RFC 2046), or the message itself at the root.
///
/// Parts refer to byte ranges of the buffer they were parsed from (the raw message,
/// shared, not copied) and decode their body only on demand.
///
/// Paths follow IMAP (RFC 3501 6.4.5): the root of a multipart message is "", the
/// root of a single-part message is "1", children of multipart "P" are "P.1", "P.2"...
/// The message inside a message/rfc822 part "P" has path "P" when it is multipart
/// (its children are "P.1"...) and "P.1" when it is not.
public struct MIMEPart: Sendable {
    public let path: String
    public let headers: MIMEHeaders
    /// The Content-Type, or the default for the context when absent or invalid.
    public let contentType: ContentType
    public let disposition: ContentDisposition?
    public let transferEncoding: ContentTransferEncoding
    /// Multipart: the body parts. message/rfc822: one child, the encapsulated message's root.
    public let children: [MIMEPart]
    /// Header section and body ranges in `source`.
    public let headerRange: Range<Int>
    public let bodyRange: Range<Int>
    /// Nesting depth: 0 for the root.
    public let depth: Int
    /// Deviations tolerated in this part (not its children).
    public let defects: [MIMEDefect]
    /// The buffer that the ranges refer to: the raw message, or a decoded container.
    let source: [UInt8]
    /// Set when the body was left out of `source` because it was read as it arrived (a
    /// large attachment; see `MessageSkeletonBuilder`): its decoded size and SHA-256.
    public let streamedBody: StreamedBody?

    init(
        path: String, headers: MIMEHeaders, contentType: ContentType, disposition: ContentDisposition?,
        transferEncoding: ContentTransferEncoding, children: [MIMEPart], headerRange: Range<Int>,
        bodyRange: Range<Int>, depth: Int, defects: [MIMEDefect], source: [UInt8], streamedBody: StreamedBody? = nil
    ) {
        self.path = path
        self.headers = headers
        self.contentType = contentType
        self.disposition = disposition
        self.transferEncoding = transferEncoding
        self.children = children
        self.headerRange = headerRange
        self.bodyRange = bodyRange
        self.depth = depth
        self.defects = defects
        self.source = source
        self.streamedBody = streamedBody
    }

    /// The body as transmitted (still transfer-encoded).
    public var rawBody: ArraySlice<UInt8> { source[bodyRange] }

    public var isMultipart: Bool { contentType.isMultipart }
    public var isEncapsulatedMessage: Bool { contentType.isEncapsulatedMessage && children.count == 1 }

    /// The message inside a message/rfc822 (or message/global) part.
    public var encapsulatedMessage: MIMEMessage? {
        guard isEncapsulatedMessage, let inner = children.first else { return nil }
        return MIMEMessage(root: inner)
    }

    /// The filename: Content-Disposition filename (RFC 2183, RFC 2231) or Content-Type name.
    public var filename: String? {
        if let name = disposition?.filename, !name.isEmpty { return name }
        if let name = contentType.name, !name.isEmpty { return name }
        return nil
    }

    /// Content-ID without angle brackets (RFC 2392), for inline images.
    public var contentID: String? {
        guard let raw = headers.unfolded("Content-ID") else { return nil }
        return MessageIDs.parseList(raw).first ?? (raw.isEmpty ? nil : raw)
    }

    /// A file the sender attached, rather than text to read: disposition attachment,
    /// or any part with a filename.
    public var isAttachmentLike: Bool {
        if disposition?.isAttachment == true { return true }
        return filename != nil
    }

    /// This part and every part below it, depth first.
    public var allParts: [MIMEPart] {
        var result: [MIMEPart] = []
        var stack: [MIMEPart] = [self]
        while let part = stack.popLast() {
            result.append(part)
            stack.append(contentsOf: part.children.reversed())
        }
        return result
    }

    /// The first part with this path, depth first.
    public func part(at path: String) -> MIMEPart? {
        allParts.first { $0.path == path }
    }

    /// Decodes the transfer encoding into `sink`, in chunks of at most `chunkSize` bytes.
    public func decodeBody(chunkSize: Int = 1 << 16, into sink: (UnsafeBufferPointer<UInt8>) -> Void) {
        source.withUnsafeBufferPointer { buffer in
            let lower = min(max(bodyRange.lowerBound, 0), buffer.count)
            let upper = min(max(bodyRange.upperBound, lower), buffer.count)
            transferEncoding.decode(UnsafeBufferPointer(rebasing: buffer[lower..<upper]), chunkSize: chunkSize, into: sink)
        }
    }

    /// The body with the transfer encoding removed.
    public func decodedBody() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(transferEncoding == .base64 ? bodyRange.count / 4 * 3 : bodyRange.count)
        decodeBody { out.append(contentsOf: $0) }
        return out
    }

    /// The decoded body as text in the part's charset, line ends as sent.
    /// HTML without a charset parameter is sniffed for a meta charset.
    public func decodedText() -> String {
        let bytes = decodedBody()
        var charset = contentType.charset
        if charset == nil, contentType.subtype == "html" {
            charset = HTMLText.sniffCharset(bytes)
        }
        return Charset.decode(bytes, charset: charset)
    }

    /// The number of octets and SHA-256 of the decoded body, computed streaming (or, for
    /// a body left out of the skeleton, as it was computed while the message arrived).
    public func decodedDigest() -> (size: Int, sha256: String) {
        if let streamedBody { return (streamedBody.size, streamedBody.sha256) }
        var size = 0
        let sha256 = SHA256Hex.of { feed in
            decodeBody { chunk in
                size += chunk.count
                feed(UnsafeRawBufferPointer(chunk))
            }
        }
        return (size, sha256)
    }
}

extension MIMEPart {
    /// Decodes a transfer-encoded container body into a new buffer.
    static func decode(_ source: [UInt8], _ range: Range<Int>, _ encoding: ContentTransferEncoding) -> [UInt8] {
        var out: [UInt8] = []
        source.withUnsafeBufferPointer { b in
            encoding.decode(UnsafeBufferPointer(rebasing: b[range])) { out.append(contentsOf: $0) }
        }
        return out
    }
}

/// What is known of a body that was not kept in memory: decoded size and SHA-256. The
/// bytes themselves are in the raw message on disk.
public struct StreamedBody: Sendable, Hashable {
    public var size: Int
    /// Lower-case hex.
    public var sha256: String
    /// Where the body (as sent, still transfer-encoded) lies in the raw message, to read
    /// it back from disk when it is needed after all.
    public var rawRange: Range<Int>?

    public init(size: Int, sha256: String, rawRange: Range<Int>? = nil) {
        self.size = size
        self.sha256 = sha256
        self.rawRange = rawRange
    }
}
