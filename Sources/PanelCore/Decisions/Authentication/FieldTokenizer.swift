/// Splits a structured header field body into words, quoted strings and special
/// characters, dropping comments (RFC 5322 section 3.2.2, nested, with quoted-pairs)
/// and folding whitespace. Unterminated comments and quotes run to the end. Linear.
enum FieldTokenizer {
    enum Token: Hashable {
        case word(String)
        case quoted(String)
        case special(UInt8)

        /// The text of a word or quoted string.
        var text: String? {
            switch self {
            case .word(let s), .quoted(let s): return s
            case .special: return nil
            }
        }
    }

    static func tokens(_ value: String, specials: Set<UInt8>) -> [Token] {
        let b = Array(value.utf8)
        let n = b.count
        var tokens: [Token] = []
        var i = 0
        func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A }
        while i < n {
            let c = b[i]
            if isSpace(c) || c == UInt8(ascii: ")") {
                i += 1
            } else if c == UInt8(ascii: "(") {
                var depth = 0
                while i < n {
                    let d = b[i]
                    if d == UInt8(ascii: "\\") {
                        i += 2
                        continue
                    }
                    if d == UInt8(ascii: "(") { depth += 1 }
                    if d == UInt8(ascii: ")") {
                        depth -= 1
                        if depth == 0 {
                            i += 1
                            break
                        }
                    }
                    i += 1
                }
            } else if c == UInt8(ascii: "\"") {
                var out: [UInt8] = []
                i += 1
                while i < n, b[i] != UInt8(ascii: "\"") {
                    if b[i] == UInt8(ascii: "\\"), i + 1 < n { i += 1 }
                    out.append(b[i])
                    i += 1
                }
                i += 1
                tokens.append(.quoted(String(decoding: out, as: UTF8.self)))
            } else if specials.contains(c) {
                tokens.append(.special(c))
                i += 1
            } else {
                let start = i
                while i < n, !isSpace(b[i]), b[i] != UInt8(ascii: "("), b[i] != UInt8(ascii: ")"),
                      b[i] != UInt8(ascii: "\""), !specials.contains(b[i]) {
                    i += 1
                }
                tokens.append(.word(String(decoding: b[start..<i], as: UTF8.self)))
            }
        }
        return tokens
    }
}
