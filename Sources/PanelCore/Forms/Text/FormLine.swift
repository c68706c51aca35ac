/// One line of a form, classified: a labelled value, a label alone, a separator
/// between requests, or plain text (which may continue a value).
struct FormLine {
    /// A label found on a line, with the value written after it on that line.
    struct Hit: Equatable {
        var key: FormFieldKey
        /// The label as the worker wrote it, bold markers and bullets removed.
        var written: String
        var value: String
        /// The label was a misspelling read as `key` (see `LabelIndex`).
        var corrected: Bool
    }

    enum Kind {
        case blank
        /// `---`, `===`, `___`, `***`: the next request follows.
        case separator
        /// "Label: value", "Label | value", "Label<TAB>value"; a table row such as
        /// "Child's name | A | Case ID | 123" gives several.
        case labels([Hit])
        /// A line that is exactly a label, with no separator (a table cell rendered
        /// alone). Honoured only in text that has labelled lines (see `FormTextReader`).
        case bareLabel(Hit)
        case text
    }

    var kind: Kind
    /// The line without its bullet and surrounding spaces: a slice of the line, since
    /// most lines of a body are only looked at, or kept as part of a longer value.
    var content: Substring
    /// It began with a bullet or a list number.
    var bulleted: Bool
    /// "Tema: ..." close to several labels: the written label and the candidates.
    var suggestion: (written: String, keys: [FormFieldKey])?
    /// Plain text shaped like "Label: value" with a label the form does not have
    /// ("Joint letter of instruction: yes"): an item of its own, not a continuation.
    var looksLikeLabel = false

    var isBlank: Bool { if case .blank = kind { return true } else { return false } }
}

extension FormLine {
    /// Classifies one line. Linear in its length (plus a bounded label lookup).
    static func classify(_ raw: some StringProtocol, labels: LabelIndex, allowCorrection: Bool) -> FormLine {
        let trimmed = FormText.trimmedSlice(Substring(raw))
        if trimmed.isEmpty { return FormLine(kind: .blank, content: "", bulleted: false) }
        if isSeparator(trimmed) { return FormLine(kind: .separator, content: trimmed, bulleted: false) }
        let (content, bulleted) = strippingBullet(trimmed)
        var line = FormLine(kind: .text, content: content, bulleted: bulleted)

        guard let sep = separatorIndex(in: content) else {
            // A label alone on its line is short; a line of narrative is not looked up.
            guard content.utf8.count <= labels.longestLabel + 12 else { return line }
            let label = cleanLabel(content)
            if !label.isEmpty, let key = labels.exactKey(label) {
                line.kind = .bareLabel(Hit(key: key, written: label, value: "", corrected: false))
            }
            return line
        }
        let label = cleanLabel(content[..<sep])
        let value = cleanValue(content[content.index(after: sep)...])
        guard !label.isEmpty else { return line }
        let first: Hit
        switch labels.lookup(label, allowCorrection: allowCorrection) {
        case .exact(let key):
            first = Hit(key: key, written: label, value: value, corrected: false)
        case .corrected(let key):
            first = Hit(key: key, written: label, value: value, corrected: true)
        case .ambiguous(let keys):
            line.suggestion = (label, keys)
            return line
        case .none:
            line.looksLikeLabel = LabelIndex.isLabelShaped(label) && !value.isEmpty
            return line
        }
        line.kind = .labels(splittingCells(first, labels: labels))
        return line
    }

    /// "A | Case ID | 123" after a first label: further cells that are exactly a label
    /// start their own value; otherwise the cells stay one value.
    private static func splittingCells(_ first: Hit, labels: LabelIndex) -> [Hit] {
        guard first.value.contains("|") else { return [first] }
        let cells = first.value.split(separator: "|", omittingEmptySubsequences: false).map { FormText.trim($0) }
        var hits: [Hit] = []
        var current = first
        var values: [String] = []
        for (i, cell) in cells.enumerated() {
            if i > 0, !cell.isEmpty, let key = labels.exactKey(cleanLabel(cell)) {
                current.value = values.filter { !$0.isEmpty }.joined(separator: " | ")
                hits.append(current)
                current = Hit(key: key, written: cleanLabel(cell), value: "", corrected: false)
                values = []
            } else {
                values.append(cell)
            }
        }
        current.value = values.filter { !$0.isEmpty }.joined(separator: " | ")
        hits.append(current)
        return hits
    }

    /// Three or more of one of `- = _ * ~`, spaces allowed between.
    static func isSeparator(_ s: some StringProtocol) -> Bool {
        // Most lines start with a letter: decided on the first byte.
        guard let first = s.utf8.first, [UInt8(ascii: "-"), UInt8(ascii: "="), UInt8(ascii: "_"), UInt8(ascii: "*"), UInt8(ascii: "~")].contains(first) else {
            return false
        }
        var mark: Character?
        var count = 0
        for c in s where !FormText.isSpace(c) {
            guard "-=_*~".contains(c) else { return false }
            if let m = mark, m != c { return false }
            mark = c
            count += 1
        }
        return count >= 3
    }

    private static let bullets: Set<Character> = ["-", "*", "+", "•", "·", "◦", "▪", "▫", "‣", "–", "—", "o", "►", "➢", "→", "✓", "✔", "\u{F0B7}", "§"]

    /// Removes a leading bullet ("-", "*", "•", Outlook's "o") or list number
    /// ("1.", "2)", "(a)") when a space follows it.
    static func strippingBullet(_ s: Substring) -> (Substring, Bool) {
        // Decided on the first bytes for most lines: an ASCII bullet is followed by a
        // space, and a list marker ("12.", "b)", "(iv)") closes within five bytes.
        if let b = s.utf8.first, b < 0x80 {
            let head = s.utf8.prefix(5)
            let second = head.dropFirst().first ?? 0
            let bulletLike = (b == UInt8(ascii: "-") || b == UInt8(ascii: "*") || b == UInt8(ascii: "+") || b == UInt8(ascii: "o"))
                && (second == 0x20 || second == 0x09 || second >= 0x80)
            let isAlphanumeric = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b)
            let markerLike = (b == UInt8(ascii: "(") || isAlphanumeric)
                && head.dropFirst().contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ")") })
            guard bulletLike || markerLike else { return (s, false) }
        }
        guard let first = s.first else { return (s, false) }
        var i = s.startIndex
        if bullets.contains(first) {
            i = s.index(after: i)
        } else {
            // "12." "3)" "a." "(b)" "iv."
            var j = i
            let open = s[j] == "("
            if open { j = s.index(after: j) }
            let startDigits = j
            while j < s.endIndex, s[j].isASCII, s[j].isNumber || (s[j].isLetter && s.distance(from: startDigits, to: j) < 4) {
                j = s.index(after: j)
            }
            let length = s.distance(from: startDigits, to: j)
            guard length >= 1, length <= 3, j < s.endIndex else { return (s, false) }
            let marker = s[startDigits..<j]
            let allDigits = marker.allSatisfy(\.isNumber)
            let romanOrLetter = marker.count == 1 || marker.allSatisfy { "ivxIVX".contains($0) }
            guard allDigits || romanOrLetter else { return (s, false) }
            if open {
                guard s[j] == ")" else { return (s, false) }
            } else {
                guard s[j] == "." || s[j] == ")" else { return (s, false) }
            }
            i = s.index(after: j)
        }
        guard i < s.endIndex, FormText.isSpace(s[i]) else { return (s, false) }
        return (FormText.trimmedSlice(s[i...]), true)
    }

    /// The first ":", "：", "|" or tab.
    static func separatorIndex(in s: Substring) -> String.Index? {
        // By UTF-8 byte: ":" "|" tab, or the fullwidth colon EF BC 9A. A UTF-8 index at
        // the start of a scalar is a valid String index.
        if let offset = s.utf8.withContiguousStorageIfAvailable(separatorOffset) {
            return offset.map { s.utf8.index(s.utf8.startIndex, offsetBy: $0) }
        }
        let bytes = s.utf8
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == UInt8(ascii: ":") || b == UInt8(ascii: "|") || b == 0x09 { return i }
            if b == 0xEF {
                let next = bytes.index(after: i)
                if next < bytes.endIndex, bytes[next] == 0xBC {
                    let third = bytes.index(after: next)
                    if third < bytes.endIndex, bytes[third] == 0x9A { return i }
                }
            }
            i = bytes.index(after: i)
        }
        return nil
    }

    /// True when the line has a separator (see `separatorIndex`).
    static func hasSeparator(_ line: Substring) -> Bool {
        if let offset = line.utf8.withContiguousStorageIfAvailable(separatorOffset) { return offset != nil }
        return separatorIndex(in: line) != nil
    }

    /// The byte offset of the first separator.
    private static func separatorOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let count = bytes.count
        while i < count {
            let b = bytes[i]
            if b == UInt8(ascii: ":") || b == UInt8(ascii: "|") || b == 0x09 { return i }
            if b == 0xEF, i + 2 < count, bytes[i + 1] == 0xBC, bytes[i + 2] == 0x9A { return i }
            i += 1
        }
        return nil
    }

    private static let markers: Set<Character> = ["*", "_", "#", ">", "\""]

    /// "**Cost", "*Cost*", "__Cost__", "Other funding?" → "Cost", "Other funding".
    static func cleanLabel(_ s: some StringProtocol) -> String {
        var t = Substring(FormText.trim(s))
        while let c = t.first, markers.contains(c) || FormText.isSpace(c) { t = t.dropFirst() }
        while let c = t.last, markers.contains(c) || FormText.isSpace(c) || c == "?" || c == "." { t = t.dropLast() }
        return String(t)
    }

    /// "** £450**" → "£450".
    static func cleanValue(_ s: some StringProtocol) -> String {
        var t = Substring(FormText.trim(s))
        while let c = t.first, c == "*" || c == "_" || FormText.isSpace(c) { t = t.dropFirst() }
        while let c = t.last, c == "*" || c == "_" || FormText.isSpace(c) { t = t.dropLast() }
        return String(t)
    }
}
