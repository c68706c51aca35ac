/// Turns word/document.xml (WordprocessingML, ECMA-376 part 1 section 17) into lines
/// the form reader understands, with a single linear pass over the bytes and no XML
/// library:
///
/// - each paragraph (`w:p`) is a line; text comes from `w:t` only (so deleted text
///   `w:delText` and field codes `w:instrText` are left out), `w:tab` is a tab,
///   `w:br`/`w:cr` a line break, `w:noBreakHyphen` a hyphen;
/// - each table row (`w:tr`) is a line "first cell: other cells joined by ' | '";
///   a row with one cell is its text; a cell's paragraphs are its lines; a table
///   nested in a cell is one line of that cell, its rows joined by "; " (so they do
///   not read as labels of the form); a blank line surrounds a table so
///   that narrative after it does not run into the last row's value;
/// - content controls still showing their placeholder ("Click or tap here to enter
///   text.") and the `mc:Fallback` copy of text boxes are skipped;
/// - the five XML entities and numeric references are decoded; comments, processing
///   instructions and CDATA are handled; the WordprocessingML prefix is read from the
///   root element (usually `w`).
///
/// Malformed or truncated XML never traps: scanning stops at the damage and what was
/// read so far is kept.
struct WordprocessingScanner {
    private struct Table {
        var cells: [String] = []
        var cellParagraphs: [String] = []
        var inCell = false
        /// Rows of a table nested in a cell, kept for that cell.
        var rowLines: [String] = []
    }

    private var lines: [String] = []
    private var paragraphs: [[UInt8]] = []
    private var tables: [Table] = []
    /// Per open content control: is it showing its placeholder? And how many are.
    private var placeholders: [Bool] = []
    private var openPlaceholders = 0
    private var inText = false
    private var propertiesDepth = 0
    private var fallbackDepth = 0
    private var sawDocument = false
    private var sawRoot = false
    /// "w:" unless the root element binds the namespace to another prefix.
    private var prefix: [UInt8] = Array("w:".utf8)

    static let namespaces = [
        Array("http://schemas.openxmlformats.org/wordprocessingml/2006/main".utf8),
        Array("http://purl.oclc.org/ooxml/wordprocessingml/main".utf8),
    ]

    static func lines(fromXML xml: [UInt8]) throws(DocxError) -> [String] {
        var bytes = xml
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let little = bytes[0] == 0xFF
            var units: [UInt16] = []
            units.reserveCapacity(bytes.count / 2)
            var i = 2
            while i + 1 < bytes.count {
                units.append(little ? UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 : UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]))
                i += 2
            }
            bytes = Array(String(decoding: units, as: UTF16.self).utf8)
        }
        var scanner = WordprocessingScanner()
        bytes.withUnsafeBufferPointer { scanner.scan($0) }
        scanner.closeOpenElements()
        guard scanner.sawDocument else {
            throw DocxError(.damaged, "word/document.xml is not a Word document body")
        }
        var result = scanner.lines
        while let last = result.last, FormText.trim(last).isEmpty { result.removeLast() }
        while let first = result.first, FormText.trim(first).isEmpty { result.removeFirst() }
        return result
    }

    private mutating func scan(_ b: UnsafeBufferPointer<UInt8>) {
        let n = b.count
        var i = 0
        while i < n {
            let c = b[i]
            if c == UInt8(ascii: "<") {
                guard let next = markup(b, i) else { return }
                i = next
            } else if c == UInt8(ascii: "&") {
                if let (decoded, next) = XMLCharacterReference.decode(b, at: i) {
                    appendText(decoded)
                    i = next
                } else {
                    appendText([c])
                    i += 1
                }
            } else {
                var j = i + 1
                while j < n, b[j] != UInt8(ascii: "<"), b[j] != UInt8(ascii: "&") { j += 1 }
                if inText { appendText(UnsafeBufferPointer(rebasing: b[i..<j])) }
                i = j
            }
        }
    }

    /// Handles the markup at `i` ("<"); returns the index after it, or nil when the
    /// input ends inside it.
    private mutating func markup(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        if Self.matches(b, i, "<?") { return Self.find(b, "?>", from: i + 2).map { $0 + 2 } }
        if Self.matches(b, i, "<!--") { return Self.find(b, "-->", from: i + 4).map { $0 + 3 } }
        if Self.matches(b, i, "<![CDATA[") {
            guard let end = Self.find(b, "]]>", from: i + 9) else { return nil }
            if inText { appendText(UnsafeBufferPointer(rebasing: b[(i + 9)..<end])) }
            return end + 3
        }
        // A tag: find its ">" outside quoted attribute values.
        var j = i + 1
        var quote: UInt8 = 0
        while j < b.count {
            let c = b[j]
            if quote != 0 {
                if c == quote { quote = 0 }
            } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                quote = c
            } else if c == UInt8(ascii: ">") {
                break
            }
            j += 1
        }
        guard j < b.count else { return nil }
        let inner = UnsafeBufferPointer(rebasing: b[(i + 1)..<j])
        if inner.first == UInt8(ascii: "!") { return j + 1 } // DOCTYPE and the like
        if inner.first == UInt8(ascii: "/") {
            endTag(Self.name(UnsafeBufferPointer(rebasing: inner[1...])))
        } else {
            let selfClosing = inner.last == UInt8(ascii: "/")
            let name = Self.name(inner)
            if !sawRoot {
                sawRoot = true
                readNamespaces(inner)
            }
            startTag(name, selfClosing: selfClosing)
            if selfClosing { endTag(name) }
        }
        return j + 1
    }

    /// The local name if the qualified name is in the WordprocessingML namespace;
    /// "mc:Fallback" is reported as "Fallback" whatever its prefix.
    private func local(_ name: [UInt8]) -> String? {
        if name.count > prefix.count, name.starts(with: prefix) {
            return String(decoding: name[prefix.count...], as: UTF8.self)
        }
        if let colon = name.firstIndex(of: UInt8(ascii: ":")), name[(colon + 1)...].elementsEqual("Fallback".utf8) {
            return "Fallback"
        }
        if prefix.isEmpty, !name.contains(UInt8(ascii: ":")) { return String(decoding: name, as: UTF8.self) }
        return nil
    }

    private mutating func startTag(_ name: [UInt8], selfClosing: Bool) {
        guard let local = local(name) else { return }
        switch local {
        case "document": sawDocument = true
        case "p": paragraphs.append([])
        case "pPr", "rPr": propertiesDepth += 1
        case "t": inText = true
        case "tab": if propertiesDepth == 0 { appendText([0x09]) }
        case "br", "cr": if propertiesDepth == 0 { appendText([0x0A]) }
        case "noBreakHyphen": appendText([UInt8(ascii: "-")])
        case "tbl":
            if tables.isEmpty, let last = lines.last, !last.isEmpty { lines.append("") }
            tables.append(Table())
        case "tr": if !tables.isEmpty { tables[tables.count - 1].cells = [] }
        case "tc":
            if !tables.isEmpty {
                tables[tables.count - 1].cellParagraphs = []
                tables[tables.count - 1].inCell = true
            }
        case "sdt": placeholders.append(false)
        case "showingPlcHdr":
            if let last = placeholders.last, !last {
                placeholders[placeholders.count - 1] = true
                openPlaceholders += 1
            }
        case "Fallback": fallbackDepth += 1
        default: break
        }
    }

    private mutating func endTag(_ name: [UInt8]) {
        guard let local = local(name) else { return }
        switch local {
        case "p":
            if let text = paragraphs.popLast() { paragraphEnded(String(decoding: text, as: UTF8.self)) }
        case "pPr", "rPr": propertiesDepth = max(0, propertiesDepth - 1)
        case "t": inText = false
        case "tc":
            if !tables.isEmpty {
                let t = tables[tables.count - 1]
                let text = t.cellParagraphs.filter { !FormText.trim($0).isEmpty }.joined(separator: "\n")
                tables[tables.count - 1].cells.append(FormText.trim(text))
                tables[tables.count - 1].inCell = false
            }
        case "tr":
            if let t = tables.last { rowEnded(t.cells) }
            if !tables.isEmpty { tables[tables.count - 1].cells = [] }
        case "tbl":
            let table = tables.popLast()
            if tables.isEmpty {
                lines.append("")
            } else if let table, !table.rowLines.isEmpty, tables[tables.count - 1].inCell {
                // A table inside a cell is one line of that cell: "Health: none; Education: £50".
                tables[tables.count - 1].cellParagraphs.append(table.rowLines.joined(separator: "; "))
            }
        case "sdt": if placeholders.popLast() == true { openPlaceholders -= 1 }
        case "Fallback": fallbackDepth = max(0, fallbackDepth - 1)
        default: break
        }
    }

    private mutating func appendText(_ bytes: some Collection<UInt8>) {
        guard fallbackDepth == 0, openPlaceholders == 0 else { return }
        if paragraphs.isEmpty { paragraphs.append([]) }
        paragraphs[paragraphs.count - 1].append(contentsOf: bytes)
    }

    private mutating func paragraphEnded(_ text: String) {
        if let t = tables.last, t.inCell {
            tables[tables.count - 1].cellParagraphs.append(text)
        } else {
            lines += text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// "Label: value | value", or the single cell's text.
    private mutating func rowEnded(_ cells: [String]) {
        let line: String
        if cells.allSatisfy(\.isEmpty) {
            line = ""
        } else if cells.count == 1 {
            line = cells[0]
        } else {
            var label = Substring(FormText.collapse(cells[0]))
            while let last = label.last, last == ":" || last == " " { label = label.dropLast() }
            let rest = cells.dropFirst().filter { !$0.isEmpty }
            if label.isEmpty {
                line = rest.joined(separator: " | ")
            } else if rest.isEmpty {
                line = label + ":"
            } else {
                line = label + ": " + rest.joined(separator: " | ")
            }
        }
        if tables.count >= 2 {
            if !line.isEmpty { tables[tables.count - 1].rowLines.append(FormText.collapse(line)) }
        } else {
            lines += line.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// Ends what truncated XML left open, keeping its text.
    private mutating func closeOpenElements() {
        while !tables.isEmpty {
            let t = tables[tables.count - 1]
            if t.inCell {
                while let p = paragraphs.popLast() { tables[tables.count - 1].cellParagraphs.append(String(decoding: p, as: UTF8.self)) }
                endTag(prefix + Array("tc".utf8))
            }
            if !tables[tables.count - 1].cells.isEmpty { endTag(prefix + Array("tr".utf8)) }
            endTag(prefix + Array("tbl".utf8))
        }
        while let p = paragraphs.popLast() { paragraphEnded(String(decoding: p, as: UTF8.self)) }
    }

    /// Finds xmlns declarations of the WordprocessingML namespace on the root element.
    private mutating func readNamespaces(_ tag: UnsafeBufferPointer<UInt8>) {
        var i = 0
        let n = tag.count
        while i < n {
            guard Self.matches(tag, i, "xmlns") else { i += 1; continue }
            var j = i + 5
            var declared: [UInt8] = []
            if j < n, tag[j] == UInt8(ascii: ":") {
                j += 1
                while j < n, tag[j] != UInt8(ascii: "="), tag[j] != 0x20 { declared.append(tag[j]); j += 1 }
            }
            while j < n, tag[j] == 0x20 || tag[j] == UInt8(ascii: "=") { j += 1 }
            guard j < n, tag[j] == UInt8(ascii: "\"") || tag[j] == UInt8(ascii: "'") else { i = j; continue }
            let quote = tag[j]
            let start = j + 1
            var end = start
            while end < n, tag[end] != quote { end += 1 }
            let uri = Array(tag[start..<min(end, n)])
            if Self.namespaces.contains(uri) { prefix = declared.isEmpty ? [] : declared + [UInt8(ascii: ":")] }
            i = end + 1
        }
    }

    private static func name(_ inner: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        for c in inner {
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == UInt8(ascii: "/") { break }
            out.append(c)
        }
        return out
    }

    private static func matches(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ s: StaticString) -> Bool {
        let count = s.utf8CodeUnitCount
        guard i + count <= b.count else { return false }
        let p = s.utf8Start
        for k in 0..<count where b[i + k] != p[k] { return false }
        return true
    }

    private static func find(_ b: UnsafeBufferPointer<UInt8>, _ s: StaticString, from start: Int) -> Int? {
        var i = start
        while i < b.count {
            if b[i] == s.utf8Start[0], matches(b, i, s) { return i }
            i += 1
        }
        return nil
    }
}
