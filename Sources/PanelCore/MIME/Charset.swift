import Foundation

/// Turns body and header octets into text by MIME charset name (RFC 2045 5.1, RFC 2046 4.1.2).
///
/// UTF-8, US-ASCII, ISO-8859-1, ISO-8859-15, windows-1252 and UTF-16 are decoded by
/// own tables. ISO-8859-1 is read as its superset windows-1252, as browsers do
/// (WHATWG Encoding): real "iso-8859-1" mail often holds 0x80-0x9F smart quotes.
/// US-ASCII with 8-bit octets is read as UTF-8 when valid, else as windows-1252.
/// Unknown charsets are read as UTF-8; invalid UTF-8 becomes U+FFFD. Never traps.
public enum Charset {
    /// A charset panelmail decodes itself.
    public enum Known: Sendable, Hashable {
        case utf8, ascii, latin1, latin9, windows1252, utf16, utf16BE, utf16LE
    }

    public static func decode(_ bytes: some Collection<UInt8>, charset: String?) -> String {
        if let fast = bytes.withContiguousStorageIfAvailable({ decode(buffer: $0, charset: charset) }) {
            return fast
        }
        let copy = Array(bytes)
        return copy.withUnsafeBufferPointer { decode(buffer: $0, charset: charset) }
    }

    /// The decoder for a charset label (case, quotes and common aliases tolerated), or nil if unknown.
    public static func known(_ label: String?) -> Known? {
        guard let label else { return nil }
        var name = label.trimmingASCIIWhitespace.asciiLowercased
        if name.hasPrefix("\"") || name.hasPrefix("'") {
            name = String(name.dropFirst())
        }
        if name.hasSuffix("\"") || name.hasSuffix("'") {
            name = String(name.dropLast())
        }
        // RFC 2231 section 5 allows "charset*language" in encoded words.
        if let star = name.firstIndex(of: "*") { name = String(name[..<star]) }
        switch name {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8", "unicode-2-0-utf-8":
            return .utf8
        case "us-ascii", "ascii", "us", "ansi_x3.4-1968", "ansi_x3.4-1986", "iso646-us", "iso-ir-6", "cp367", "ibm367", "csascii", "646", "iso_646.irv:1991":
            return .ascii
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "iso_8859-1:1987", "iso88591", "latin1", "latin-1", "l1", "cp819", "ibm819", "iso-ir-100", "csisolatin1", "8859-1", "iso8859_1", "iso_8859_1":
            return .latin1
        case "iso-8859-15", "iso8859-15", "iso_8859-15", "iso88591515", "iso885915", "latin9", "latin-9", "l9", "csisolatin9", "iso_8859-15:1998", "8859-15", "iso8859_15", "iso_8859_15":
            return .latin9
        case "windows-1252", "cp1252", "x-cp1252", "win-1252", "windows1252", "cp-1252", "ms-ansi", "ansi":
            return .windows1252
        case "utf-16", "utf16", "ucs-2", "unicode":
            return .utf16
        case "utf-16be", "unicodefffe":
            return .utf16BE
        case "utf-16le":
            return .utf16LE
        default:
            return nil
        }
    }

    static func decode(buffer: UnsafeBufferPointer<UInt8>, charset: String?) -> String {
        let kind = known(charset)
        switch kind {
        case .utf16, .utf16BE, .utf16LE:
            return decodeUTF16(buffer, kind: kind ?? .utf16)
        default:
            break
        }
        if ByteScan.isASCII(buffer) {
            return String(decoding: buffer, as: UTF8.self)
        }
        switch kind {
        case .latin1, .windows1252:
            return decodeSingleByte(buffer, high: windows1252High)
        case .latin9:
            return decodeSingleByte(buffer, high: latin9High)
        case .ascii:
            // Mislabelled 8-bit text: UTF-8 when it validates, else the usual Western default.
            if isValidUTF8(buffer) { return String(decoding: buffer, as: UTF8.self) }
            return decodeSingleByte(buffer, high: windows1252High)
        default:
            return String(decoding: buffer, as: UTF8.self)
        }
    }

    /// Strict UTF-8 validation (no overlongs, no surrogates, max U+10FFFF).
    static func isValidUTF8(_ buf: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = buf.count
        while i < n {
            let b0 = buf[i]
            if b0 < 0x80 { i += 1; continue }
            let need: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; lower = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: need = 2
            case 0xED: need = 2; upper = 0x9F
            case 0xF0: need = 3; lower = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; upper = 0x8F
            default: return false
            }
            guard i + need < n else { return false }
            let b1 = buf[i + 1]
            guard b1 >= lower, b1 <= upper else { return false }
            var k = 2
            while k <= need {
                let b = buf[i + k]
                guard b >= 0x80, b <= 0xBF else { return false }
                k += 1
            }
            i += need + 1
        }
        return true
    }

    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { isValidUTF8($0) }
    }

    /// Decodes a single-byte charset whose 0x00-0x7F is ASCII; `high` maps 0x80-0xFF.
    static func decodeSingleByte(_ buf: UnsafeBufferPointer<UInt8>, high: [UInt16]) -> String {
        high.withUnsafeBufferPointer { table in
            String(unsafeUninitializedCapacity: buf.count * 3) { out in
                var o = 0
                for b in buf {
                    if b < 0x80 {
                        out[o] = b
                        o += 1
                        continue
                    }
                    let scalar = table[Int(b) - 0x80]
                    if scalar < 0x800 {
                        out[o] = UInt8(0xC0 | (scalar >> 6))
                        out[o + 1] = UInt8(0x80 | (scalar & 0x3F))
                        o += 2
                    } else {
                        out[o] = UInt8(0xE0 | (scalar >> 12))
                        out[o + 1] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
                        out[o + 2] = UInt8(0x80 | (scalar & 0x3F))
                        o += 3
                    }
                }
                return o
            }
        }
    }

    static func decodeUTF16(_ buf: UnsafeBufferPointer<UInt8>, kind: Known) -> String {
        var bigEndian = kind != .utf16LE
        var start = 0
        if kind == .utf16, buf.count >= 2 {
            if buf[0] == 0xFF, buf[1] == 0xFE { bigEndian = false; start = 2 }
            else if buf[0] == 0xFE, buf[1] == 0xFF { bigEndian = true; start = 2 }
        }
        var units: [UInt16] = []
        units.reserveCapacity(buf.count / 2)
        var i = start
        while i + 1 < buf.count {
            let a = UInt16(buf[i]), b = UInt16(buf[i + 1])
            units.append(bigEndian ? (a << 8 | b) : (b << 8 | a))
            i += 2
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// windows-1252 0x80-0x9F (WHATWG index; undefined octets map to the C1 control),
    /// then Latin-1 0xA0-0xFF.
    static let windows1252High: [UInt16] = {
        let c1: [UInt16] = [
            0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
            0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
            0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
            0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
        ]
        return c1 + (0xA0...0xFF).map { UInt16($0) }
    }()

    /// ISO-8859-15: Latin-1 with the eight code points that differ (RFC 1345 / ISO table).
    static let latin9High: [UInt16] = {
        var table = (0x80...0xFF).map { UInt16($0) }
        let changes: [(Int, UInt16)] = [
            (0xA4, 0x20AC), (0xA6, 0x0160), (0xA8, 0x0161), (0xB4, 0x017D),
            (0xB8, 0x017E), (0xBC, 0x0152), (0xBD, 0x0153), (0xBE, 0x0178),
        ]
        for (octet, scalar) in changes { table[octet - 0x80] = scalar }
        return table
    }()
}
