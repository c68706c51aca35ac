/// XML's five predefined entities and numeric character references (XML 1.0
/// sections 4.1 and 4.6). Anything else is left as written; a reference to an
/// invalid code point becomes U+FFFD.
enum XMLCharacterReference {
    /// Decodes the reference starting at `start` (an "&"); returns the UTF-8 bytes and
    /// the index after the ";", or nil when there is no well-formed reference there.
    static func decode(_ b: UnsafeBufferPointer<UInt8>, at start: Int) -> (bytes: [UInt8], next: Int)? {
        var end = start + 1
        let limit = min(b.count, start + 12)
        while end < limit, b[end] != UInt8(ascii: ";") { end += 1 }
        guard end < limit, end > start + 1 else { return nil }
        let name = Array(b[(start + 1)..<end])
        switch name {
        case Array("lt".utf8): return ([UInt8(ascii: "<")], end + 1)
        case Array("gt".utf8): return ([UInt8(ascii: ">")], end + 1)
        case Array("amp".utf8): return ([UInt8(ascii: "&")], end + 1)
        case Array("quot".utf8): return ([UInt8(ascii: "\"")], end + 1)
        case Array("apos".utf8): return ([UInt8(ascii: "'")], end + 1)
        default: break
        }
        guard name.first == UInt8(ascii: "#"), name.count >= 2 else { return nil }
        var value: UInt32 = 0
        let hex = name[1] == UInt8(ascii: "x") || name[1] == UInt8(ascii: "X")
        let digits = name[(hex ? 2 : 1)...]
        guard !digits.isEmpty, digits.count <= 8 else { return nil }
        for d in digits {
            let v: UInt32
            switch d {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = UInt32(d - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: v = UInt32(d - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: v = UInt32(d - UInt8(ascii: "A") + 10)
            default: return nil
            }
            value = value * (hex ? 16 : 10) + v
        }
        let scalar = value == 0 ? nil : Unicode.Scalar(value)
        return (Array(String(Character(scalar ?? "\u{FFFD}")).utf8), end + 1)
    }
}
