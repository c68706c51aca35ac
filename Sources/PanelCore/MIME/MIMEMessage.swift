import Foundation

/// A parsed message: its header section and its tree of parts (RFC 5322, RFC 2045-2049).
///
/// Field accessors parse on demand from the header; bodies decode on demand.
public struct MIMEMessage: Sendable {
    public let headers: MIMEHeaders
    public let root: MIMEPart

    init(root: MIMEPart) {
        self.root = root
        self.headers = root.headers
    }

    /// Every defect tolerated anywhere in the message, depth first.
    public var defects: [MIMEDefect] { root.allParts.flatMap(\.defects) }

    /// Message-ID without angle brackets; nil if absent or unusable (RFC 5322 3.6.4).
    public var messageID: String? {
        headers.unfolded("Message-ID").flatMap(MessageIDs.parseSingle)
    }

    public var inReplyTo: [String] {
        headers.unfolded("In-Reply-To").map(MessageIDs.parseList) ?? []
    }

    public var references: [String] {
        headers.all("References").flatMap { MessageIDs.parseList($0.unfoldedValue) }
    }

    /// The decoded Subject, "" if absent.
    public var subject: String {
        headers.first("Subject") ?? ""
    }

    public var from: [EmailAddress] { addresses("From") }
    public var sender: [EmailAddress] { addresses("Sender") }
    public var replyTo: [EmailAddress] { addresses("Reply-To") }
    public var to: [EmailAddress] { addresses("To") }
    public var cc: [EmailAddress] { addresses("Cc") }

    /// All addresses in every field with this name.
    public func addresses(_ fieldName: String) -> [EmailAddress] {
        headers.all(fieldName).flatMap { AddressParser.parseList($0.unfoldedValue) }
    }

    /// The Date field (RFC 5322 3.3), tolerant of common deviations.
    public var date: Date? {
        headers.unfolded("Date").flatMap(RFC5322Date.parse)
    }

    /// The text to read: the first plain-text alternative (or HTML turned into text),
    /// inline text parts of a mixed message joined, attachments skipped; charset-decoded
    /// with LF line ends, format=flowed (RFC 3676) undone. Falls back to the text of a
    /// forwarded message/rfc822 when the message has no text of its own.
    public func textBody() -> String {
        BodyText.text(of: root)
    }

    /// Files in the message, in order, with sizes and SHA-256 computed streaming.
    /// Body text parts and delivery-report machinery are not included; attachments of
    /// forwarded messages are.
    public func attachments() -> [MIMEAttachment] {
        BodyText.attachmentParts(of: root).map(MIMEAttachment.init(part:))
    }

    /// A part's body without its transfer encoding.
    public func decodedBody(of part: MIMEPart) -> [UInt8] {
        part.decodedBody()
    }

    /// The message as it was parsed.
    public var rawBytes: ArraySlice<UInt8> {
        root.source[root.headerRange.lowerBound..<root.bodyRange.upperBound]
    }
}
