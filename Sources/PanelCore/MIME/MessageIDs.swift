/// msg-id lists in Message-ID, In-Reply-To, References and Content-ID (RFC 5322 3.6.4).
///
/// Returns ids without angle brackets. Tolerant: comments and other text between
/// ids are skipped (old "In-Reply-To: Your message of ..." forms), whitespace inside
/// brackets is removed (folding inside long ids), and a lone bracketless id is accepted.
public enum MessageIDs {
    public static func parseList(_ value: String) -> [String] {
        var ids: [String] = []
        let bytes = Array(value.utf8)
        var i = 0
        let n = bytes.count
        var sawBracket = false
        while i < n {
            let c = bytes[i]
            if c == UInt8(ascii: "(") {
                i = bytes.withUnsafeBufferPointer { MIMEParameters.skipComment($0, i) }
                continue
            }
            if c == UInt8(ascii: "\"") {
                i = bytes.withUnsafeBufferPointer { MIMEParameters.readQuoted($0, i).1 }
                continue
            }
            if c == UInt8(ascii: "<") {
                sawBracket = true
                var j = i + 1
                var id: [UInt8] = []
                while j < n, bytes[j] != UInt8(ascii: ">"), bytes[j] != UInt8(ascii: "<") {
                    let d = bytes[j]
                    if d > 0x20, d != 0x7F { id.append(d) }
                    j += 1
                }
                if j < n, bytes[j] == UInt8(ascii: ">") {
                    if !id.isEmpty, id.count <= 998 { ids.append(String(decoding: id, as: UTF8.self)) }
                    i = j + 1
                } else {
                    i = j
                }
                continue
            }
            i += 1
        }
        if !sawBracket {
            let bare = value.trimmingASCIIWhitespace
            if !bare.isEmpty, bare.utf8.count <= 998, bare.contains("@"),
               !bare.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "(") || $0 == UInt8(ascii: "\"") }) {
                ids.append(bare)
            }
        }
        return ids
    }

    /// The first msg-id in the value, or nil.
    public static func parseSingle(_ value: String) -> String? {
        parseList(value).first
    }
}
