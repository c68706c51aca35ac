import Crypto
import Foundation

/// An email for panelmail to send, rendered to RFC 5322 + MIME octets.
///
/// `render()` is pure and deterministic: CRLF line ends, no line over 998 octets,
/// headers folded at 78 (RFC 5322 2.1.1, 2.2.3), RFC 2047 encoded words for
/// non-ASCII text, text/plain; charset=utf-8 in 7bit when it is short-lined ASCII and
/// quoted-printable otherwise (RFC 2045 6.7), and multipart/mixed with base64
/// attachments (RFC 2046 5.1.3, RFC 2183, RFC 2231 filenames) when there are any.
public struct OutgoingMessage: Sendable {
    public var from: EmailAddress
    public var to: [EmailAddress]
    public var cc: [EmailAddress]
    public var replyTo: EmailAddress?
    public var subject: String
    /// Without angle brackets (see `MessageIDFactory`).
    public var messageID: String
    public var date: Date
    /// The zone shown in the Date field, in seconds east of UTC (e.g. 3600 for BST).
    public var utcOffsetSeconds: Int
    /// The Message-ID answered, without angle brackets.
    public var inReplyTo: String?
    /// The thread's Message-IDs, oldest first, without angle brackets (RFC 5322 3.6.4).
    public var references: [String]
    /// Extra fields such as `HeaderField.autoSubmittedAutoReplied`. Fields that
    /// `render()` writes itself (Date, From, Subject, MIME and Content-* ...) are ignored here.
    public var extraHeaders: [HeaderField]
    public var textBody: String
    public var attachments: [OutgoingAttachment]

    public init(
        from: EmailAddress, to: [EmailAddress], cc: [EmailAddress] = [], replyTo: EmailAddress? = nil,
        subject: String, messageID: String, date: Date, utcOffsetSeconds: Int = 0,
        inReplyTo: String? = nil, references: [String] = [], extraHeaders: [HeaderField] = [],
        textBody: String, attachments: [OutgoingAttachment] = []
    ) {
        self.from = from
        self.to = to
        self.cc = cc
        self.replyTo = replyTo
        self.subject = subject
        self.messageID = messageID
        self.date = date
        self.utcOffsetSeconds = utcOffsetSeconds
        self.inReplyTo = inReplyTo
        self.references = references
        self.extraHeaders = extraHeaders
        self.textBody = textBody
        self.attachments = attachments
    }

    /// Field names that render() owns.
    static let reservedNames: Set<String> = [
        "date", "from", "sender", "to", "cc", "bcc", "reply-to", "subject", "message-id", "in-reply-to",
        "references", "mime-version", "content-type", "content-transfer-encoding", "content-disposition",
    ]

    public func render() -> [UInt8] {
        var lines: [String] = []
        lines.append("Date: " + RFC5322Date.format(date, utcOffsetSeconds: utcOffsetSeconds))
        lines.append(HeaderEncoding.addressList(name: "From", [from]))
        if !to.isEmpty { lines.append(HeaderEncoding.addressList(name: "To", to)) }
        if !cc.isEmpty { lines.append(HeaderEncoding.addressList(name: "Cc", cc)) }
        if let replyTo { lines.append(HeaderEncoding.addressList(name: "Reply-To", [replyTo])) }
        lines.append(HeaderEncoding.unstructured(name: "Subject", value: subject))
        lines.append(HeaderEncoding.fold(name: "Message-ID", chunks: [Self.bracketed(messageID)]))
        if let inReplyTo, !Self.cleanID(inReplyTo).isEmpty {
            lines.append(HeaderEncoding.fold(name: "In-Reply-To", chunks: [Self.bracketed(inReplyTo)]))
        }
        let refs = references.map(Self.cleanID).filter { !$0.isEmpty && $0.utf8.count <= 900 }
        if !refs.isEmpty {
            lines.append(HeaderEncoding.fold(name: "References", chunks: refs.map { "<\($0)>" }))
        }
        for field in extraHeaders {
            let name = Self.cleanFieldName(field.name)
            guard !name.isEmpty, !Self.reservedNames.contains(name.lowercased()) else { continue }
            lines.append(HeaderEncoding.unstructured(name: name, value: field.value))
        }
        lines.append("MIME-Version: 1.0")

        let (textHeaders, textBytes) = Self.textPart(textBody)
        var out: [UInt8] = []
        func appendLine(_ line: String) {
            out.append(contentsOf: line.utf8)
            out.append(contentsOf: [0x0D, 0x0A])
        }
        if attachments.isEmpty {
            lines.append(contentsOf: textHeaders)
            for line in lines { appendLine(line) }
            appendLine("")
            out.append(contentsOf: textBytes)
            return out
        }

        var parts: [(headers: [String], body: [UInt8])] = [(textHeaders, textBytes)]
        for attachment in attachments {
            parts.append(Self.attachmentPart(attachment))
        }
        let boundary = Self.boundary(for: messageID, avoiding: parts.map(\.body))
        lines.append(HeaderEncoding.fold(name: "Content-Type", chunks: ["multipart/mixed;", "boundary=\"\(boundary)\""]))
        for line in lines { appendLine(line) }
        appendLine("")
        appendLine("This is a multi-part message in MIME format.")
        for part in parts {
            appendLine("")
            appendLine("--" + boundary)
            for header in part.headers { appendLine(header) }
            appendLine("")
            // The body ends in CRLF; the CRLF written before the next delimiter belongs
            // to the delimiter (RFC 2046 5.1.1), so the part keeps its final line break.
            out.append(contentsOf: part.body)
        }
        appendLine("")
        appendLine("--" + boundary + "--")
        return out
    }

    /// The text/plain part: header lines and body octets ending in CRLF.
    static func textPart(_ text: String) -> ([String], [UInt8]) {
        var normalized = Array(ByteScan.normalizeNewlines(text).utf8)
        if normalized.last != 0x0A { normalized.append(0x0A) }
        var crlf: [UInt8] = []
        crlf.reserveCapacity(normalized.count + normalized.count / 40)
        var lineLength = 0
        var maxLine = 0
        var sevenBitSafe = true
        for b in normalized {
            if b == 0x0A {
                crlf.append(0x0D)
                crlf.append(0x0A)
                maxLine = max(maxLine, lineLength)
                lineLength = 0
                continue
            }
            if b >= 0x80 || (b < 0x20 && b != 0x09) || b == 0x7F { sevenBitSafe = false }
            crlf.append(b)
            lineLength += 1
        }
        let useSevenBit = sevenBitSafe && maxLine <= 78
        let headers = [
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: " + (useSevenBit ? "7bit" : "quoted-printable"),
        ]
        var body = useSevenBit ? crlf : QuotedPrintable.encode(crlf)
        if body.count < 2 || body[body.count - 2] != 0x0D || body[body.count - 1] != 0x0A {
            body.append(contentsOf: [0x0D, 0x0A])
        }
        return (headers, body)
    }

    static func attachmentPart(_ attachment: OutgoingAttachment) -> ([String], [UInt8]) {
        let parsed = ContentType(headerValue: attachment.contentType)
        var type = parsed.map { $0.mimeType } ?? "application/octet-stream"
        // A calendar invitation keeps its charset and iTIP method (RFC 6047 2.4): without
        // method=REQUEST, Outlook shows a file to open instead of a meeting request.
        for name in ["charset", "method"] {
            if let value = parsed?.parameters[name], value.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) {
                type += "; \(name)=\(value)"
            }
        }
        let filename = HeaderEncoding.sanitize(attachment.filename).trimmingASCIIWhitespace
        var headers: [String] = []
        if filename.isEmpty {
            headers.append("Content-Type: \(type)")
            headers.append("Content-Disposition: attachment")
        } else {
            // Content-Type name for older readers (RFC 2047 words, as Thunderbird sends),
            // Content-Disposition filename per RFC 2231 for the rest.
            var nameChunks: [String]
            if HeaderEncoding.needsEncoding(filename) || filename.utf8.count > 60 {
                nameChunks = HeaderEncoding.encodedWords(filename, firstRoom: 70)
                nameChunks[0] = "name=\"" + nameChunks[0]
                nameChunks[nameChunks.count - 1] += "\""
            } else {
                nameChunks = HeaderEncoding.filenameParameter("name", filename: filename)
            }
            headers.append(HeaderEncoding.fold(name: "Content-Type", chunks: ["\(type);"] + nameChunks))
            headers.append(HeaderEncoding.fold(name: "Content-Disposition", chunks: ["attachment;"] + HeaderEncoding.filenameParameter("filename", filename: filename)))
        }
        headers.append("Content-Transfer-Encoding: base64")
        var body = Base64Codec.encode(attachment.bytes)
        if !body.isEmpty { body.append(contentsOf: [0x0D, 0x0A]) }
        return (headers, body)
    }

    /// A boundary that cannot occur in base64 or quoted-printable ("=_" never does) and
    /// is checked against the 7bit text too.
    static func boundary(for messageID: String, avoiding bodies: [[UInt8]]) -> String {
        var counter = 0
        while true {
            let digest = SHA256.hash(data: Array("\(messageID)#\(counter)".utf8))
            let candidate = "=_panelmail_" + SHA256Hex.hex(digest).prefix(24)
            let pattern = Array(candidate.utf8)
            if !bodies.contains(where: { contains($0, pattern) }) || counter > 100 { return candidate }
            counter += 1
        }
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count, let first = needle.first else { return false }
        var i = 0
        while i + needle.count <= haystack.count {
            if haystack[i] == first, haystack[i..<(i + needle.count)].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }

    static func cleanID(_ id: String) -> String {
        var s = HeaderEncoding.sanitize(id).trimmingASCIIWhitespace
        if s.hasPrefix("<") { s.removeFirst() }
        if s.hasSuffix(">") { s.removeLast() }
        return String(String.UnicodeScalarView(s.unicodeScalars.filter { $0.value > 0x20 && $0 != "<" && $0 != ">" }))
    }

    static func bracketed(_ id: String) -> String {
        let clean = cleanID(id)
        return "<\(clean.utf8.count > 900 ? String(clean.prefix(900)) : clean)>"
    }

    /// RFC 5322 2.2 field-name: printable ASCII except ":".
    static func cleanFieldName(_ name: String) -> String {
        String(String.UnicodeScalarView(name.unicodeScalars.filter { $0.value > 0x20 && $0.value < 0x7F && $0 != ":" }))
    }
}
