import Foundation

/// Lines that end what a sender wrote and start their sign-off, and the name a
/// sign-off gives.
///
/// Chosen rule for the name a decision is signed with (for the shared duty mailbox):
/// a `Name: Sam Patel` line (also `Signed:`, `Signed by:`, `Decided by:`,
/// `Decision by:`, `Duty manager:`) is the surest, and is what the duty mailbox's
/// users are asked to write; otherwise the first line of the signature block: the
/// name after a valediction's comma (`Thanks, Sam`), or the line after the
/// valediction, or the line after a `-- ` delimiter. A line is taken as a name only
/// if it looks like one: letters, no digits, no `@`, one to six words; a title after
/// ` | `, ` - ` or `,` is dropped (`Sam Patel | Head of Service`).
enum SignOff: Hashable {
    /// `Name: Sam Patel`.
    case named(String)
    /// `Kind regards`, or `Thanks, Sam` (with the name).
    case valediction(name: String?)
    /// `Sent from my iPhone`, `Get Outlook for iOS`.
    case footer

    static func classify(_ line: String) -> SignOff? {
        let t = FormText.trim(line)
        guard !t.isEmpty, t.count <= 200 else { return nil }
        if let colon = t.firstIndex(of: ":"), nameLabels.contains(FormText.labelKey(t[..<colon])) {
            let value = t[t.index(after: colon)...]
            if let signed = name(fromLine: String(value)) { return .named(signed) }
        }
        let key = FormText.labelKey(t)
        if valedictions.contains(key) { return .valediction(name: nil) }
        if let comma = t.firstIndex(of: ","), valedictions.contains(FormText.labelKey(t[..<comma])) {
            let after = FormText.trim(t[t.index(after: comma)...])
            if after.isEmpty { return .valediction(name: nil) }
            // "Thanks, Sam" signs; "Thanks, see you next week" does not.
            let words = after.split(separator: " ")
            if words.count <= 4, words.allSatisfy({ $0.first?.isUppercase == true }), let signed = name(fromLine: after) {
                return .valediction(name: signed)
            }
            return nil
        }
        let lower = t.lowercased()
        if footers.contains(where: { lower.hasPrefix($0) }) { return .footer }
        return nil
    }

    /// The name a signature line gives, or nil when the line does not look like a name.
    static func name(fromLine line: String) -> String? {
        var text = FormText.removingAsides(FormText.collapse(line))
        for separator in [" | ", "|", " - ", " – ", " — ", ","] {
            if let range = text.range(of: separator) { text = String(text[..<range.lowerBound]) }
        }
        text = FormText.trim(text.filter { $0 != "*" && $0 != "_" })
        let words = text.split(separator: " ")
        guard (1...6).contains(words.count), text.count <= 80, text.contains(where: \.isLetter),
              !text.contains(where: { $0.isNumber || $0 == "@" || $0 == ":" || $0 == "/" }),
              !text.lowercased().hasPrefix("www."), !footers.contains(where: { text.lowercased().hasPrefix($0) }),
              valedictions.contains(FormText.labelKey(text)) == false else { return nil }
        return text
    }

    static let nameLabels: Set<String> = [
        "name", "signed", "signed by", "decided by", "decision by", "decision made by", "decision maker",
        "duty manager", "duty panel member", "duty member", "panel member",
    ]

    static let valedictions: Set<String> = [
        "regards", "kind regards", "kindest regards", "best regards", "warm regards", "warmest regards",
        "many thanks", "many thanks and kind regards", "thanks and regards", "thanks and kind regards",
        "thank you and kind regards", "thanks", "thanks again", "thanks very much", "thank you", "thank you very much",
        "with thanks", "best wishes", "with best wishes", "warm wishes", "all the best", "best", "cheers",
        "yours sincerely", "yours faithfully", "rgds", "kr", "br", "take care",
    ]

    static let footers = [
        "sent from my ", "sent from outlook", "get outlook for ", "sent from mail for windows", "sent from yahoo mail",
        "sent from samsung", "sent via ",
    ]
}
