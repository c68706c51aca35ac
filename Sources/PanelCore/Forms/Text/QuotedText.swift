/// Removes what a sender did not write in this email: the earlier messages quoted in
/// a reply or forward, and the signature. Line based and linear.
///
/// - Lines starting with ">" (plain-text quoting, and HTML blockquotes as the MIME
///   layer renders them) are dropped wherever they are, so a reply written between
///   or below quoted lines is kept.
/// - Gmail's and Apple Mail's attribution ("On Thu, 3 Sep 2026 at 10:12, Jane
///   <jane@council.test> wrote:", possibly wrapped over two lines) is dropped; when no
///   ">" line follows it (a client that quotes without ">"), everything after it goes.
/// - Everything from these markers on goes: Outlook's header block ("From:" followed
///   by "Sent:" or "Date:" and "To:" or "Subject:" within the next lines), the
///   "-----Original Message-----" and forwarded-message lines, an underscore rule
///   ("________________________________") followed by such a header, and the
///   signature delimiter "-- " (RFC 3676 section 4.3; also "--" once trailing spaces
///   are stripped).
public enum QuotedText {
    /// The text the sender wrote, with line breaks normalised to "\n".
    public static func strip(_ text: String) -> String {
        FormText.joinedLines(keptLines(text))
    }

    /// The lines the sender wrote, as slices of `text` (what `strip` joins): the form
    /// reader takes them as they are, instead of splitting the joined text again.
    static func keptLines(_ text: String) -> ArraySlice<Substring> {
        let lines = FormText.lines(text)
        var kept: [Substring] = []
        kept.reserveCapacity(lines.count)
        var i = 0
        scan: while i < lines.count {
            let line = lines[i]
            let t = FormText.trimmedSlice(line)
            if t.hasPrefix(">") {
                i += 1
                continue
            }
            // Markers and headers start with "-", "B", "F" or "*": other lines are not looked at.
            let first = t.utf8.first ?? 0
            let mayMark = first == UInt8(ascii: "-") || first == UInt8(ascii: "B") || first == UInt8(ascii: "b")
            let mayHead = first == UInt8(ascii: "F") || first == UInt8(ascii: "f") || first == UInt8(ascii: "*")
            if line == "-- " || t == "--" || (mayMark && isOriginalMessageMarker(t)) || (mayHead && isOutlookHeader(lines, at: i)) {
                break scan
            }
            if first == UInt8(ascii: "_"), isUnderscoreRule(t), let next = nextNonBlank(lines, after: i), next - i <= 3, isOutlookHeader(lines, at: next) {
                break scan
            }
            if t.hasPrefix("On "), let length = attributionLength(lines, at: i) {
                let after = i + length
                if let next = nextNonBlank(lines, after: after - 1), FormText.trimmedSlice(lines[next]).hasPrefix(">") {
                    i = after
                    continue
                }
                break scan
            }
            kept.append(line)
            i += 1
        }
        while let last = kept.last, FormText.trimmedSlice(last).isEmpty { kept.removeLast() }
        let first = kept.firstIndex { !FormText.trimmedSlice($0).isEmpty } ?? kept.endIndex
        return kept[first...]
    }

    static func nextNonBlank(_ lines: [Substring], after index: Int) -> Int? {
        var j = index + 1
        while j < lines.count {
            if !FormText.trimmedSlice(lines[j]).isEmpty { return j }
            j += 1
        }
        return nil
    }

    /// "-----Original Message-----", "---------- Forwarded message ---------",
    /// "Begin forwarded message:".
    static func isOriginalMessageMarker(_ t: some StringProtocol) -> Bool {
        let lower = t.lowercased()
        if lower.hasPrefix("begin forwarded message") { return true }
        guard lower.hasPrefix("--") else { return false }
        let words = FormText.labelKey(lower)
        return words == "original message" || words == "forwarded message"
    }

    static func isUnderscoreRule(_ t: some StringProtocol) -> Bool {
        t.count >= 10 && t.allSatisfy { $0 == "_" }
    }

    /// Outlook's quoted header: "From:" then, within five lines, "Sent:"/"Date:" and
    /// "To:"/"Subject:".
    static func isOutlookHeader(_ lines: [Substring], at index: Int) -> Bool {
        guard headerName(lines[index]) == "from" else { return false }
        var sawDate = false
        var sawTo = false
        var j = index + 1
        while j < lines.count, j <= index + 6 {
            switch headerName(lines[j]) {
            case "sent", "date": sawDate = true
            case "to", "subject", "cc": sawTo = true
            default: break
            }
            if sawDate, sawTo { return true }
            j += 1
        }
        return false
    }

    /// "From: x" (also "*From:* x", as bold survives in some plain-text renderings) → "from".
    private static func headerName(_ line: Substring) -> String? {
        // Most lines are not headers: look for the colon in the first few bytes before
        // building anything.
        let start = line.drop { $0 == " " || $0 == "\t" || $0 == "\u{00A0}" }
        guard start.utf8.prefix(16).contains(UInt8(ascii: ":")) else { return nil }
        let t = FormText.trim(line).drop { $0 == "*" }
        guard let colon = t.firstIndex(of: ":") else { return nil }
        let name = t[..<colon].filter { $0 != "*" }.lowercased()
        return name.count <= 7 ? name : nil
    }

    /// The number of lines (1 or 2) of an "On ... wrote:" attribution starting here.
    static func attributionLength(_ lines: [Substring], at index: Int) -> Int? {
        let t = FormText.trimmedSlice(lines[index])
        guard t.hasPrefix("On "), t.count <= 300 else { return nil }
        if t.hasSuffix("wrote:") { return 1 }
        if index + 1 < lines.count {
            let next = FormText.trimmedSlice(lines[index + 1])
            if next.hasSuffix("wrote:"), next.count <= 200, !next.hasPrefix(">") { return 2 }
        }
        return nil
    }
}
