/// Writes header fields: RFC 2047 encoded words for non-ASCII text, RFC 5322 2.2.3
/// folding at 78 octets, and line breaks in values removed (no header injection).
enum HeaderEncoding {
    static let foldAt = 78
    static let hardLimit = 998

    /// "Name: chunk chunk ..." folded with CRLF SP between chunks; no final CRLF.
    /// A first chunk too long for the first line goes on a continuation line.
    static func fold(name: String, chunks: [String]) -> String {
        var result = name + ":"
        var lineLength = result.utf8.count
        var first = true
        for chunk in chunks where !chunk.isEmpty {
            let addition = 1 + chunk.utf8.count
            let fitsAlone = addition <= foldAt
            if lineLength + addition > foldAt, !first || fitsAlone {
                result += "\r\n " + chunk
                lineLength = addition
            } else {
                result += " " + chunk
                lineLength += addition
            }
            first = false
        }
        return hardWrap(result)
    }

    /// Last-resort guarantee of RFC 5322 2.1.1: no line over 998 octets.
    static func hardWrap(_ field: String) -> String {
        guard field.utf8.count > hardLimit else { return field }
        var out: [UInt8] = []
        var column = 0
        let bytes = Array(field.utf8)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A {
                out.append(contentsOf: [0x0D, 0x0A])
                column = 0
                i += 2
                continue
            }
            // Break before a UTF-8 lead byte only, so characters stay whole.
            if column >= hardLimit - 4, b & 0xC0 != 0x80 {
                out.append(contentsOf: [0x0D, 0x0A, 0x20])
                column = 1
            }
            out.append(b)
            column += 1
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Replaces line breaks (CRLF as one) and other controls (except tab) with spaces.
    static func sanitize(_ value: String) -> String {
        let joined = value.contains("\r\n") ? value.replacingOccurrences(of: "\r\n", with: " ") : value
        return String(String.UnicodeScalarView(joined.unicodeScalars.map { scalar in
            (scalar.value < 0x20 && scalar != "\t") || scalar.value == 0x7F ? " " : scalar
        }))
    }

    static func needsEncoding(_ text: String) -> Bool {
        text.utf8.contains { $0 >= 0x80 } || EncodedWords.containsMarker(text)
    }

    /// An unstructured field (Subject, Comments, extension fields): words folded as they
    /// are when ASCII, otherwise a run of UTF-8 encoded words.
    static func unstructured(name: String, value: String) -> String {
        let clean = sanitize(value)
        let words = clean.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        if !needsEncoding(clean), !words.contains(where: { $0.utf8.count > 900 }), !clean.hasPrefix(" "), !clean.contains("  ") {
            return fold(name: name, chunks: words.filter { !$0.isEmpty })
        }
        return fold(name: name, chunks: encodedWords(clean, firstRoom: foldAt - name.utf8.count - 2))
    }

    /// A display name as a phrase (RFC 5322 3.2.5): atoms, a quoted string, or encoded words.
    static func phraseChunks(_ name: String, firstRoom: Int = 75) -> [String] {
        let clean = sanitize(name).trimmingASCIIWhitespace
        if clean.isEmpty { return [] }
        if !needsEncoding(clean) {
            let words = clean.split(separator: " ").map(String.init)
            if !clean.contains("  "), words.allSatisfy({ $0.utf8.allSatisfy { EmailAddress.isAtext($0) } }) {
                return words
            }
            if clean.utf8.count <= 60 {
                var quoted = "\""
                for ch in clean {
                    if ch == "\"" || ch == "\\" { quoted.append("\\") }
                    quoted.append(ch)
                }
                return [quoted + "\""]
            }
        }
        return encodedWords(clean, firstRoom: firstRoom)
    }

    /// A mailbox as header chunks: phrase words then "<addr>", or the bare address.
    static func mailboxChunks(_ address: EmailAddress, firstRoom: Int = 75) -> [String] {
        let addr = sanitize(address.address).replacingSpaces()
        guard let name = address.name else { return [addr] }
        let phrase = phraseChunks(name, firstRoom: firstRoom)
        if phrase.isEmpty { return [addr] }
        return phrase + ["<\(addr)>"]
    }

    /// An address-list field, folding between words and after commas.
    static func addressList(name: String, _ addresses: [EmailAddress]) -> String {
        var chunks: [String] = []
        for (index, address) in addresses.enumerated() {
            var mailbox = mailboxChunks(address, firstRoom: index == 0 ? foldAt - name.utf8.count - 2 : 75)
            if index < addresses.count - 1, !mailbox.isEmpty {
                mailbox[mailbox.count - 1] += ","
            }
            chunks.append(contentsOf: mailbox)
        }
        return fold(name: name, chunks: chunks)
    }

    /// Splits text into UTF-8 encoded words of at most 75 octets (RFC 2047 section 2),
    /// never splitting a character, choosing Q or B by whichever is shorter overall.
    /// Q uses only the characters allowed in phrases (RFC 2047 5(3)), so the words
    /// are valid anywhere.
    static func encodedWords(_ text: String, firstRoom: Int = 75) -> [String] {
        let maxWord = 75
        let qPrefix = "=?UTF-8?Q?", bPrefix = "=?UTF-8?B?", suffix = "?="
        var qLength = 0
        for b in text.utf8 { qLength += qSafe(b) ? 1 : 3 }
        let bLength = (text.utf8.count + 2) / 3 * 4
        let useQ = qLength <= bLength
        let overhead = qPrefix.utf8.count + suffix.utf8.count
        // The first word may have to share its line with the field name; keep it useful.
        let firstWordRoom = max(min(firstRoom, maxWord), overhead + 12) - overhead
        var words: [String] = []
        var room: Int { words.isEmpty ? firstWordRoom : maxWord - overhead }
        var current: [UInt8] = []
        var currentEncodedLength = 0
        func flush() {
            guard !current.isEmpty else { return }
            if useQ {
                words.append(qPrefix + qEncode(current) + suffix)
            } else {
                words.append(bPrefix + String(decoding: Base64Codec.encode(current, lineLength: 0), as: UTF8.self) + suffix)
            }
            current.removeAll()
            currentEncodedLength = 0
        }
        func add(_ bytes: [UInt8]) {
            if useQ {
                let length = bytes.reduce(0) { $0 + (qSafe($1) ? 1 : 3) }
                if currentEncodedLength + length > room { flush() }
                currentEncodedLength += length
            } else if (current.count + bytes.count + 2) / 3 * 4 > room {
                flush()
            }
            current.append(contentsOf: bytes)
        }
        for ch in text {
            let bytes = Array(String(ch).utf8)
            // Whole characters per word; only a giant grapheme cluster is split by scalar.
            if bytes.count > 15 {
                for scalar in ch.unicodeScalars { add(Array(String(scalar).utf8)) }
            } else {
                add(bytes)
            }
        }
        flush()
        return words
    }

    private static func qSafe(_ b: UInt8) -> Bool {
        switch b {
        case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, UInt8(ascii: "!"), UInt8(ascii: "*"), UInt8(ascii: "+"),
             UInt8(ascii: "-"), UInt8(ascii: "/"), 0x20:
            return true
        default:
            return false
        }
    }

    private static func qEncode(_ bytes: [UInt8]) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for b in bytes {
            if b == 0x20 {
                out.append(UInt8(ascii: "_"))
            } else if qSafe(b) {
                out.append(b)
            } else {
                out.append(UInt8(ascii: "="))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// RFC 2231 parameter chunks for a filename: plain quoted when short ASCII, else
    /// charset'language'percent-encoded, split into numbered sections on character
    /// boundaries. Each chunk ends with ";" except the last.
    static func filenameParameter(_ name: String, filename: String) -> [String] {
        let clean = sanitize(filename).trimmingASCIIWhitespace
        let ascii = !clean.utf8.contains { $0 >= 0x80 }
        if ascii, clean.utf8.count <= 60 {
            var quoted = "\""
            for ch in clean {
                if ch == "\"" || ch == "\\" { quoted.append("\\") }
                quoted.append(ch)
            }
            return ["\(name)=\(quoted)\""]
        }
        var sections: [String] = []
        var current = ""
        for ch in clean {
            let encoded = percentEncode(String(ch))
            if current.utf8.count + encoded.utf8.count > 50 {
                sections.append(current)
                current = ""
            }
            current += encoded
        }
        if !current.isEmpty { sections.append(current) }
        if sections.count == 1 {
            return ["\(name)*=UTF-8''\(sections[0])"]
        }
        var chunks: [String] = []
        for (index, section) in sections.enumerated() {
            let prefix = index == 0 ? "UTF-8''" : ""
            chunks.append("\(name)*\(index)*=\(prefix)\(section)" + (index < sections.count - 1 ? ";" : ""))
        }
        return chunks
    }

    /// RFC 2231 section 7 attribute-char: everything else is %XX.
    static func percentEncode(_ s: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for b in s.utf8 {
            switch b {
            case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"),
                 UInt8(ascii: "&"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"),
                 UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
                out.append(b)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    fileprivate func replacingSpaces() -> String {
        String(String.UnicodeScalarView(unicodeScalars.filter { $0 != " " && $0 != "\t" }))
    }
}
