/// Makes Message-IDs (RFC 5322 3.6.4) from injected randomness: pure and testable.
///
/// The id-left is the random bytes in lower-case base32 (RFC 4648, no padding), so
/// it is a dot-atom; the id-right is the sending domain.
public enum MessageIDFactory {
    /// 16 random bytes (128 bits) from `random`, "@", the domain; without angle brackets.
    public static func make(random: inout some RandomNumberGenerator, domain: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        for _ in 0..<2 {
            var word = random.next()
            for _ in 0..<8 {
                bytes.append(UInt8(truncatingIfNeeded: word))
                word >>= 8
            }
        }
        return make(bytes: bytes, domain: domain)
    }

    /// The id for these random bytes (use at least 16).
    public static func make(bytes: [UInt8], domain: String) -> String {
        "\(base32(bytes))@\(cleanDomain(domain))"
    }

    static func base32(_ bytes: [UInt8]) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)
        var out: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for b in bytes {
            buffer = (buffer << 8) | UInt32(b)
            bits += 8
            while bits >= 5 {
                out.append(alphabet[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
        }
        if bits > 0 {
            out.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)])
        }
        if out.isEmpty { out = Array("0".utf8) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Lower-case letters, digits, "-" and "."; "panelmail.invalid" if nothing is left.
    static func cleanDomain(_ domain: String) -> String {
        let kept = domain.lowercased().unicodeScalars.filter {
            ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "-" || $0 == "."
        }
        var d = String(String.UnicodeScalarView(kept))
        while d.hasPrefix(".") { d.removeFirst() }
        while d.hasSuffix(".") { d.removeLast() }
        return d.isEmpty ? "panelmail.invalid" : d
    }
}
