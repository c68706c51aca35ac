import Foundation

/// Turns raw bytes into what intake needs: a parse, then identity, threading, sender,
/// RFC 3834 automatic-mail rules, delivery reports and the request form. Pure.
public struct MessageReader: Sendable {
    public let parser: MIMEParser
    public let forms: FormFinder
    /// Set when the panel decides by email.
    public let decisions: DecisionReader?

    public init(parser: MIMEParser = MIMEParser(), forms: FormParser = FormParser(), decisions: DecisionReader? = nil) {
        self.parser = parser
        self.forms = FormFinder(parser: forms)
        self.decisions = decisions
    }

    /// The content of a fetched message, or the precise reason it cannot be read.
    public func read(_ raw: [UInt8]) -> IncomingMessage.Content {
        content { () throws(MIMEError) in try parser.parse(raw) }
    }

    /// The content of a large message read as it arrived: its skeleton, with the large
    /// bodies that were left out known by size and SHA-256. Errors name places in the
    /// raw message, as for a message read whole. (The skeleton was built with this
    /// reader's `parser.limits`.)
    public func read(_ skeleton: MessageSkeleton) -> IncomingMessage.Content {
        content { () throws(MIMEError) in try skeleton.parse() }
    }

    /// Bodies that intake reads, and so keeps in memory however large they are: text
    /// (the email's words, a form, a delivery report), enclosed messages, calendar
    /// answers and Word documents (a form may be one). Every other body (a PDF, a
    /// photo) is only counted and hashed while it arrives.
    public static func keepsBody(_ type: ContentType, _ disposition: ContentDisposition?, _ filename: String?) -> Bool {
        let mime = type.mimeType
        if mime.hasPrefix("text/") || mime.hasPrefix("message/") || mime.hasPrefix("multipart/") || mime == "application/ics" {
            return true
        }
        return FormFinder.documentKind(type: mime, filename: filename) == .word
    }

    private func content(_ parse: () throws(MIMEError) -> MIMEMessage) -> IncomingMessage.Content {
        let message: MIMEMessage
        do {
            message = try parse()
        } catch {
            return .unreadable(reason: "the message cannot be read as email: \(error)")
        }
        return .readable(summarise(message))
    }

    public func summarise(_ message: MIMEMessage) -> ReadMessage {
        let from = message.from.first
        let replyTo = message.replyTo.first
        let envelopeSender = message.headers.first("Return-Path").map { value in
            value.trimmingCharacters(in: CharacterSet(charactersIn: "<> \t"))
        }
        let automatic = AutomaticMail.classify(message, envelopeSender: envelopeSender)
        var bounce: ReadMessage.Bounce?
        // Delay and success reports are automatic mail, not bounces.
        if let report = DeliveryStatusReport.parse(message), report.isFailure {
            bounce = ReadMessage.Bounce(originalMessageID: report.originalMessageID, reason: report.summary)
        }
        let parts = BodyText.attachmentParts(of: message.root)
        let files = parts.map(MIMEAttachment.init(part:))
        let attachments = files.map {
            AttachmentSummary(partPath: $0.partPath, filename: $0.filename, contentType: $0.contentType, size: $0.size, sha256: $0.sha256)
        }
        let text = message.textBody()
        // Machines send no forms: reading one from a bounce or an out-of-office is wasted work.
        let form: FormReading = automatic == nil
            ? forms.read(message, text: text, parts: parts, attachments: files,
                         sender: from.map { FormPerson(name: $0.name, email: $0.address) })
            : .notARequest
        let normalisedSubject = ReplySubject.stripReplyPrefixes(message.subject).lowercased()
        let fingerprint = SHA256Hex.of(Array("\(from?.address ?? "")\n\(normalisedSubject)\n\(text)".utf8))
        return ReadMessage(
            messageID: message.messageID,
            inReplyTo: message.inReplyTo,
            references: message.references,
            subject: message.subject,
            sender: from?.address,
            replyAddress: (replyTo ?? from)?.address,
            senderName: from?.name,
            automaticReason: automatic.map { "\($0)" },
            bounce: bounce,
            attachments: attachments,
            fingerprint: fingerprint,
            bodyText: text,
            form: form,
            decision: automatic == nil ? decisions?.evidence(in: message) : nil)
    }
}
