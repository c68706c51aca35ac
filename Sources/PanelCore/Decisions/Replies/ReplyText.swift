/// The part of a reply its sender wrote for this email, split where their sign-off
/// starts, with the name they signed with.
///
/// 1. Quoted earlier messages and the `-- ` signature are cut by `QuotedText`.
/// 2. The first sign-off line after the first line ends the text (`SignOff`): a
///    `Name: Sam Patel` line, a valediction (`Kind regards`, `Thanks, Sam`) or a
///    mobile footer (`Sent from my iPhone`).
/// 3. The signed name is, in order: the `Name:`-style line; the name after a
///    valediction's comma; the first line after the valediction; the first line
///    after a `-- ` signature delimiter.
///
/// Lines keep their numbers in the body as given (1-based, blank lines counted), so
/// a clerk can be told "line 7".
struct ReplyText: Sendable {
    struct Line: Hashable, Sendable {
        /// 1-based, in the body as given.
        var number: Int
        var text: String
    }

    /// The sender's own lines up to the sign-off; the first is not blank. Blank lines
    /// in between are kept.
    let lines: [Line]
    let signedName: String?

    init(_ body: String) {
        let original = FormText.lines(body)
        let own = QuotedText.strip(body)
        let ownLines = own.isEmpty ? [] : FormText.lines(own)
        // Own lines are a subsequence of the original lines: number them greedily.
        var numbered: [Line] = []
        numbered.reserveCapacity(ownLines.count)
        var j = 0
        for line in ownLines {
            while j < original.count, original[j] != line { j += 1 }
            numbered.append(Line(number: min(j, original.count - 1) + 1, text: String(line)))
            j += 1
        }

        var cut = numbered.count
        var name: String?
        for i in numbered.indices.dropFirst() {
            guard let signOff = SignOff.classify(numbered[i].text) else { continue }
            cut = i
            switch signOff {
            case .named(let signed): name = signed
            case .valediction(let inline):
                name = inline ?? numbered[(i + 1)...].first { !FormText.trim($0.text).isEmpty }.flatMap { SignOff.name(fromLine: $0.text) }
            case .footer: break
            }
            break
        }
        // No sign-off line: a last paragraph that is only a name ("Dana", "Dana Okafor")
        // is how short emails are signed.
        if cut == numbered.count, numbered.count >= 3, FormText.trim(numbered[cut - 2].text).isEmpty,
           let bare = Self.bareName(numbered[cut - 1].text) {
            cut -= 1
            name = bare
        }
        self.lines = Array(numbered[..<cut])
        self.signedName = name ?? Self.nameAfterDelimiter(original, own: own)
    }

    /// One to three capitalised words of letters (with ' - .), nothing else: a name, not a sentence.
    static func bareName(_ line: String) -> String? {
        let text = FormText.trim(line)
        let words = text.split(separator: " ")
        guard (1...3).contains(words.count), text.count <= 40, !text.hasSuffix("."),
              words.allSatisfy({ word in
                  word.first?.isUppercase == true && word.allSatisfy { $0.isLetter || $0 == "'" || $0 == "’" || $0 == "-" || $0 == "." }
              }),
              !SignOff.valedictions.contains(FormText.labelKey(text)), !PanelCommandParser.startsWithCommand(text)
        else { return nil }
        return text
    }

    /// Joins lines, dropping blank lines at either end and repeated blank lines, and
    /// removing control characters other than tab.
    static func tidy(_ lines: some Sequence<String>) -> String {
        var out: [String] = []
        for line in lines {
            let clean = String(String.UnicodeScalarView(line.unicodeScalars.filter { !isControl($0) }))
            let trimmed = FormText.trim(clean).isEmpty ? "" : String(clean.reversed().drop(while: FormText.isSpace).reversed())
            if trimmed.isEmpty, out.last?.isEmpty ?? true { continue }
            out.append(trimmed)
        }
        while out.last?.isEmpty == true { out.removeLast() }
        return out.joined(separator: "\n")
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (v < 0x20 && v != 0x09) || (0x7F...0x9F).contains(v)
    }

    /// The first line of the signature block after an RFC 3676 `-- ` delimiter that
    /// ends the sender's own text (not one inside a quoted message).
    private static func nameAfterDelimiter(_ original: [Substring], own: String) -> String? {
        guard let delimiter = original.firstIndex(where: { $0 == "-- " || FormText.trim($0) == "--" }),
              QuotedText.strip(original[..<delimiter].joined(separator: "\n")) == own else { return nil }
        for line in original[(delimiter + 1)...].prefix(6) where !FormText.trim(line).isEmpty {
            if case .named(let signed)? = SignOff.classify(String(line)) { return signed }
            return SignOff.name(fromLine: String(line))
        }
        return nil
    }
}
