/// Chooses the readable text of a message and the parts that are files (RFC 2046 5.1).
enum BodyText {
    /// Report parts that are machinery, not files (RFC 3462, RFC 3464, RFC 3798, RFC 6533).
    static let reportMachinery: Set<String> = [
        "message/delivery-status", "message/global-delivery-status", "message/disposition-notification",
        "message/global-disposition-notification", "text/rfc822-headers", "message/global-headers",
    ]

    static func text(of root: MIMEPart) -> String {
        var text = extract(root, allowHTML: true, isRoot: true)
        if text == nil || isBlank(text ?? "") {
            // A message whose only content is a forwarded message.
            if let inner = root.allParts.first(where: { $0.isEncapsulatedMessage })?.children.first {
                text = extract(inner, allowHTML: true, isRoot: true)
            }
        }
        return trimTrailingWhitespace(text ?? "")
    }

    /// Drops trailing spaces and line breaks at the very end.
    static func trimTrailingWhitespace(_ text: String) -> String {
        var end = text.utf8.endIndex
        while end > text.utf8.startIndex {
            let before = text.utf8.index(before: end)
            let b = text.utf8[before]
            guard b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D else { break }
            end = before
        }
        return String(text[..<end])
    }

    /// Whether a leaf is text to read rather than a file. A single-part message whose
    /// text carries a name (some scripts send that) is still read, unless marked attachment.
    static func isBodyText(_ part: MIMEPart, isRoot: Bool = false) -> Bool {
        guard part.children.isEmpty, part.contentType.isText else { return false }
        guard part.contentType.subtype == "plain" || part.contentType.subtype == "html" else { return false }
        if part.disposition?.isAttachment == true { return false }
        return isRoot || part.filename == nil
    }

    private static func isBlank(_ s: String) -> Bool {
        s.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
    }

    private static func extract(_ part: MIMEPart, allowHTML: Bool, isRoot: Bool = false) -> String? {
        if part.isMultipart {
            let children = part.children
            switch part.contentType.subtype {
            case "alternative":
                // Plain text first, wherever it is; then the richest other alternative.
                for child in children {
                    if let text = extract(child, allowHTML: false), !isBlank(text) { return text }
                }
                guard allowHTML else { return nil }
                for child in children.reversed() {
                    if let text = extract(child, allowHTML: true), !isBlank(text) { return text }
                }
                return nil
            case "related":
                // RFC 2387: the root is named by "start", else it is the first part.
                if let start = part.contentType.parameters["start"].flatMap(MessageIDs.parseSingle),
                   let root = children.first(where: { $0.contentID == start }) {
                    return extract(root, allowHTML: allowHTML)
                }
                return children.first.flatMap { extract($0, allowHTML: allowHTML) }
            case "signed", "report":
                // RFC 1847: the first part is the content; RFC 6522: the first part is for people.
                return children.first.flatMap { extract($0, allowHTML: allowHTML) }
            case "encrypted":
                return nil
            default:
                // mixed, parallel, digest and unknown: join the inline text parts in order.
                var pieces: [String] = []
                for child in children {
                    if child.isEncapsulatedMessage || child.isAttachmentLike { continue }
                    if let text = extract(child, allowHTML: allowHTML), !isBlank(text) { pieces.append(text) }
                }
                if pieces.isEmpty { return nil }
                return pieces.map { $0.utf8.last == 0x0A ? $0 : $0 + "\n" }.joined(separator: "\n")
            }
        }
        guard isBodyText(part, isRoot: isRoot) else { return nil }
        if part.contentType.subtype == "html" {
            return allowHTML ? HTMLText.plainText(fromHTML: ByteScan.normalizeNewlines(part.decodedText())) : nil
        }
        let text = ByteScan.normalizeNewlines(part.decodedText())
        if part.contentType.parameters["format"]?.asciiLowercased == "flowed" {
            let delSp = part.contentType.parameters["delsp"]?.asciiLowercased == "yes"
            return FlowedText.unflow(text, deleteSpace: delSp)
        }
        return text
    }

    /// Leaves that are files, in order; descends into multiparts and forwarded messages.
    /// Alternatives without a filename (text/enriched, text/calendar views) are not files.
    static func attachmentParts(of root: MIMEPart) -> [MIMEPart] {
        var result: [MIMEPart] = []
        var stack: [(part: MIMEPart, inAlternative: Bool, isRoot: Bool)] = [(root, false, true)]
        while let (part, inAlternative, isRoot) = stack.popLast() {
            if !part.children.isEmpty {
                let alternative = part.isMultipart && part.contentType.subtype == "alternative"
                let message = part.isEncapsulatedMessage
                stack.append(contentsOf: part.children.reversed().map { ($0, alternative, message) })
                continue
            }
            if isBodyText(part, isRoot: isRoot) { continue }
            if inAlternative, !part.isAttachmentLike { continue }
            if reportMachinery.contains(part.contentType.mimeType) { continue }
            if part.isMultipart { continue } // an empty multipart
            if part.bodyRange.isEmpty, part.streamedBody == nil, part.filename == nil { continue }
            result.append(part)
        }
        return result
    }
}
