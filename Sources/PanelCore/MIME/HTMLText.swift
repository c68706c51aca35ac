/// Readable plain text from the HTML that mail clients send.
///
/// - Drops head, style, script, title, Word's `<xml>` islands, comments (including
///   Outlook's conditional comments `<!--[if gte mso 9]>...<![endif]-->`) and the
///   downlevel-revealed markers `<![if !supportLists]>` (keeping what they reveal).
/// - Block elements, `<br>`, `<p>`, list items and table rows become line breaks;
///   Word's `<p class=MsoNormal>` is a single line (it has no margins), other
///   paragraphs are separated by a blank line; table cells are joined by " | ".
/// - Blockquotes become "> " quoted lines; `<pre>` keeps its spacing.
/// - Named (common) and numeric character references are decoded; whitespace is
///   collapsed as a browser would; link text is kept, URLs are not.
/// Linear in the input, never traps on malformed markup.
public enum HTMLText {
    public static func plainText(fromHTML html: String) -> String {
        let bytes = Array(html.utf8)
        var renderer = Renderer()
        bytes.withUnsafeBufferPointer { renderer.render($0) }
        return renderer.finish()
    }

    /// The charset named by a `<meta>` in the first 4 KiB, for HTML parts without one.
    static func sniffCharset(_ bytes: [UInt8]) -> String? {
        let limit = min(bytes.count, 4096)
        let needle = Array("charset=".utf8)
        var i = 0
        while i + needle.count < limit {
            var match = true
            for k in 0..<needle.count where ByteScan.asciiLower(bytes[i + k]) != needle[k] {
                match = false
                break
            }
            if match {
                var j = i + needle.count
                while j < limit, bytes[j] == UInt8(ascii: "\"") || bytes[j] == UInt8(ascii: "'") || bytes[j] == 0x20 { j += 1 }
                let start = j
                while j < limit, ContentType.isTokenByte(bytes[j]) { j += 1 }
                if j > start { return String(decoding: bytes[start..<j], as: UTF8.self) }
                return nil
            }
            i += 1
        }
        return nil
    }

    static let skipContent: Set<String> = ["style", "script", "title", "xml", "template", "noscript", "object", "svg", "head"]
    static let paragraphBlocks: Set<String> = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote", "pre", "dl", "hr"]
    static let lineBlocks: Set<String> = [
        "div", "li", "tr", "dt", "dd", "address", "article", "aside", "center", "fieldset", "figure",
        "figcaption", "footer", "form", "header", "main", "nav", "section", "caption", "body", "html",
        "tbody", "thead", "tfoot", "legend", "details", "summary", "option",
    ]

    struct Renderer {
        var out: [UInt8] = []
        /// Line breaks owed before the next text (2 = a blank line).
        var pendingBreaks = 0
        var pendingSpace = false
        var pendingSeparator = false
        var lineHasText = false
        var quoteDepth = 0
        var lastTextDepth = 0
        /// Word's paragraphs have no margins: one line break, not a blank line.
        var openParagraphIsWord = true
        var preDepth = 0
        var lists: [(ordered: Bool, counter: Int)] = []
        /// Per open table: whether the current row and cell have text yet.
        var tables: [(rowHasText: Bool, inCell: Bool, cellHasText: Bool)] = []
        /// Positions from which a search is known to fail (keeps malformed input linear).
        var noQuoteFrom: [UInt8: Int] = [:]
        var noEndTagFrom: [String: Int] = [:]

        mutating func render(_ b: UnsafeBufferPointer<UInt8>) {
            let n = b.count
            var i = 0
            while i < n {
                let c = b[i]
                if c == UInt8(ascii: "<") {
                    i = markup(b, i)
                } else if c == UInt8(ascii: "&") {
                    i = entity(b, i)
                } else {
                    i = textRun(b, i)
                }
            }
        }

        // MARK: text

        mutating func textRun(_ b: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
            var i = start
            let n = b.count
            while i < n {
                let c = b[i]
                if c == UInt8(ascii: "<") || c == UInt8(ascii: "&") { break }
                if c == 0xC2, i + 1 < n, b[i + 1] == 0xA0 { // U+00A0
                    emitText([0x20])
                    i += 2
                    continue
                }
                if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C {
                    if preDepth > 0 {
                        if c == 0x0A {
                            newlineInPre()
                        } else if c != 0x0D {
                            emitText([c == 0x09 ? 0x09 : 0x20])
                        }
                    } else if lineHasText {
                        pendingSpace = true
                    }
                    i += 1
                    continue
                }
                // Zero-width space/joiners and BOM are dropped.
                if c == 0xE2, i + 2 < n, b[i + 1] == 0x80, (0x8B...0x8D).contains(b[i + 2]) {
                    i += 3
                    continue
                }
                if c == 0xEF, i + 2 < n, b[i + 1] == 0xBB, b[i + 2] == 0xBF {
                    i += 3
                    continue
                }
                var j = i + 1
                while j < n {
                    let d = b[j]
                    if d == UInt8(ascii: "<") || d == UInt8(ascii: "&") || d <= 0x20 || d == 0xC2 || d == 0xE2 || d == 0xEF { break }
                    j += 1
                }
                emitText(UnsafeBufferPointer(rebasing: b[i..<j]))
                i = j
            }
            return i
        }

        mutating func newlineInPre() {
            out.append(0x0A)
            writeQuotePrefix(quoteDepth)
            lineHasText = false
            pendingBreaks = 0
            pendingSpace = false
            pendingSeparator = false
        }

        mutating func emitText(_ bytes: some Collection<UInt8>) {
            if pendingBreaks > 0, !out.isEmpty {
                trimTrailingSpaces()
                out.append(0x0A)
                for _ in 1..<max(pendingBreaks, 1) {
                    writeQuotePrefix(min(lastTextDepth, quoteDepth))
                    trimTrailingSpaces()
                    out.append(0x0A)
                }
                writeQuotePrefix(quoteDepth)
                lineHasText = false
                pendingSpace = false
                pendingSeparator = false
            } else if out.isEmpty {
                writeQuotePrefix(quoteDepth)
            }
            pendingBreaks = 0
            if pendingSeparator, lineHasText {
                out.append(contentsOf: [0x20, 0x7C, 0x20]) // " | "
                pendingSpace = false
            } else if pendingSpace, lineHasText {
                out.append(0x20)
            }
            pendingSeparator = false
            pendingSpace = false
            out.append(contentsOf: bytes)
            lineHasText = true
            lastTextDepth = quoteDepth
            if let last = tables.indices.last {
                tables[last].rowHasText = true
                if tables[last].inCell { tables[last].cellHasText = true }
            }
        }

        mutating func writeQuotePrefix(_ depth: Int) {
            if depth > 0 {
                out.append(contentsOf: [UInt8](repeating: UInt8(ascii: ">"), count: depth))
                out.append(0x20)
            }
        }

        mutating func trimTrailingSpaces() {
            while let last = out.last, last == 0x20 || last == 0x09 { out.removeLast() }
        }

        mutating func requestBreak(_ count: Int) {
            guard !out.isEmpty || lineHasText else { return }
            // Blocks at the start of a table cell (Word wraps every cell in <p>) do not
            // break the row; breaks between text inside one cell still count.
            if let table = tables.last, table.inCell, !table.cellHasText { return }
            pendingBreaks = min(2, max(pendingBreaks, count))
        }

        // MARK: markup

        mutating func markup(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
            let n = b.count
            guard i + 1 < n else {
                emitText([UInt8(ascii: "<")])
                return n
            }
            let next = b[i + 1]
            if next == UInt8(ascii: "!") {
                if i + 3 < n, b[i + 2] == UInt8(ascii: "-"), b[i + 3] == UInt8(ascii: "-") {
                    return find(b, Array("-->".utf8), from: i + 2).map { $0 + 3 } ?? n
                }
                if ByteScan.hasPrefixCaseInsensitive(b, at: i, end: n, Array("<![cdata[".utf8)) {
                    let end = find(b, Array("]]>".utf8), from: i + 9) ?? n
                    emitText(UnsafeBufferPointer(rebasing: b[(i + 9)..<end]))
                    return min(end + 3, n)
                }
                // <!DOCTYPE>, <![if ...]>, <![endif]>: drop the marker, keep what follows.
                return (ByteScan.find(UInt8(ascii: ">"), in: b, from: i, to: n) ?? n - 1) + 1
            }
            if next == UInt8(ascii: "?") {
                return (ByteScan.find(UInt8(ascii: ">"), in: b, from: i, to: n) ?? n - 1) + 1
            }
            let isEnd = next == UInt8(ascii: "/")
            let nameStart = isEnd ? i + 2 : i + 1
            guard nameStart < n, isLetter(b[nameStart]) else {
                if isEnd, nameStart < n { // "</ >" and similar junk: drop it like a browser
                    return (ByteScan.find(UInt8(ascii: ">"), in: b, from: i, to: n) ?? n - 1) + 1
                }
                emitText([UInt8(ascii: "<")])
                return i + 1
            }
            var j = nameStart
            while j < n, isNameByte(b[j]) { j += 1 }
            let name = String(decoding: UnsafeBufferPointer(rebasing: b[nameStart..<j]), as: UTF8.self).asciiLowercased
            let (end, classValue, selfClosing) = tagEnd(b, j)
            if isEnd {
                endTag(name)
            } else {
                startTag(name, classValue: classValue)
                if HTMLText.skipContent.contains(name), !selfClosing {
                    return skipElement(b, name, from: end)
                }
            }
            return end
        }

        func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
        func isNameByte(_ c: UInt8) -> Bool {
            isLetter(c) || (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: ":") || c == UInt8(ascii: "-") || c == UInt8(ascii: "_")
        }

        /// Scans attributes to the closing ">", honouring quotes. Returns the index after
        /// the tag, the class attribute, and whether it ended with "/>".
        mutating func tagEnd(_ b: UnsafeBufferPointer<UInt8>, _ start: Int) -> (Int, String?, Bool) {
            let n = b.count
            var i = start
            var classValue: String?
            var selfClosing = false
            while i < n {
                let c = b[i]
                if c == UInt8(ascii: ">") { return (i + 1, classValue, selfClosing) }
                if c == UInt8(ascii: "/") {
                    selfClosing = true
                    i += 1
                    continue
                }
                if c <= 0x20 {
                    i += 1
                    continue
                }
                if c == UInt8(ascii: "<") { return (i, classValue, selfClosing) } // unclosed tag
                selfClosing = false
                let attrStart = i
                while i < n, b[i] > 0x20, b[i] != UInt8(ascii: "="), b[i] != UInt8(ascii: ">"), b[i] != UInt8(ascii: "/") { i += 1 }
                let attrName = String(decoding: UnsafeBufferPointer(rebasing: b[attrStart..<i]), as: UTF8.self).asciiLowercased
                while i < n, b[i] <= 0x20 { i += 1 }
                guard i < n, b[i] == UInt8(ascii: "=") else { continue }
                i += 1
                while i < n, b[i] <= 0x20 { i += 1 }
                guard i < n else { break }
                let q = b[i]
                var valueStart = i
                var valueEnd = i
                if q == UInt8(ascii: "\"") || q == UInt8(ascii: "'") {
                    if let close = findQuote(b, q, from: i + 1) {
                        valueStart = i + 1
                        valueEnd = close
                        i = close + 1
                    } else {
                        // Unterminated quote: end the tag at the next ">".
                        let gt = ByteScan.find(UInt8(ascii: ">"), in: b, from: i, to: n) ?? (n - 1)
                        return (gt + 1, classValue, false)
                    }
                } else {
                    valueStart = i
                    while i < n, b[i] > 0x20, b[i] != UInt8(ascii: ">") { i += 1 }
                    valueEnd = i
                }
                if attrName == "class" {
                    classValue = String(decoding: UnsafeBufferPointer(rebasing: b[valueStart..<valueEnd]), as: UTF8.self)
                }
            }
            return (n, classValue, selfClosing)
        }

        mutating func findQuote(_ b: UnsafeBufferPointer<UInt8>, _ q: UInt8, from: Int) -> Int? {
            if let failed = noQuoteFrom[q], from >= failed { return nil }
            if let hit = ByteScan.find(q, in: b, from: from, to: b.count) { return hit }
            noQuoteFrom[q] = min(noQuoteFrom[q] ?? from, from)
            return nil
        }

        /// Skips to after "</name>"; without one, skips the rest (as browsers do), except
        /// for head, whose content is then rendered.
        mutating func skipElement(_ b: UnsafeBufferPointer<UInt8>, _ name: String, from: Int) -> Int {
            let n = b.count
            let pattern = Array("</\(name)".utf8)
            if let failed = noEndTagFrom[name], from >= failed {
                return name == "head" ? from : n
            }
            var i = from
            while let lt = ByteScan.find(UInt8(ascii: "<"), in: b, from: i, to: n) {
                if ByteScan.hasPrefixCaseInsensitive(b, at: lt, end: n, pattern) {
                    let after = lt + pattern.count
                    if after >= n || !isNameByte(b[after]) {
                        return (ByteScan.find(UInt8(ascii: ">"), in: b, from: after, to: n) ?? n - 1) + 1
                    }
                }
                i = lt + 1
            }
            noEndTagFrom[name] = from
            return name == "head" ? from : n
        }

        mutating func startTag(_ name: String, classValue: String?) {
            switch name {
            case "br":
                if preDepth > 0 {
                    newlineInPre()
                } else if !out.isEmpty || lineHasText {
                    pendingBreaks = min(2, pendingBreaks + 1)
                    pendingSpace = false
                }
            case "p":
                let isWord = classValue?.asciiLowercased.hasPrefix("mso") ?? false
                openParagraphIsWord = isWord
                requestBreak(isWord ? 1 : 2)
            case "li":
                requestBreak(1)
                if lists.isEmpty {
                    lists.append((false, 0))
                }
                lists[lists.count - 1].counter += 1
                let depth = lists.count
                let entry = lists[lists.count - 1]
                let marker = entry.ordered ? "\(entry.counter). " : "- "
                let indent = String(repeating: "  ", count: max(0, depth - 1))
                emitText(Array((indent + marker).utf8))
                lineHasText = true
                pendingSpace = false
            case "ul", "ol":
                requestBreak(lists.isEmpty ? 2 : 1)
                lists.append((name == "ol", 0))
            case "blockquote":
                requestBreak(2)
                quoteDepth += 1
            case "pre":
                requestBreak(2)
                preDepth += 1
            case "table":
                requestBreak(2)
                tables.append((false, false, false))
            case "tr":
                if !tables.isEmpty { tables[tables.count - 1] = (false, false, false) }
                requestBreak(1)
            case "td", "th":
                if let table = tables.last {
                    if table.rowHasText {
                        pendingBreaks = 0
                        pendingSeparator = true
                    }
                    tables[tables.count - 1].inCell = true
                    tables[tables.count - 1].cellHasText = false
                }
            case "hr":
                requestBreak(2)
            default:
                if HTMLText.paragraphBlocks.contains(name) {
                    requestBreak(2)
                } else if HTMLText.lineBlocks.contains(name) {
                    requestBreak(1)
                }
            }
        }

        mutating func endTag(_ name: String) {
            switch name {
            case "p":
                requestBreak(openParagraphIsWord ? 1 : 2)
                openParagraphIsWord = true
            case "ul", "ol":
                if !lists.isEmpty { lists.removeLast() }
                requestBreak(lists.isEmpty ? 2 : 1)
            case "blockquote":
                requestBreak(2)
                quoteDepth = max(0, quoteDepth - 1)
            case "pre":
                preDepth = max(0, preDepth - 1)
                requestBreak(2)
            case "table":
                if !tables.isEmpty { tables.removeLast() }
                pendingSeparator = false
                requestBreak(2)
            case "tr":
                pendingSeparator = false
                if !tables.isEmpty { tables[tables.count - 1].inCell = false }
                requestBreak(1)
            case "td", "th":
                if !tables.isEmpty { tables[tables.count - 1].inCell = false }
            default:
                if HTMLText.paragraphBlocks.contains(name) {
                    requestBreak(2)
                } else if HTMLText.lineBlocks.contains(name) {
                    requestBreak(1)
                }
            }
        }

        // MARK: entities

        mutating func entity(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
            let n = b.count
            var j = i + 1
            if j < n, b[j] == UInt8(ascii: "#") {
                j += 1
                var hex = false
                if j < n, b[j] | 0x20 == UInt8(ascii: "x") {
                    hex = true
                    j += 1
                }
                let digitsStart = j
                var value: UInt32 = 0
                while j < n, j - digitsStart < 8 {
                    let c = b[j]
                    if hex, let h = ByteScan.hexValue(c) {
                        value = value * 16 + UInt32(h)
                    } else if !hex, c >= 0x30, c <= 0x39 {
                        value = value * 10 + UInt32(c - 0x30)
                    } else {
                        break
                    }
                    j += 1
                }
                guard j > digitsStart else {
                    emitText([UInt8(ascii: "&")])
                    return i + 1
                }
                if j < n, b[j] == UInt8(ascii: ";") { j += 1 }
                emitScalar(HTMLText.numericReference(value))
                return j
            }
            let nameStart = j
            while j < n, j - nameStart < 32, isLetter(b[j]) || (b[j] >= 0x30 && b[j] <= 0x39) { j += 1 }
            let name = String(decoding: UnsafeBufferPointer(rebasing: b[nameStart..<j]), as: UTF8.self)
            let terminated = j < n && b[j] == UInt8(ascii: ";")
            if let scalar = HTMLEntities.named[name] ?? (terminated ? HTMLEntities.named[name.lowercased()] : nil) {
                emitScalar(scalar)
                return terminated ? j + 1 : j
            }
            // Without ";", the longest known name that prefixes the run ("&copy2026").
            if !terminated, name.utf8.count > 2 {
                var length = name.utf8.count - 1
                while length >= 2 {
                    let prefix = String(decoding: name.utf8.prefix(length), as: UTF8.self)
                    if let scalar = HTMLEntities.named[prefix] {
                        emitScalar(scalar)
                        return nameStart + length
                    }
                    length -= 1
                }
            }
            emitText([UInt8(ascii: "&")])
            return i + 1
        }

        mutating func emitScalar(_ value: UInt32) {
            switch value {
            case 0xA0, 0x2002, 0x2003, 0x2009:
                emitText([0x20]) // non-breaking and fixed-width spaces
            case 0x20, 0x09, 0x0A, 0x0D:
                if lineHasText { pendingSpace = true }
            case 0xAD, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0xFEFF:
                break // soft hyphen, zero-width and direction marks
            default:
                let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
                emitText(Array(String(Character(scalar)).utf8))
            }
        }

        mutating func finish() -> String {
            // Tidy: no trailing spaces, at most one blank line, no blank lines at the ends.
            var lines: [Substring] = []
            let text = String(decoding: out, as: UTF8.self)
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                var l = line
                while let last = l.last, last == " " || last == "\t" { l = l.dropLast() }
                lines.append(l)
            }
            var result: [Substring] = []
            var blankRun = 0
            for line in lines {
                let isBlank = line.allSatisfy { $0 == ">" || $0 == " " }
                if isBlank {
                    blankRun += 1
                    if blankRun > 1 || result.isEmpty { continue }
                } else {
                    blankRun = 0
                }
                result.append(line)
            }
            while let last = result.last, last.allSatisfy({ $0 == ">" || $0 == " " }) { result.removeLast() }
            return result.joined(separator: "\n")
        }

        /// Searches for `pattern` from `from`; nil if absent.
        func find(_ b: UnsafeBufferPointer<UInt8>, _ pattern: [UInt8], from: Int) -> Int? {
            guard let first = pattern.first else { return nil }
            var i = from
            while let hit = ByteScan.find(first, in: b, from: i, to: b.count) {
                if hit + pattern.count <= b.count {
                    var match = true
                    for k in 1..<pattern.count where b[hit + k] != pattern[k] {
                        match = false
                        break
                    }
                    if match { return hit }
                } else {
                    return nil
                }
                i = hit + 1
            }
            return nil
        }
    }

    /// A numeric character reference, mapped as HTML5 does: 0x80-0x9F via windows-1252,
    /// NUL, surrogates and out-of-range values to U+FFFD.
    static func numericReference(_ value: UInt32) -> UInt32 {
        if value >= 0x80, value <= 0x9F {
            return UInt32(Charset.windows1252High[Int(value) - 0x80])
        }
        if value == 0 || (0xD800...0xDFFF).contains(value) || value > 0x10FFFF { return 0xFFFD }
        return value
    }
}
