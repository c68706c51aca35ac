/// Small text helpers shared by the form readers. Locale-free and linear.
enum FormText {
    /// Spaces, tabs, no-break and other Unicode spaces (not line breaks).
    static func isSpace(_ c: Character) -> Bool {
        c == " " || c == "\t" || c == "\u{00A0}" || c == "\u{202F}" || c == "\u{2007}" || c == "\u{3000}"
            || c == "\u{FEFF}" || c == "\u{200B}" || (c.isWhitespace && !c.isNewline)
    }

    /// The text without leading and trailing spaces (line breaks included).
    static func trim(_ s: some StringProtocol) -> String {
        var start = s.startIndex
        var end = s.endIndex
        while start < end, isSpace(s[start]) || s[start].isNewline { start = s.index(after: start) }
        while end > start {
            let before = s.index(before: end)
            guard isSpace(s[before]) || s[before].isNewline else { break }
            end = before
        }
        return String(s[start..<end])
    }

    /// Runs of spaces and line breaks become one space; trimmed.
    static func collapse(_ s: some StringProtocol) -> String {
        var out = ""
        var pendingSpace = false
        for c in s {
            if isSpace(c) || c.isNewline {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(c)
            }
        }
        return out
    }

    /// The comparable form of a label or a word list: lower case, apostrophes dropped,
    /// any other punctuation a word break, words joined by one space.
    /// "Child’s Name:" → "childs name"; "Respite/short breaks" → "respite short breaks".
    static func labelKey(_ s: some StringProtocol) -> String {
        var out = ""
        var pendingSpace = false
        for scalar in s.lowercased().unicodeScalars {
            switch scalar {
            case "'", "\u{2019}", "\u{2018}", "`", "\u{00B4}", "\u{02BC}":
                continue
            default:
                break
            }
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.unicodeScalars.append(scalar)
            } else {
                pendingSpace = !out.isEmpty
            }
        }
        return out
    }

    /// The text with every bracketed aside removed: "£3,450 (quote attached)" → "£3,450".
    /// An unclosed bracket runs to the end.
    static func removingAsides(_ s: some StringProtocol) -> String {
        var out = ""
        var depth = 0
        for c in s {
            if c == "(" || c == "[" {
                depth += 1
            } else if c == ")" || c == "]" {
                if depth > 0 { depth -= 1 } else { out.append(c) }
            } else if depth == 0 {
                out.append(c)
            }
        }
        return trim(out)
    }

    /// A value quoted for a message to the worker: one line, at most 80 characters.
    static func quoted(_ s: some StringProtocol) -> String {
        let one = collapse(s)
        guard one.count > 80 else { return "\"\(one)\"" }
        return "\"\(one.prefix(77))...\""
    }

    /// "a", "a and b", "a, b and c".
    static func list(_ items: [String], conjunction: String = "and") -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " \(conjunction) " + items[items.count - 1]
        }
    }

    /// The text split into lines on LF, CRLF, CR (and Unicode line separators).
    static func lines(_ s: String) -> [Substring] {
        // Character treats "\r\n" as one newline character.
        s.split(omittingEmptySubsequences: false, whereSeparator: { $0.isNewline })
    }

    /// Words that stand for "not given yet": "TBC", "N/A", "?", "-".
    static func isPlaceholder(_ s: some StringProtocol) -> Bool {
        let t = trim(s).lowercased()
        if t.isEmpty { return false }
        if t.allSatisfy({ $0 == "?" || $0 == "-" || $0 == "." || $0 == "x" || $0 == "_" || $0 == "/" }) { return true }
        return placeholders.contains(labelKey(t))
    }

    /// Placeholders, plus "none" and "no", which are not a value for a person or a date.
    static func isPlaceholderOrNone(_ s: some StringProtocol) -> Bool {
        isPlaceholder(s) || ["none", "nil", "no", "nobody", "no one", "none allocated", "not allocated"].contains(labelKey(s))
    }

    static let placeholders: Set<String> = [
        "tbc", "tba", "tbd", "to be confirmed", "to be agreed", "to follow", "n a", "na", "nk",
        "not applicable", "not known", "unknown", "pending", "awaiting", "awaiting quote",
    ]
}
