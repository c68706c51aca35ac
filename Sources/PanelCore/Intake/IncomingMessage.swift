import Foundation

/// A message fetched from the panel mailbox, with what intake needs to know about it.
/// Built by the daemon from the raw bytes and the MIME parse; recorded by the store.
public struct IncomingMessage: Sendable {
    /// Where it was found: the location panelmail keeps state by (never \Seen).
    public var folder: String
    public var uidValidity: UInt32
    public var uid: UInt32
    /// The server's INTERNALDATE: when it reached the panel mailbox.
    public var arrivedAt: Date
    /// The message exactly as the server gave it; empty once it is `spooled`.
    public var raw: [UInt8]
    /// Set once the raw bytes are in a pack on disk rather than in `raw`: a large message
    /// written as it arrived (see `MessageSkeleton`), or any message once read, so that a
    /// batch waiting for its commit holds no raw bytes.
    public var spooled: SpooledRaw?
    public var content: Content

    /// Where in a pack the raw bytes are.
    public struct SpooledRaw: Sendable, Equatable {
        public var pack: String
        public var offset: Int
        public var length: Int

        public init(pack: String, offset: Int, length: Int) {
            self.pack = pack
            self.offset = offset
            self.length = length
        }
    }

    /// The size of the raw message, held or spooled.
    public var rawSize: Int { spooled?.length ?? raw.count }

    public enum Content: Sendable {
        case readable(ReadMessage)
        /// The reason it could not be read, precise enough for a person to act on.
        case unreadable(reason: String)
    }

    public init(folder: String, uidValidity: UInt32, uid: UInt32, arrivedAt: Date, raw: [UInt8], spooled: SpooledRaw? = nil, content: Content) {
        self.folder = folder
        self.uidValidity = uidValidity
        self.uid = uid
        self.arrivedAt = arrivedAt
        self.raw = raw
        self.spooled = spooled
        self.content = content
    }
}

/// What intake reads from a parsed message: identity, threading, sender, whether a
/// machine wrote it, and the request form. The body text is kept for merging a reply's
/// form lines: it is personal data, never logged.
public struct ReadMessage: Sendable {
    public var messageID: String?
    public var inReplyTo: [String]
    public var references: [String]
    public var subject: String
    /// The From address (lower-cased domain), if there is one.
    public var sender: String?
    /// Where an answer goes: Reply-To, else From.
    public var replyAddress: String?
    /// The display name for greetings, if the sender gave one.
    public var senderName: String?
    /// Why no automatic answer may be sent (RFC 3834), or nil for mail a person wrote.
    public var automaticReason: String?
    /// A delivery status notification: the Message-ID it reports on and why delivery failed.
    public var bounce: Bounce?
    public var attachments: [AttachmentSummary]
    /// A digest of sender, subject and text, to recognise the same mail sent again.
    public var fingerprint: String
    /// The readable text of the body (quoted text included).
    public var bodyText: String
    /// The request form the message holds, read with the configured schema.
    public var form: FormReading
    /// Decision tokens and sender evidence, when the panel decides by email.
    public var decision: DecisionEvidence?

    public struct Bounce: Sendable, Equatable {
        public var originalMessageID: String?
        public var reason: String
        public init(originalMessageID: String?, reason: String) {
            self.originalMessageID = originalMessageID
            self.reason = reason
        }
    }

    public init(messageID: String?, inReplyTo: [String], references: [String], subject: String, sender: String?, replyAddress: String?, senderName: String?, automaticReason: String?, bounce: Bounce?, attachments: [AttachmentSummary], fingerprint: String, bodyText: String = "", form: FormReading = .notARequest, decision: DecisionEvidence? = nil) {
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.subject = subject
        self.sender = sender
        self.replyAddress = replyAddress
        self.senderName = senderName
        self.automaticReason = automaticReason
        self.bounce = bounce
        self.attachments = attachments
        self.fingerprint = fingerprint
        self.bodyText = bodyText
        self.form = form
        self.decision = decision
    }
}

/// An attachment's name, type, size and SHA-256; its bytes stay in the raw message.
public struct AttachmentSummary: Sendable, Equatable {
    public var partPath: String
    public var filename: String?
    public var contentType: String
    public var size: Int
    public var sha256: String

    public init(partPath: String, filename: String?, contentType: String, size: Int, sha256: String) {
        self.partPath = partPath
        self.filename = filename
        self.contentType = contentType
        self.size = size
        self.sha256 = sha256
    }
}
