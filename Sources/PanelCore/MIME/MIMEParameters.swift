/// The "; attribute=value" parameters of Content-Type and Content-Disposition
/// (RFC 2045 section 5.1), with RFC 2231 extensions.
///
/// - Quoted strings with backslash escapes (RFC 5322 3.2.4), comments skipped.
/// - RFC 2231 section 3 continuations (`name*0=`, `name*1*=`) joined in order.
/// - RFC 2231 section 4 charset'language'%XX values decoded; an extended value wins
///   over a plain one of the same name.
/// - Tolerated: unquoted values with spaces, a missing ";", and RFC 2047 encoded
///   words inside quoted values (non-standard, but sent by Outlook and others).
/// Names are lower-cased; lookup is case-insensitive.
public struct MIMEParameters: Sendable, Hashable, Sequence {
    public struct Parameter: Sendable, Hashable {
        public let name: String
        public let value: String
    }

    public private(set) var parameters: [Parameter]

    public init(_ parameters: [Parameter] = []) {
        self.parameters = parameters
    }

    public subscript(name: String) -> String? {
        let key = name.asciiLowercased
        return parameters.first { $0.name == key }?.value
    }

    public func makeIterator() -> IndexingIterator<[Parameter]> { parameters.makeIterator() }

    public var isEmpty: Bool { parameters.isEmpty }

    /// Parses parameters from `bytes[start...]`.
    init(parsing b: UnsafeBufferPointer<UInt8>, from start: Int) {
        let raw = Self.scan(b, from: start)
        parameters = Self.combine(raw)
    }

    struct RawParameter {
        var name: String
        var value: String
        var quoted: Bool
    }

    private static func isTokenByte(_ c: UInt8) -> Bool {
        switch c {
        case 0x00...0x20, 0x7F: return false
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "@"),
             UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "\\"), UInt8(ascii: "\""),
             UInt8(ascii: "/"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "?"), UInt8(ascii: "="):
            return false
        default: return true
        }
    }

    /// Skips a comment starting at `i` ("("), nested, with quoted pairs. Returns the index after it.
    static func skipComment(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        var depth = 0
        var j = i
        while j < b.count {
            switch b[j] {
            case UInt8(ascii: "\\"): j += 1
            case UInt8(ascii: "("): depth += 1
            case UInt8(ascii: ")"):
                depth -= 1
                if depth == 0 { return j + 1 }
            default: break
            }
            j += 1
        }
        return b.count
    }

    /// Reads a quoted string starting at `i` (the opening quote); returns content and the index after it.
    static func readQuoted(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> ([UInt8], Int) {
        var out: [UInt8] = []
        var j = i + 1
        while j < b.count {
            let c = b[j]
            if c == UInt8(ascii: "\\"), j + 1 < b.count {
                out.append(b[j + 1])
                j += 2
                continue
            }
            if c == UInt8(ascii: "\"") { return (out, j + 1) }
            out.append(c)
            j += 1
        }
        return (out, b.count)
    }

    static func scan(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> [RawParameter] {
        var result: [RawParameter] = []
        let n = b.count
        var i = start
        while i < n {
            let c = b[i]
            if ByteScan.isWSP(c) || c == UInt8(ascii: ";") || c == 0x0D || c == 0x0A {
                i += 1
                continue
            }
            if c == UInt8(ascii: "(") {
                i = skipComment(b, i)
                continue
            }
            // Attribute.
            let nameStart = i
            while i < n, b[i] != UInt8(ascii: "="), b[i] != UInt8(ascii: ";"), !ByteScan.isWSP(b[i]) { i += 1 }
            let nameBytes = UnsafeBufferPointer(rebasing: b[nameStart..<i])
            while i < n, ByteScan.isWSP(b[i]) { i += 1 }
            guard i < n, b[i] == UInt8(ascii: "=") else {
                // A bare word: skip to the next separator.
                while i < n, b[i] != UInt8(ascii: ";") { i += 1 }
                continue
            }
            i += 1
            while i < n, ByteScan.isWSP(b[i]) { i += 1 }
            let name = String(decoding: nameBytes, as: UTF8.self).asciiLowercased
            if i < n, b[i] == UInt8(ascii: "\"") {
                let (content, next) = readQuoted(b, i)
                i = next
                if !name.isEmpty {
                    result.append(RawParameter(name: name, value: String(decoding: content, as: UTF8.self), quoted: true))
                }
                continue
            }
            // Unquoted: a token, tolerating inner spaces unless a new "attr=" follows.
            let valueStart = i
            var valueEnd = i
            while i < n, b[i] != UInt8(ascii: ";") {
                if ByteScan.isWSP(b[i]) {
                    var j = i
                    while j < n, ByteScan.isWSP(b[j]) { j += 1 }
                    var k = j
                    while k < n, isTokenByte(b[k]) { k += 1 }
                    if k > j, k < n, b[k] == UInt8(ascii: "=") {
                        break
                    }
                    if j < n, b[j] == UInt8(ascii: "(") {
                        break
                    }
                    i = j
                    continue
                }
                i += 1
                valueEnd = i
            }
            if !name.isEmpty {
                let value = String(decoding: UnsafeBufferPointer(rebasing: b[valueStart..<valueEnd]), as: UTF8.self)
                result.append(RawParameter(name: name, value: value, quoted: false))
            }
        }
        return result
    }

    /// Applies RFC 2231: joins continuations and decodes extended values.
    static func combine(_ raw: [RawParameter]) -> [Parameter] {
        struct Sections {
            var parts: [Int: (value: String, extended: Bool)] = [:]
        }
        var order: [String] = []
        var seen: Set<String> = []
        var plain: [String: String] = [:]
        var extended: [String: Sections] = [:]
        for p in raw {
            guard let star = p.name.firstIndex(of: "*") else {
                if plain[p.name] == nil {
                    plain[p.name] = EncodedWords.decode(p.value)
                    if seen.insert(p.name).inserted { order.append(p.name) }
                }
                continue
            }
            let base = String(p.name[..<star])
            guard !base.isEmpty else { continue }
            let rest = p.name[p.name.index(after: star)...]
            var section = 0
            var isExtended = false
            if rest.isEmpty {
                isExtended = true // name*=charset'lang'value
            } else {
                var digits = rest
                if digits.hasSuffix("*") {
                    isExtended = true
                    digits = digits.dropLast()
                }
                guard let number = Int(digits), number >= 0, number < 10_000 else { continue }
                section = number
            }
            var sections = extended[base] ?? Sections()
            if sections.parts[section] == nil, sections.parts.count < 1000 {
                sections.parts[section] = (p.value, isExtended)
            }
            extended[base] = sections
            if seen.insert(base).inserted { order.append(base) }
        }
        var result: [Parameter] = []
        for name in order {
            if let sections = extended[name], let value = assemble(sections.parts) {
                result.append(Parameter(name: name, value: value))
            } else if let value = plain[name] {
                result.append(Parameter(name: name, value: value))
            }
        }
        return result
    }

    private static func assemble(_ parts: [Int: (value: String, extended: Bool)]) -> String? {
        guard !parts.isEmpty else { return nil }
        var bytes: [UInt8] = []
        var charset: String?
        let keys = parts.keys.sorted()
        for key in keys {
            guard let part = parts[key] else { continue }
            var value = Substring(part.value)
            if part.extended {
                if key == keys.first {
                    // charset'language'encoded (RFC 2231 section 4); both may be empty.
                    let pieces = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                    if pieces.count == 3 {
                        charset = pieces[0].isEmpty ? nil : String(pieces[0])
                        value = pieces[2]
                    }
                }
                bytes.append(contentsOf: percentDecode(value))
            } else {
                bytes.append(contentsOf: value.utf8)
            }
        }
        return Charset.decode(bytes, charset: charset)
    }

    static func percentDecode(_ s: Substring) -> [UInt8] {
        let u = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(u.count)
        var i = 0
        while i < u.count {
            if u[i] == UInt8(ascii: "%"), i + 2 < u.count, let hi = ByteScan.hexValue(u[i + 1]), let lo = ByteScan.hexValue(u[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(u[i])
                i += 1
            }
        }
        return out
    }
}
