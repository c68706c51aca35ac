/// Decoding of RFC 2047 encoded words ("=?charset?B|Q?text?=") in header text.
///
/// - Whitespace between two adjacent encoded words is dropped (RFC 2047 section 6.2).
/// - Adjacent words in the same charset are joined before charset decoding, so a
///   multi-octet character split across two words (a common encoder bug) survives.
/// - "charset*language" (RFC 2231 section 5) is accepted.
/// - Malformed words (bad base64, unknown encoding) are left as they are.
/// - Words glued to surrounding text are decoded too, as most mail readers do.
/// Linear in the input length.
public enum EncodedWords {
    public static func decode(_ text: String) -> String {
        guard containsMarker(text) else { return text }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { decode(buffer: $0) }
    }

    static func containsMarker(_ text: String) -> Bool {
        var previousEquals = false
        for b in text.utf8 {
            if previousEquals, b == 0x3F { return true }
            previousEquals = b == 0x3D
        }
        return false
    }

    private enum Segment {
        case text(Range<Int>)
        case word(charset: String, payload: [UInt8])
    }

    private enum Attempt {
        case word(charset: String, payload: [UInt8], end: Int)
        case failed(resumeAt: Int)
    }

    static func decode(buffer b: UnsafeBufferPointer<UInt8>) -> String {
        let n = b.count
        var segments: [Segment] = []
        var textStart = 0
        var i = 0
        while i + 1 < n {
            guard b[i] == 0x3D, b[i + 1] == 0x3F else {
                i += 1
                continue
            }
            switch parseWord(b, at: i) {
            case .word(let charset, let payload, let end):
                if textStart < i { segments.append(.text(textStart..<i)) }
                segments.append(.word(charset: charset, payload: payload))
                i = end
                textStart = end
            case .failed(let resume):
                i = max(resume, i + 1)
            }
        }
        if textStart < n { segments.append(.text(textStart..<n)) }

        var out: [UInt8] = []
        out.reserveCapacity(n)
        var pendingCharset: String?
        var pendingPayload: [UInt8] = []
        func flushWord() {
            if let charset = pendingCharset {
                out.append(contentsOf: Charset.decode(pendingPayload, charset: charset).utf8)
            }
            pendingCharset = nil
            pendingPayload.removeAll(keepingCapacity: true)
        }
        var index = 0
        while index < segments.count {
            switch segments[index] {
            case .word(let charset, let payload):
                let key = charsetKey(charset)
                if let pending = pendingCharset, charsetKey(pending) != key { flushWord() }
                if pendingCharset == nil { pendingCharset = charset }
                pendingPayload.append(contentsOf: payload)
            case .text(let range):
                let onlySpace = (range.lowerBound..<range.upperBound).allSatisfy {
                    let c = b[$0]
                    return c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A
                }
                let betweenWords = index + 1 < segments.count && index > 0 && isWord(segments[index + 1]) && isWord(segments[index - 1])
                if onlySpace, betweenWords {
                    break
                }
                flushWord()
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[range]))
            }
            index += 1
        }
        flushWord()
        return String(decoding: out, as: UTF8.self)
    }

    private static func isWord(_ segment: Segment) -> Bool {
        if case .word = segment { return true }
        return false
    }

    private static func charsetKey(_ charset: String) -> String {
        var key = charset.asciiLowercased
        if let star = key.firstIndex(of: "*") { key = String(key[..<star]) }
        return key
    }

    private static func isCharsetByte(_ c: UInt8) -> Bool {
        switch c {
        case 0x41...0x5A, 0x61...0x7A, 0x30...0x39: return true
        case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: "*"),
             UInt8(ascii: "+"), UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"),
             UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "^"), UInt8(ascii: "`"), UInt8(ascii: "{"),
             UInt8(ascii: "}"), UInt8(ascii: "|"), UInt8(ascii: "~"): return true
        default: return false
        }
    }

    /// Parses the encoded word starting at `s` ("=?"). On failure, says where the next
    /// candidate may start, so the scan stays linear.
    private static func parseWord(_ b: UnsafeBufferPointer<UInt8>, at s: Int) -> Attempt {
        let n = b.count
        var j = s + 2
        while j < n, b[j] != 0x3F {
            guard isCharsetByte(b[j]), j - s < 80 else { return .failed(resumeAt: j) }
            j += 1
        }
        guard j < n, j > s + 2 else { return .failed(resumeAt: j) }
        let charset = String(decoding: UnsafeBufferPointer(rebasing: b[(s + 2)..<j]), as: UTF8.self)
        guard j + 2 < n, b[j + 2] == 0x3F else { return .failed(resumeAt: j) }
        let encoding = ByteScan.asciiLower(b[j + 1])
        guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q") else { return .failed(resumeAt: j) }
        let textStart = j + 3
        var k = textStart
        while k < n {
            let c = b[k]
            if c == 0x3F { break }
            if c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A { return .failed(resumeAt: k) }
            k += 1
        }
        guard k + 1 < n, b[k + 1] == 0x3D else {
            // "?" not followed by "=": a new word may start at the "=" just before it.
            return .failed(resumeAt: max(textStart, k - 1))
        }
        let text = UnsafeBufferPointer(rebasing: b[textStart..<k])
        let end = k + 2
        if encoding == UInt8(ascii: "b") {
            guard Base64Codec.isStrict(text) else { return .failed(resumeAt: end) }
            return .word(charset: charset, payload: Base64Codec.decode(text), end: end)
        }
        return .word(charset: charset, payload: decodeQ(text), end: end)
    }

    /// The "Q" encoding (RFC 2047 4.2): "_" is space, "=XX" an octet, anything else literal.
    static func decodeQ(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var i = 0
        let n = text.count
        while i < n {
            let c = text[i]
            if c == UInt8(ascii: "_") {
                out.append(0x20)
                i += 1
            } else if c == 0x3D, i + 2 < n, let hi = ByteScan.hexValue(text[i + 1]), let lo = ByteScan.hexValue(text[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(c)
                i += 1
            }
        }
        return out
    }
}
