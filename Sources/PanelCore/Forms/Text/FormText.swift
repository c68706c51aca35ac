import Foundation

/// Small text helpers shared by the form readers. Locale-free and linear.
enum FormText {
    /// Spaces, tabs, no-break and other Unicode spaces (not line breaks).
    static func isSpace(_ c: Character) -> Bool {
        // ASCII first: comparing Characters is a string comparison, and this runs for
        // every character of every body.
        if let a = c.asciiValue { return a == 0x20 || a == 0x09 }
        return c == "\u{00A0}" || c == "\u{202F}" || c == "\u{2007}" || c == "\u{3000}"
            || c == "\u{FEFF}" || c == "\u{200B}" || (c.isWhitespace && !c.isNewline)
    }

    /// A space or a line break.
    static func isBlank(_ c: Character) -> Bool {
        if let a = c.asciiValue { return a == 0x20 || (0x09...0x0D).contains(a) }
        return isSpace(c) || c.isNewline
    }

    /// The text without leading and trailing spaces (line breaks included).
    static func trim(_ s: some StringProtocol) -> String {
        if startsAndEndsVisible(s) { return String(s) }
        return String(trimmedSlice(Substring(s)))
    }

    /// `trim` as a slice of the line, without copying it: for scans that only look.
    static func trimmedSlice(_ s: Substring) -> Substring {
        if startsAndEndsVisible(s) { return s }
        var start = s.startIndex
        var end = s.endIndex
        while start < end, isBlank(s[start]) { start = s.index(after: start) }
        while end > start {
            let before = s.index(before: end)
            guard isBlank(s[before]) else { break }
            end = before
        }
        return s[start..<end]
    }

    /// Most lines start and end with a visible ASCII character: nothing to trim.
    /// (A visible ASCII byte is a whole character: never part of a blank one.)
    private static func startsAndEndsVisible(_ s: some StringProtocol) -> Bool {
        s.utf8.withContiguousStorageIfAvailable { bytes in
            guard let first = bytes.first, let last = bytes.last else { return false }
            return (0x21...0x7E).contains(first) && (0x21...0x7E).contains(last)
        } ?? false
    }

    /// Runs of spaces and line breaks become one space; trimmed.
    static func collapse(_ s: some StringProtocol) -> String {
        if let ascii = asciiCollapse(s) { return ascii }
        var out = ""
        var pendingSpace = false
        for c in s {
            if isBlank(c) {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(c)
            }
        }
        return out
    }

    /// Lines joined with "\n", by copying their bytes once.
    static func joinedLines<Line: StringProtocol>(_ lines: some Collection<Line>) -> String {
        guard !lines.isEmpty else { return "" }
        let count = lines.reduce(lines.count - 1) { $0 + $1.utf8.count }
        return String(unsafeUninitializedCapacity: count) { out in
            var n = 0
            for (index, line) in lines.enumerated() {
                if index > 0 { out[n] = 0x0A; n += 1 }
                let copied: Void? = line.utf8.withContiguousStorageIfAvailable { bytes in
                    guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
                    UnsafeMutableRawPointer(out.baseAddress! + n).copyMemory(from: base, byteCount: bytes.count)
                    n += bytes.count
                }
                if copied == nil {
                    for byte in line.utf8 { out[n] = byte; n += 1 }
                }
            }
            return n
        }
    }

    /// `collapse` then `lowercased()`, in one pass for all-ASCII text: the canonical form
    /// of a text value, computed for every value of every form.
    static func collapsedLowercase(_ s: some StringProtocol) -> String {
        asciiCollapse(s, lowercase: true) ?? collapse(s).lowercased()
    }

    /// `collapse` byte by byte for all-ASCII text (a long reason is collapsed for every
    /// comparison), ASCII letters lowered if asked; nil when the text has other characters.
    private static func asciiCollapse(_ s: some StringProtocol, lowercase: Bool = false) -> String? {
        let count = s.utf8.count
        func run(_ input: UnsafeBufferPointer<UInt8>) -> String? {
            // All ASCII? A loop the compiler vectorises, before any copying.
            var any: UInt8 = 0
            for byte in input { any |= byte }
            guard any < 0x80 else { return nil }
            guard let base = input.baseAddress else { return "" }
            let lower: UInt8 = lowercase ? 0x20 : 0
            return String(unsafeUninitializedCapacity: count) { buffer in
                let out = buffer.baseAddress!
                var n = 0
                // 0x20 while a space is owed before the next visible byte.
                var space: UInt8 = 0
                for i in 0..<count {
                    let byte = base[i]
                    if byte == 0x20 || byte &- 0x09 <= 4 {
                        space = n > 0 ? 0x20 : 0
                        continue
                    }
                    // The owed space is written either way, and kept only when owed.
                    out[n] = space
                    n &+= space == 0 ? 0 : 1
                    out[n] = byte &- 0x41 < 26 ? byte | lower : byte
                    n &+= 1
                    space = 0
                }
                return n
            }
        }
        if let result = s.utf8.withContiguousStorageIfAvailable(run) { return result }
        var copy = String(s)
        return copy.withUTF8(run)
    }

    /// Each line trimmed, joined with "\n", blank lines at either end dropped: what
    /// `trim(lines(s).map(trim).joined("\n"))` gives, in one pass over the bytes of an
    /// all-ASCII text (a long reason goes through it); nil for any other text.
    static func asciiTrimmedLines(_ s: String) -> String? {
        var s = s
        var unchanged = false
        let trimmed = s.withUTF8 { input -> String? in
            let count = input.count
            var ascii = true
            let text = String(unsafeUninitializedCapacity: count) { out in
                var n = 0
                var i = 0
                var pendingBreaks = 0
                while i < count {
                    // One line: [start, end) without its break.
                    let start = i
                    while i < count, input[i] < 0x0A || input[i] > 0x0D {
                        if input[i] >= 0x80 { ascii = false; return 0 }
                        i += 1
                    }
                    var lo = start
                    var hi = i
                    while lo < hi, input[lo] == 0x20 || input[lo] == 0x09 { lo += 1 }
                    while hi > lo, input[hi - 1] == 0x20 || input[hi - 1] == 0x09 { hi -= 1 }
                    if hi > lo {
                        if n > 0 { for _ in 0..<pendingBreaks { out[n] = 0x0A; n += 1 } }
                        pendingBreaks = 0
                        for j in lo..<hi { out[n] = input[j]; n += 1 }
                    }
                    guard i < count else { break }
                    // The break: CRLF counts once.
                    if input[i] == 0x0D, i + 1 < count, input[i + 1] == 0x0A { i += 1 }
                    i += 1
                    pendingBreaks += 1
                }
                return n
            }
            guard ascii else { return nil }
            // The same bytes (no line trimmed, every break a lone LF already)?
            var result = text
            unchanged = result.utf8.count == count && result.withUTF8 { out in count == 0 || memcmp(out.baseAddress!, input.baseAddress!, count) == 0 }
            return result
        }
        // Nothing trimmed: the text as given, so that the value shares its storage
        // with the entry it was read from.
        return unchanged ? s : trimmed
    }

    /// The comparable form of a label or a word list: lower case, apostrophes dropped,
    /// any other punctuation a word break, words joined by one space.
    /// "Child’s Name:" → "childs name"; "Respite/short breaks" → "respite short breaks".
    static func labelKey(_ s: some StringProtocol) -> String {
        if let ascii = asciiLabelKey(s) { return ascii }
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

    /// `labelKey` for all-ASCII text, byte by byte (the common case, and the hot one:
    /// every line of a body is looked up); nil when the text has other characters.
    private static func asciiLabelKey(_ s: some StringProtocol) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        var pendingSpace = false
        for byte in s.utf8 {
            guard byte < 0x80 else { return nil }
            switch byte {
            case UInt8(ascii: "'"), UInt8(ascii: "`"):
                continue
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                if pendingSpace { out.append(UInt8(ascii: " ")) }
                pendingSpace = false
                out.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                if pendingSpace { out.append(UInt8(ascii: " ")) }
                pendingSpace = false
                out.append(byte + 32)
            default:
                pendingSpace = !out.isEmpty
            }
        }
        return String(decoding: out, as: UTF8.self)
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
        // By UTF-8 byte, not by Character (grapheme breaking costs more than the rest
        // of reading a form): LF, VT, FF, CR, NEL, LS, PS end a line, CRLF once.
        var text = s  // withUTF8 may make a bridged string contiguous; a native one is not copied
        var breaks: [(end: Int, next: Int)] = []
        let count = text.withUTF8 { bytes -> Int in
            let n = bytes.count
            var i = 0
            while i < n {
                let b = bytes[i]
                var length = 0
                if b &- 0x0A <= 3 {
                    length = b == 0x0D && i &+ 1 < n && bytes[i &+ 1] == 0x0A ? 2 : 1
                } else if b == 0xC2 {
                    // NEL is C2 85.
                    if i &+ 1 < n && bytes[i &+ 1] == 0x85 { length = 2 }
                } else if b == 0xE2 {
                    // LINE and PARAGRAPH SEPARATOR are E2 80 A8 and E2 80 A9.
                    if i &+ 2 < n && bytes[i &+ 1] == 0x80 && (bytes[i &+ 2] == 0xA8 || bytes[i &+ 2] == 0xA9) { length = 3 }
                }
                if length > 0 {
                    breaks.append((i, i &+ length))
                    i &+= length
                } else {
                    i &+= 1
                }
            }
            return n
        }
        let utf8 = text.utf8
        func index(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
        var lines: [Substring] = []
        lines.reserveCapacity(breaks.count + 1)
        var start = 0
        for (end, next) in breaks {
            lines.append(text[index(start)..<index(end)])
            start = next
        }
        lines.append(text[index(start)..<index(count)])
        return lines
    }

    /// Words that stand for "not given yet": "TBC", "N/A", "?", "-".
    static func isPlaceholder(_ s: some StringProtocol) -> Bool {
        // Placeholders are a word or two; a long value is not one, and is not scanned.
        guard s.utf8.count <= 200 else { return false }
        let t = trim(s).lowercased()
        if t.isEmpty { return false }
        if t.allSatisfy({ $0 == "?" || $0 == "-" || $0 == "." || $0 == "x" || $0 == "_" || $0 == "/" }) { return true }
        return placeholders.contains(labelKey(t))
    }

    /// Placeholders, plus "none" and "no", which are not a value for a person or a date.
    static func isPlaceholderOrNone(_ s: some StringProtocol) -> Bool {
        guard s.utf8.count <= 200 else { return false }
        return isPlaceholder(s) || ["none", "nil", "no", "nobody", "no one", "none allocated", "not allocated"].contains(labelKey(s))
    }

    static let placeholders: Set<String> = [
        "tbc", "tba", "tbd", "to be confirmed", "to be agreed", "to follow", "n a", "na", "nk",
        "not applicable", "not known", "unknown", "pending", "awaiting", "awaiting quote",
    ]
}
