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
        let message: MIMEMessage
        do {
            message = try parser.parse(raw)
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
