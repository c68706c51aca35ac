/// Tolerant RFC 5322 section 3.4 address-list parsing.
///
/// Handles display names as atoms or quoted strings, comments (and a comment as the
/// name: "jo@x.test (Jo Bloggs)"), groups ("Panel: a@x, b@y;" is flattened, empty
/// groups give nothing), obs-route in angle addresses, RFC 2047 encoded words in names
/// (also inside quotes, which is non-standard but common), UTF-8 (RFC 6532).
/// Tolerates ";" as a separator, missing commas between addresses, unquoted commas in
/// names ("Bloggs, Jo <jo@x.test>"), and names in single quotes. Entries without a
/// domain ("undisclosed-recipients", "<>") are skipped. Pass the unfolded field body,
/// not the RFC 2047-decoded one.
public enum AddressParser {
    public static func parseList(_ s: String) -> [EmailAddress] {
        let tokens = tokenize(Array(s.utf8))
        var parser = ListParser(tokens: tokens)
        return parser.run()
    }

    /// The first address, if any.
    public static func parseMailbox(_ s: String) -> EmailAddress? {
        parseList(s).first
    }

    enum Kind: Equatable {
        case atom(String)
        case quoted(String)
        case comment(String)
        case literal(String)
        case special(UInt8)
    }

    struct Token {
        var kind: Kind
        var spaceBefore: Bool
    }

    static func isSpecial(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "@"), UInt8(ascii: ","), UInt8(ascii: ";"),
             UInt8(ascii: ":"), UInt8(ascii: "."):
            return true
        default:
            return false
        }
    }

    static func tokenize(_ b: [UInt8]) -> [Token] {
        var tokens: [Token] = []
        var i = 0
        let n = b.count
        var space = false
        while i < n {
            let c = b[i]
            switch c {
            case 0x20, 0x09, 0x0D, 0x0A:
                space = true
                i += 1
            case UInt8(ascii: "\""):
                var out: [UInt8] = []
                var j = i + 1
                while j < n, b[j] != UInt8(ascii: "\"") {
                    if b[j] == UInt8(ascii: "\\"), j + 1 < n { j += 1 }
                    if b[j] != 0x0D, b[j] != 0x0A { out.append(b[j]) }
                    j += 1
                }
                tokens.append(Token(kind: .quoted(String(decoding: out, as: UTF8.self)), spaceBefore: space))
                space = false
                i = min(j + 1, n)
            case UInt8(ascii: "("):
                var depth = 0
                var out: [UInt8] = []
                var j = i
                while j < n {
                    let d = b[j]
                    if d == UInt8(ascii: "\\"), j + 1 < n {
                        out.append(b[j + 1])
                        j += 2
                        continue
                    }
                    if d == UInt8(ascii: "(") {
                        depth += 1
                        if depth > 1 { out.append(d) }
                    } else if d == UInt8(ascii: ")") {
                        depth -= 1
                        if depth == 0 { j += 1; break }
                        out.append(d)
                    } else {
                        out.append(d)
                    }
                    j += 1
                }
                tokens.append(Token(kind: .comment(String(decoding: out, as: UTF8.self)), spaceBefore: space))
                space = true
                i = j
            case UInt8(ascii: "["):
                var j = i + 1
                while j < n, b[j] != UInt8(ascii: "]") { j += 1 }
                let end = min(j + 1, n)
                let text = String(decoding: b[i..<end].filter { $0 > 0x20 }, as: UTF8.self)
                tokens.append(Token(kind: .literal(text.hasSuffix("]") ? text : text + "]"), spaceBefore: space))
                space = false
                i = end
            case _ where isSpecial(c):
                tokens.append(Token(kind: .special(c), spaceBefore: space))
                space = false
                i += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"):
                i += 1
            default:
                var out: [UInt8] = []
                var j = i
                while j < n {
                    let d = b[j]
                    if d <= 0x20 || d == 0x7F || isSpecial(d) || d == UInt8(ascii: "\"") || d == UInt8(ascii: "(")
                        || d == UInt8(ascii: ")") || d == UInt8(ascii: "[") || d == UInt8(ascii: "]") {
                        break
                    }
                    if d == UInt8(ascii: "\\"), j + 1 < n {
                        j += 1
                    }
                    out.append(b[j])
                    j += 1
                }
                if j == i { j += 1 }
                tokens.append(Token(kind: .atom(String(decoding: out, as: UTF8.self)), spaceBefore: space))
                space = false
                i = j
            }
        }
        return tokens
    }

    struct ListParser {
        let tokens: [Token]
        var result: [EmailAddress] = []
        var phrase: [Token] = []
        var comments: [String] = []
        var angle: (local: String, domain: String)?
        var sawAngle = false
        var inGroup = false
        /// Words from an entry with no address, which may be the first half of an unquoted "Last, First".
        var carry: String?

        init(tokens: [Token]) {
            self.tokens = tokens
        }

        mutating func run() -> [EmailAddress] {
            var i = 0
            while i < tokens.count {
                let token = tokens[i]
                switch token.kind {
                case .special(UInt8(ascii: "<")):
                    if sawAngle { endMailbox() }
                    var inner: [Token] = []
                    var j = i + 1
                    while j < tokens.count, tokens[j].kind != .special(UInt8(ascii: ">")) {
                        inner.append(tokens[j])
                        j += 1
                    }
                    // obs-route: "<@relay1,@relay2:jo@x.test>" keeps what follows the last ":".
                    if let colon = inner.lastIndex(where: { $0.kind == .special(UInt8(ascii: ":")) }) {
                        inner = Array(inner[(colon + 1)...])
                    }
                    angle = AddressParser.addrSpec(inner.filter { if case .comment = $0.kind { return false }; return true })
                    sawAngle = true
                    i = j + 1
                    continue
                case .special(UInt8(ascii: ":")):
                    if !inGroup, !sawAngle, !phrase.contains(where: { $0.kind == .special(UInt8(ascii: "@")) }) {
                        phrase.removeAll()
                        comments.removeAll()
                        carry = nil
                        inGroup = true
                    }
                case .special(UInt8(ascii: ";")):
                    endMailbox()
                    inGroup = false
                case .special(UInt8(ascii: ",")):
                    endMailbox()
                case .special(UInt8(ascii: ">")):
                    break
                case .comment(let text):
                    comments.append(text)
                default:
                    if sawAngle, token.spaceBefore, startsAddrSpec(at: i) {
                        endMailbox() // "<a@x> b@y": a missing comma
                    }
                    phrase.append(token)
                }
                i += 1
            }
            endMailbox()
            return result
        }

        private func startsAddrSpec(at i: Int) -> Bool {
            var j = i
            while j < tokens.count {
                switch tokens[j].kind {
                case .atom, .quoted, .special(UInt8(ascii: ".")):
                    j += 1
                    if j < tokens.count, tokens[j].spaceBefore { return false }
                case .special(UInt8(ascii: "@")):
                    return j > i
                default:
                    return false
                }
            }
            return false
        }

        mutating func endMailbox() {
            defer {
                phrase.removeAll()
                comments.removeAll()
                angle = nil
                sawAngle = false
            }
            if let angle {
                var name = AddressParser.displayName(phrase)
                if let carried = carry, !phrase.isEmpty { name = carried + ", " + (name ?? "") }
                carry = nil
                if name == nil { name = comments.first.map { EncodedWords.decode($0) } }
                append(name: name, local: angle.local, domain: angle.domain)
                return
            }
            if sawAngle {
                carry = nil
                return
            }
            // No angle brackets: addr-specs in the phrase, words before them a name.
            var nameTokens: [Token] = []
            var i = 0
            var found = false
            while i < phrase.count {
                if let (spec, next) = AddressParser.addrSpecRun(phrase, from: i) {
                    var name = nameTokens.isEmpty ? nil : AddressParser.displayName(nameTokens)
                    if name == nil, comments.count > 0 { name = EncodedWords.decode(comments[0]) }
                    append(name: name, local: spec.local, domain: spec.domain)
                    nameTokens.removeAll()
                    found = true
                    i = next
                } else {
                    nameTokens.append(phrase[i])
                    i += 1
                }
            }
            if !found, !phrase.isEmpty {
                carry = AddressParser.displayName(phrase)
            } else {
                carry = nil
            }
        }

        mutating func append(name: String?, local: String, domain: String) {
            guard !local.isEmpty, !domain.isEmpty else { return }
            var cleanName = name
            if let n = cleanName, n.count >= 2, n.hasPrefix("'"), n.hasSuffix("'") {
                cleanName = String(n.dropFirst().dropLast()).trimmingASCIIWhitespace
            }
            let address = EmailAddress(name: cleanName, localPart: local, domain: domain)
            var final = address
            if let n = final.name, n.lowercased() == address.address.lowercased() { final.name = nil }
            result.append(final)
        }
    }

    /// The display name from phrase tokens: words joined by single spaces, RFC 2047 decoded.
    static func displayName(_ tokens: [Token]) -> String? {
        var text = ""
        for token in tokens {
            let piece: String
            switch token.kind {
            case .atom(let s): piece = s
            case .quoted(let s): piece = s
            case .literal(let s): piece = s
            case .special(let c): piece = String(decoding: [c], as: UTF8.self)
            case .comment: continue
            }
            if !text.isEmpty, token.spaceBefore { text.append(" ") }
            text.append(piece)
        }
        let decoded = EncodedWords.decode(text).trimmingASCIIWhitespace
        return decoded.isEmpty ? nil : decoded
    }

    /// An addr-spec from a complete token list (inside angle brackets).
    static func addrSpec(_ tokens: [Token]) -> (local: String, domain: String)? {
        guard let at = tokens.lastIndex(where: { $0.kind == .special(UInt8(ascii: "@")) }) else { return nil }
        let local = joinLocal(tokens[..<at])
        let domain = joinDomain(tokens[(at + 1)...])
        guard let local, let domain, !local.isEmpty, !domain.isEmpty else { return nil }
        return (local, domain)
    }

    /// The addr-spec that starts at `from`, if the tokens there form "local@domain"
    /// without whitespace gaps; returns it and the index after it.
    static func addrSpecRun(_ tokens: [Token], from: Int) -> ((local: String, domain: String), Int)? {
        // Whitespace may surround "." and "@" (obs-local-part, obs-domain), but a gap
        // between two words ends the addr-spec: the words before it are a name.
        func isWord(_ t: Token) -> Bool {
            switch t.kind {
            case .atom, .quoted, .literal: return true
            default: return false
            }
        }
        var j = from
        var localTokens: [Token] = []
        while j < tokens.count {
            let t = tokens[j]
            if t.kind == .special(UInt8(ascii: "@")) { break }
            switch t.kind {
            case .atom, .quoted, .special(UInt8(ascii: ".")):
                if let previous = localTokens.last, t.spaceBefore, isWord(previous), isWord(t) { return nil }
                localTokens.append(t)
            default:
                return nil
            }
            j += 1
        }
        guard j < tokens.count, !localTokens.isEmpty else { return nil }
        j += 1
        var domainTokens: [Token] = []
        scan: while j < tokens.count {
            let t = tokens[j]
            if let previous = domainTokens.last, t.spaceBefore, isWord(previous), isWord(t) { break }
            switch t.kind {
            case .atom, .literal, .special(UInt8(ascii: ".")):
                domainTokens.append(t)
                j += 1
            default:
                break scan
            }
        }
        guard let local = joinLocal(localTokens[...]), let domain = joinDomain(domainTokens[...]), !domain.isEmpty else { return nil }
        return ((local, domain), j)
    }

    private static func joinLocal(_ tokens: ArraySlice<Token>) -> String? {
        var out = ""
        for t in tokens {
            switch t.kind {
            case .atom(let s): out += s
            case .quoted(let s):
                out += EmailAddress.isDotAtom(s) ? s : "\"" + s.replacingOccurrencesOfQuote() + "\""
            case .special(UInt8(ascii: ".")): out += "."
            case .comment: continue
            default: return nil
            }
        }
        return out
    }

    private static func joinDomain(_ tokens: ArraySlice<Token>) -> String? {
        var out = ""
        for t in tokens {
            switch t.kind {
            case .atom(let s):
                guard s.utf8.allSatisfy({ EmailAddress.isAtext($0) }) else { return nil }
                out += s
            case .literal(let s): out += s
            case .special(UInt8(ascii: ".")): out += "."
            case .comment: continue
            default: return nil
            }
        }
        while out.hasPrefix(".") { out.removeFirst() }
        return out
    }
}

extension String {
    fileprivate func replacingOccurrencesOfQuote() -> String {
        var out = ""
        for ch in self {
            if ch == "\"" || ch == "\\" { out.append("\\") }
            out.append(ch)
        }
        return out
    }
}
