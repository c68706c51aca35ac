import Foundation
import PanelCore
import PanelStore

/// Builds the emails intake queues, from the templates, as replies in the worker's thread.
public struct MailComposer: IntakeComposer {
    let templates: TemplateRenderer
    let panelAddress: String
    let panelName: String
    let adminAddress: String
    let timeZone: TimeZone
    let clock: any PanelClock

    public init(templates: TemplateRenderer, config: PanelConfig, clock: any PanelClock) {
        self.templates = templates
        self.panelAddress = config.panelAddress
        self.panelName = config.panelName
        self.adminAddress = config.adminAddress
        self.timeZone = config.timeZone
        self.clock = clock
    }

    var panel: EmailAddress {
        EmailAddress(panelAddress, name: panelName)
            ?? EmailAddress(name: panelName, localPart: String(panelAddress.split(separator: "@").first ?? ""), domain: String(panelAddress.split(separator: "@").last ?? ""))
    }

    func address(_ text: String, name: String?) throws -> EmailAddress {
        guard let address = EmailAddress(text, name: name) else {
            throw ComposeError(description: "cannot write to \"\(text)\": not an email address")
        }
        return address
    }

    public func acknowledgement(reference: RequestReference, message: ReadMessage, arrivedAt: Date) throws -> OutgoingMail {
        let recipient = message.replyAddress ?? message.sender ?? ""
        let attachments: [[String: any Sendable]] = message.attachments.map {
            ["name": $0.filename ?? $0.contentType, "size": ByteSize($0.size).description]
        }
        let body = try templates.render(.acknowledgement, [
            "reference": reference.description,
            "subject": message.subject,
            "worker_name": message.senderName ?? "",
            "received": PanelDateFormat.long(arrivedAt, timeZone: timeZone),
            "panel_name": panelName,
            "panel_address": panelAddress,
            "attachments": attachments,
            "has_attachments": !attachments.isEmpty,
        ])
        var references = message.references
        if let id = message.messageID, !references.contains(id) { references.append(id) }
        return compose(
            purpose: "acknowledgement",
            to: [try address(recipient, name: message.senderName)],
            subject: ReplySubject.reply(to: message.subject, reference: reference),
            inReplyTo: message.messageID, references: Array(references.suffix(20)), body: body)
    }

    public func bounceNotice(original: OutboxMessage, reason: String, reference: String?) throws -> OutgoingMail {
        let body = try templates.render(.bounceNotice, [
            "reference": reference ?? "",
            "recipients": original.recipientList.joined(separator: ", "),
            "reason": reason,
            "purpose": original.purpose,
            "message_id": original.messageIDHeader,
            "sent": original.sentAt.map { PanelDateFormat.long($0, timeZone: timeZone) } ?? "not recorded",
            "panel_name": panelName,
        ])
        let subject = "Undelivered: \(original.purpose)" + (reference.map { " [\($0)]" } ?? "")
        return compose(purpose: "bounce-notice", to: [try address(adminAddress, name: nil)], subject: subject, inReplyTo: nil, references: [], body: body)
    }

    func compose(purpose: String, to: [EmailAddress], subject: String, inReplyTo: String?, references: [String], body: String) -> OutgoingMail {
        var generator = SystemRandomNumberGenerator()
        let messageID = MessageIDFactory.make(random: &generator, domain: String(panelAddress.split(separator: "@").last ?? "localhost"))
        let message = OutgoingMessage(
            from: panel, to: to, cc: [], replyTo: nil, subject: subject, messageID: messageID, date: clock.now,
            inReplyTo: inReplyTo, references: references,
            extraHeaders: [
                // RFC 3834: mark automatic answers, and ask Exchange not to answer them.
                HeaderField("Auto-Submitted", "auto-replied"),
                HeaderField("X-Auto-Response-Suppress", "All"),
            ],
            textBody: body, attachments: [])
        return OutgoingMail(purpose: purpose, messageID: messageID, envelopeFrom: panelAddress, recipients: to.map(\.address), bytes: message.render())
    }
}

/// Dates as the panel writes them: "Monday 7 September 2026 at 10:12". Written by hand
/// from calendar components: an ICU date formatter per email costs more than the rest
/// of an acknowledgement, and English names never change.
public enum PanelDateFormat {
    static let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

    static func components(_ date: Date, _ timeZone: TimeZone) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute], from: date)
    }

    static func two(_ n: Int?) -> String {
        let value = n ?? 0
        return value < 10 ? "0\(value)" : "\(value)"
    }

    public static func long(_ date: Date, timeZone: TimeZone) -> String {
        let c = components(date, timeZone)
        return "\(weekdays[((c.weekday ?? 1) - 1) % 7]) \(c.day ?? 0) \(months[((c.month ?? 1) - 1) % 12]) \(c.year ?? 0) at \(two(c.hour)):\(two(c.minute))"
    }

    /// For listings: "2026-09-07 10:12".
    public static func short(_ date: Date, timeZone: TimeZone) -> String {
        let c = components(date, timeZone)
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute))"
    }
}

public struct ComposeError: Error, Sendable, CustomStringConvertible {
    public let description: String
}
