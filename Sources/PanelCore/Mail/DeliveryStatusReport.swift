/// A delivery status notification about mail panelmail sent: a bounce or a delay.
///
/// Reads RFC 3464 reports (multipart/report; report-type=delivery-status, RFC 6522)
/// with message/delivery-status or message/global-delivery-status (RFC 6533), and
/// finds the original Message-ID in the text/rfc822-headers, message/rfc822 or
/// message/global part. Non-standard bounces from MAILER-DAEMON or postmaster
/// (qmail, Exim, old Exchange) are read best effort from their text.
public struct DeliveryStatusReport: Sendable, Hashable {
    /// One per-recipient block (RFC 3464 section 2.3).
    public struct Recipient: Sendable, Hashable {
        /// Final-Recipient without its address type ("rfc822;").
        public var address: String
        public var originalRecipient: String?
        /// "failed", "delayed", "delivered", "relayed" or "expanded" (lower-case).
        public var action: String
        /// The RFC 3463 status ("5.1.1"), or "" when none was given.
        public var status: String
        /// "smtp; 550 5.1.1 ..." as reported, unfolded.
        public var diagnosticCode: String?
        public var remoteMTA: String?

        public init(address: String, originalRecipient: String? = nil, action: String, status: String, diagnosticCode: String? = nil, remoteMTA: String? = nil) {
            self.address = address
            self.originalRecipient = originalRecipient
            self.action = action
            self.status = status
            self.diagnosticCode = diagnosticCode
            self.remoteMTA = remoteMTA
        }

        /// Delivery to this recipient will not happen.
        public var isPermanentFailure: Bool {
            action == "failed" || (status.hasPrefix("5.") && action != "delivered" && action != "relayed")
        }
    }

    /// The Message-ID of panelmail's mail that the report is about, without brackets.
    public var originalMessageID: String?
    public var reportingMTA: String?
    public var recipients: [Recipient]
    /// A short reason for an administrator: which addresses, status and diagnostic.
    public var summary: String
    /// False when read best effort from a non-standard bounce.
    public var isStandard: Bool

    public init(originalMessageID: String?, reportingMTA: String? = nil, recipients: [Recipient], summary: String, isStandard: Bool) {
        self.originalMessageID = originalMessageID
        self.reportingMTA = reportingMTA
        self.recipients = recipients
        self.summary = summary
        self.isStandard = isStandard
    }

    /// Whether any recipient failed permanently (a non-standard bounce counts as failed).
    public var isFailure: Bool {
        !isStandard || recipients.contains { $0.isPermanentFailure }
    }

    /// The report in `m`, or nil when `m` is not a delivery report.
    public static func parse(_ m: MIMEMessage) -> DeliveryStatusReport? {
        if let report = findReport(m.root) {
            return standard(report, message: m)
        }
        return nonStandard(m)
    }

    /// A multipart/report with report-type delivery-status at the top or inside top-level
    /// multiparts, never inside a forwarded message.
    static func findReport(_ part: MIMEPart) -> MIMEPart? {
        if part.contentType.is("multipart/report") {
            let type = part.contentType.parameters["report-type"]?.asciiLowercased
            if type == nil || type == "delivery-status" || type == "global-delivery-status" {
                if part.children.contains(where: isStatusPart) { return part }
            }
            return nil
        }
        if isStatusPart(part), part.depth == 0 { return part }
        guard part.isMultipart else { return nil }
        for child in part.children {
            if let found = findReport(child) { return found }
        }
        return nil
    }

    static func isStatusPart(_ part: MIMEPart) -> Bool {
        part.contentType.is("message/delivery-status") || part.contentType.is("message/global-delivery-status")
    }

    static func standard(_ report: MIMEPart, message: MIMEMessage) -> DeliveryStatusReport {
        let statusPart = isStatusPart(report) ? report : report.children.first(where: isStatusPart)
        var recipients: [Recipient] = []
        var reportingMTA: String?
        if let statusPart {
            let blocks = fieldBlocks(statusPart.decodedBody())
            for block in blocks {
                let final = block.first("Final-Recipient").map(stripAddressType)
                let original = block.first("Original-Recipient").map(stripAddressType)
                if final != nil || original != nil || block.contains("Action") {
                    recipients.append(Recipient(
                        address: final ?? original ?? "",
                        originalRecipient: original,
                        action: (block.first("Action").map { firstWord($0) } ?? "").lowercased(),
                        status: block.first("Status").map { firstWord($0) } ?? "",
                        diagnosticCode: block.unfolded("Diagnostic-Code").map(collapse),
                        remoteMTA: block.first("Remote-MTA").map(stripAddressType)))
                } else if reportingMTA == nil, let mta = block.first("Reporting-MTA") {
                    reportingMTA = stripAddressType(mta)
                }
            }
        }
        let originalID = originalMessageID(in: report.children) ?? originalIDInText(message)
        return DeliveryStatusReport(
            originalMessageID: originalID, reportingMTA: reportingMTA, recipients: recipients,
            summary: summarize(recipients, standard: true, sender: nil), isStandard: true)
    }

    /// The Message-ID in the returned headers or returned message.
    static func originalMessageID(in parts: [MIMEPart]) -> String? {
        for part in parts {
            let type = part.contentType
            if type.is("text/rfc822-headers") || type.is("message/global-headers") {
                let bytes = part.decodedBody()
                if let id = headerBlock(bytes)?.unfolded("Message-ID").flatMap(MessageIDs.parseSingle) { return id }
            }
            if let inner = part.encapsulatedMessage, let id = inner.messageID { return id }
        }
        return nil
    }

    /// The best-effort reading of a bounce that is not a multipart/report.
    static func nonStandard(_ m: MIMEMessage) -> DeliveryStatusReport? {
        let fromSystem = (m.from + m.sender).first { AutomaticMail.isSystemAddress($0.address) }
        let bounceSubject = AutomaticMail.bounceSubjectPrefix(m.subject)
        guard fromSystem != nil || bounceSubject != nil else { return nil }
        // A system sender writing about something else (a postmaster notice) is not a bounce.
        if bounceSubject == nil {
            let text = m.textBody().lowercased()
            let hints = ["could not be delivered", "undeliverable", "delivery failed", "permanent error", "failed permanently",
                         "following address", "user unknown", "does not exist", "returned to sender", "unable to deliver",
                         "delivery has failed", "rejected"]
            guard hints.contains(where: text.contains) else { return nil }
        }
        let text = m.textBody()
        let originalID = originalMessageID(in: m.root.allParts) ?? originalIDInText(m)
        var recipients: [Recipient] = []
        let code = EnhancedStatusCode.find(in: text) ?? ""
        let diagnostic = diagnosticLine(text, code: code)
        for address in failedAddresses(text) {
            recipients.append(Recipient(address: address, action: "failed", status: code, diagnosticCode: diagnostic))
        }
        return DeliveryStatusReport(
            originalMessageID: originalID, reportingMTA: nil, recipients: recipients,
            summary: summarize(recipients, standard: false, sender: fromSystem?.address), isStandard: false)
    }

    /// A "Message-ID:" line in the text (returned headers shown inline), best effort.
    static func originalIDInText(_ m: MIMEMessage) -> String? {
        let text = m.textBody()
        for line in text.split(separator: "\n") {
            var l = line.drop(while: { $0 == " " || $0 == "\t" || $0 == ">" })
            guard l.count > 11, l.prefix(11).lowercased() == "message-id:" else { continue }
            l = l.dropFirst(11)
            if let id = MessageIDs.parseSingle(String(l)) { return id }
        }
        return nil
    }

    /// Addresses named as failed: qmail's "<addr>:" lines and Exim's indented list after
    /// "failed:", and Exchange's "Delivery has failed to these recipients".
    static func failedAddresses(_ text: String) -> [String] {
        var result: [String] = []
        var inList = false
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            let lower = line.lowercased()
            if line.hasPrefix("<"), line.hasSuffix(">:"), let a = AddressParser.parseMailbox(String(line.dropLast())) {
                result.append(a.address) // qmail
                continue
            }
            if lower.hasSuffix("failed:") || lower.contains("delivery has failed to these recipients") || lower.contains("could not be delivered to") && lower.hasSuffix(":") {
                inList = true
                continue
            }
            if inList {
                if line.isEmpty {
                    if !result.isEmpty { inList = false }
                    continue
                }
                let candidate = line.split(separator: " ").first.map(String.init) ?? ""
                if candidate.contains("@"), let a = AddressParser.parseMailbox(candidate) {
                    result.append(a.address)
                } else if !result.isEmpty {
                    inList = false
                }
            }
        }
        var seen: Set<String> = []
        return result.filter { seen.insert($0.lowercased()).inserted }
    }

    static func diagnosticLine(_ text: String, code: String) -> String? {
        let lines = text.split(separator: "\n")
        let hit = lines.first { !code.isEmpty && $0.contains(code) } ?? lines.first { line in
            let l = line.trimmingCharacters(in: .whitespaces)
            return l.hasPrefix("5") || l.hasPrefix("4") || l.lowercased().hasPrefix("smtp error")
        }
        return hit.map { collapse(String($0)) }
    }

    static func summarize(_ recipients: [Recipient], standard: Bool, sender: String?) -> String {
        var pieces: [String] = []
        for r in recipients.prefix(5) {
            var piece: String
            switch r.action {
            case "failed", "": piece = "delivery to \(r.address.isEmpty ? "a recipient" : r.address) failed"
            case "delayed": piece = "delivery to \(r.address) delayed"
            case "delivered": piece = "delivered to \(r.address)"
            case "relayed": piece = "relayed for \(r.address)"
            case "expanded": piece = "\(r.address) was expanded to a list"
            default: piece = "\(r.action) for \(r.address)"
            }
            if !r.status.isEmpty {
                piece += ": \(r.status)"
                if let meaning = EnhancedStatusCode.meaning(r.status) { piece += " (\(meaning))" }
            }
            if let diagnostic = r.diagnosticCode, !diagnostic.isEmpty {
                piece += ", \"\(String(diagnostic.prefix(160)))\""
            }
            pieces.append(piece)
        }
        if recipients.count > 5 { pieces.append("and \(recipients.count - 5) more") }
        if pieces.isEmpty {
            return standard
                ? "delivery status report without recipient details"
                : "bounce from \(sender ?? "a mail server") in a non-standard format; no details found"
        }
        let text = pieces.joined(separator: "; ")
        return standard ? text : text + " (non-standard bounce)"
    }

    // MARK: helpers

    /// Splits a message/delivery-status body into its field blocks (RFC 3464 2.1).
    static func fieldBlocks(_ bytes: [UInt8]) -> [MIMEHeaders] {
        var blocks: [MIMEHeaders] = []
        bytes.withUnsafeBufferPointer { b in
            var pos = 0
            var guardCount = 0
            while pos < b.count, guardCount < 1000 {
                guardCount += 1
                let line = ByteScan.line(in: b, at: pos, end: b.count)
                if line.isEmpty || (line.start..<line.contentEnd).allSatisfy({ ByteScan.isWSP(b[$0]) }) {
                    pos = line.next
                    continue
                }
                guard let section = try? HeaderSectionParser.parse(b, range: pos..<b.count, path: "", limits: MIMELimits(), nulIsFatal: false) else { break }
                if !section.headers.isEmpty { blocks.append(section.headers) }
                pos = section.bodyStart > pos ? section.bodyStart : line.next
            }
        }
        return blocks
    }

    static func headerBlock(_ bytes: [UInt8]) -> MIMEHeaders? {
        bytes.withUnsafeBufferPointer { b in
            try? HeaderSectionParser.parse(b, range: 0..<b.count, path: "", limits: MIMELimits(), nulIsFatal: false).headers
        }
    }

    /// "rfc822; jo@x.test" -> "jo@x.test".
    static func stripAddressType(_ value: String) -> String {
        guard let semicolon = value.firstIndex(of: ";") else { return value.trimmingASCIIWhitespace }
        var rest = String(value[value.index(after: semicolon)...]).trimmingASCIIWhitespace
        if rest.hasPrefix("<"), rest.hasSuffix(">") { rest = String(rest.dropFirst().dropLast()) }
        return rest
    }

    static func firstWord(_ value: String) -> String {
        String(value.trimmingASCIIWhitespace.prefix { $0 != " " && $0 != "\t" && $0 != "(" && $0 != ";" })
    }

    static func collapse(_ s: String) -> String {
        s.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }).joined(separator: " ")
    }
}

import Foundation
