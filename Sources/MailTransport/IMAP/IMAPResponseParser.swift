/// Parses server responses (RFC 9051 section 7, RFC 3501 section 9) from complete frames.
///
/// Pure: the connection cuts the byte stream into frames, this turns them into values.
/// Unknown untagged responses become `.other`; malformed ones throw.
struct IMAPResponseParser {
    private let bytes: [UInt8]
    private var literals: IndexingIterator<[[UInt8]]>
    /// The literals were streamed elsewhere; each stands as empty (`IMAPResponseFrame`).
    private var literalsStreamed = false
    private var index = 0

    static func parse(_ frame: IMAPResponseFrame) throws(IMAPParseError) -> IMAPResponse {
        var parser = IMAPResponseParser(bytes: frame.line, literals: frame.literals.makeIterator())
        parser.literalsStreamed = frame.literalsStreamed
        return try parser.response()
    }

    static func parse(_ line: String, literals: [[UInt8]] = []) throws(IMAPParseError) -> IMAPResponse {
        try parse(IMAPResponseFrame(line, literals: literals))
    }

    private init(bytes: [UInt8], literals: IndexingIterator<[[UInt8]]>) {
        self.bytes = bytes
        self.literals = literals
    }

    // MARK: responses

    private mutating func response() throws(IMAPParseError) -> IMAPResponse {
        if peek == UInt8(ascii: "+") {
            index += 1
            skipSpaces()
            return .continuation(rest())
        }
        if peek == UInt8(ascii: "*") {
            index += 1
            try expectSpace()
            return try untagged()
        }
        let tag = try atom()
        try expectSpace()
        let name = try atom().uppercased()
        guard let status = IMAPCondition.Status(rawValue: name), status != .preauth else {
            throw failure("a tagged response must be OK, NO or BAD")
        }
        return .tagged(tag: tag, try condition(status))
    }

    private mutating func untagged() throws(IMAPParseError) -> IMAPResponse {
        if let digit = peek, isDigit(digit) {
            let number = try number32()
            try expectSpace()
            let name = try atom().uppercased()
            switch name {
            case "EXISTS": return .exists(number)
            case "RECENT": return .recent(number)
            case "EXPUNGE": return .expunge(number)
            case "FETCH":
                try expectSpace()
                return .fetch(sequence: number, try fetchAttributes())
            default: return .other(text)
            }
        }
        let name = try atom().uppercased()
        if let status = IMAPCondition.Status(rawValue: name) {
            return .condition(try condition(status))
        }
        switch name {
        case "CAPABILITY":
            return .capability(capabilities(rest()))
        case "LIST", "LSUB":
            try expectSpace()
            return .list(try listEntry())
        case "STATUS":
            try expectSpace()
            return try mailboxStatus()
        case "SEARCH":
            var uids: [UInt32] = []
            while peek == UInt8(ascii: " ") {
                skipSpaces()
                if peek == UInt8(ascii: "(") { break }  // CONDSTORE "(MODSEQ n)"
                if atEnd { break }
                uids.append(try number32())
            }
            return .search(uids)
        case "FLAGS":
            try expectSpace()
            return .flags(try atomList())
        default:
            return .other(text)
        }
    }

    private mutating func condition(_ status: IMAPCondition.Status) throws(IMAPParseError) -> IMAPCondition {
        skipSpaces()
        var code: IMAPResponseCode?
        if peek == UInt8(ascii: "[") {
            index += 1
            code = try responseCode()
            skipSpaces()
        }
        return IMAPCondition(status: status, code: code, text: rest(), line: text)
    }

    private mutating func responseCode() throws(IMAPParseError) -> IMAPResponseCode {
        let name = try atom().uppercased()
        let start = index
        var end = index
        // The arguments run to the closing bracket; PERMANENTFLAGS holds parentheses but no brackets.
        while end < bytes.count, bytes[end] != UInt8(ascii: "]") { end += 1 }
        guard end < bytes.count else { throw failure("unterminated response code") }
        let arguments = String(decoding: bytes[start..<end], as: UTF8.self).trimmingSpaces()
        index = end + 1
        let words = arguments.split(separator: " ")
        switch name {
        case "UIDVALIDITY":
            guard words.count == 1, let value = UInt32(words[0]) else { throw failure("bad UIDVALIDITY") }
            return .uidValidity(value)
        case "UIDNEXT":
            guard words.count == 1, let value = UInt32(words[0]) else { throw failure("bad UIDNEXT") }
            return .uidNext(value)
        case "COPYUID":
            guard words.count == 3, let validity = UInt32(words[0]),
                let source = UIDSet.parse(words[1]), let destination = UIDSet.parse(words[2])
            else { throw failure("bad COPYUID") }
            return .copyUID(uidValidity: validity, source: source, destination: destination)
        case "APPENDUID":
            // MULTIAPPEND may give a set; one APPEND gives one UID.
            guard words.count == 2, let validity = UInt32(words[0]), let uids = UIDSet.parse(words[1]), let uid = uids.last
            else { throw failure("bad APPENDUID") }
            return .appendUID(uidValidity: validity, uid: uid)
        case "PERMANENTFLAGS":
            var inner = IMAPResponseParser(bytes: Array(arguments.utf8), literals: [[UInt8]]().makeIterator())
            return .permanentFlags(try inner.atomList())
        case "CAPABILITY":
            return .capability(capabilities(arguments))
        case "READ-ONLY": return .readOnly
        case "READ-WRITE": return .readWrite
        case "TRYCREATE": return .tryCreate
        case "ALREADYEXISTS": return .alreadyExists
        case "NONEXISTENT": return .nonExistent
        case "AUTHENTICATIONFAILED": return .authenticationFailed
        default: return .other(name)
        }
    }

    // MARK: FETCH

    private mutating func fetchAttributes() throws(IMAPParseError) -> IMAPFetchAttributes {
        try expect(UInt8(ascii: "("))
        var attributes = IMAPFetchAttributes()
        while true {
            skipSpaces()
            guard let next = peek else { throw failure("unterminated FETCH") }
            if next == UInt8(ascii: ")") {
                index += 1
                return attributes
            }
            let name = try fetchItemName()
            try expectSpace()
            switch name.uppercased() {
            case "UID":
                attributes.uid = try number32()
            case "FLAGS":
                attributes.flags = try atomList()
            case "INTERNALDATE":
                guard let raw = try nstring() else { throw failure("INTERNALDATE is NIL") }
                guard let date = IMAPDateTime.parse(raw[...]) else { throw failure("bad INTERNALDATE") }
                attributes.internalDate = date
            case "RFC822.SIZE":
                attributes.size = Int(try number64())
            case "BODY[]", "BINARY[]", "RFC822":
                let body = try nstring()
                attributes.body = body
                attributes.bodyWasNil = body == nil
            default:
                try skipValue()
            }
        }
    }

    /// `UID`, `BODY[]`, `BODY[HEADER.FIELDS (FROM)]<0>`: an atom with an optional bracketed section.
    private mutating func fetchItemName() throws(IMAPParseError) -> String {
        let start = index
        while let byte = peek, byte != UInt8(ascii: " "), byte != UInt8(ascii: ")"), byte != UInt8(ascii: "(") {
            if byte == UInt8(ascii: "[") {
                while let inner = peek, inner != UInt8(ascii: "]") { index += 1 }
                guard peek == UInt8(ascii: "]") else { throw failure("unterminated section") }
            }
            index += 1
        }
        guard index > start else { throw failure("expected a FETCH item") }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    // MARK: LIST and STATUS

    private mutating func listEntry() throws(IMAPParseError) -> IMAPListEntry {
        let attributes = Set(try atomList().map { $0.lowercased() })
        try expectSpace()
        var delimiter: Character?
        if let raw = try nstring() {
            guard raw.count == 1 else { throw failure("bad hierarchy delimiter") }
            delimiter = Character(Unicode.Scalar(raw[0]))
        }
        try expectSpace()
        let encoded = try mailboxName()
        // Extended LIST data (RFC 5258) may follow; it is not needed.
        return IMAPListEntry(
            attributes: attributes,
            delimiter: delimiter,
            encodedName: encoded,
            name: ModifiedUTF7.decode(encoded) ?? encoded
        )
    }

    private mutating func mailboxStatus() throws(IMAPParseError) -> IMAPResponse {
        let encoded = try mailboxName()
        try expectSpace()
        try expect(UInt8(ascii: "("))
        var values: [String: UInt64] = [:]
        while true {
            skipSpaces()
            if peek == UInt8(ascii: ")") {
                index += 1
                break
            }
            let key = try atom().uppercased()
            try expectSpace()
            values[key] = try number64()
        }
        return .mailboxStatus(mailbox: ModifiedUTF7.decode(encoded) ?? encoded, values: values)
    }

    /// `astring`, where the atom form may also hold `]` and INBOX is case-insensitive.
    private mutating func mailboxName() throws(IMAPParseError) -> String {
        let name: String
        if peek == UInt8(ascii: "\"") || peek == UInt8(ascii: "{") {
            guard let raw = try nstring() else { throw failure("mailbox name is NIL") }
            name = String(decoding: raw, as: UTF8.self)
        } else {
            let start = index
            while let byte = peek, byte != UInt8(ascii: " "), byte != UInt8(ascii: "("), byte != UInt8(ascii: ")") { index += 1 }
            guard index > start else { throw failure("expected a mailbox name") }
            name = String(decoding: bytes[start..<index], as: UTF8.self)
        }
        return name.uppercased() == "INBOX" ? "INBOX" : name
    }

    // MARK: tokens

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }
    private var atEnd: Bool { index >= bytes.count }
    private var text: String { String(decoding: bytes, as: UTF8.self) }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private func failure(_ reason: String) -> IMAPParseError {
        IMAPParseError(reason: reason, line: String(text.prefix(200)))
    }

    private mutating func skipSpaces() {
        while peek == UInt8(ascii: " ") { index += 1 }
    }

    private mutating func expectSpace() throws(IMAPParseError) {
        guard peek == UInt8(ascii: " ") else { throw failure("expected a space at \(index)") }
        skipSpaces()
    }

    private mutating func expect(_ byte: UInt8) throws(IMAPParseError) {
        guard peek == byte else { throw failure("expected \"\(Character(Unicode.Scalar(byte)))\" at \(index)") }
        index += 1
    }

    private mutating func rest() -> String {
        defer { index = bytes.count }
        return String(decoding: bytes[min(index, bytes.count)...], as: UTF8.self)
    }

    /// An atom, a flag such as `\Seen` or `\*`, or a number.
    private mutating func atom() throws(IMAPParseError) -> String {
        let start = index
        while let byte = peek, byte > 0x20, byte < 0x7F,
            byte != UInt8(ascii: "("), byte != UInt8(ascii: ")"), byte != UInt8(ascii: "{"),
            byte != UInt8(ascii: "\""), byte != UInt8(ascii: "]"), byte != UInt8(ascii: "[")
        {
            index += 1
        }
        guard index > start else { throw failure("expected an atom at \(index)") }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func number64() throws(IMAPParseError) -> UInt64 {
        var value: UInt64 = 0
        let start = index
        while let byte = peek, isDigit(byte) {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { throw failure("number too large") }
            value = sum
            index += 1
        }
        guard index > start else { throw failure("expected a number at \(index)") }
        return value
    }

    private mutating func number32() throws(IMAPParseError) -> UInt32 {
        let value = try number64()
        guard let narrow = UInt32(exactly: value) else { throw failure("number too large") }
        return narrow
    }

    /// `nstring`: a quoted string, a literal, or NIL.
    private mutating func nstring() throws(IMAPParseError) -> [UInt8]? {
        guard let first = peek else { throw failure("expected a string") }
        switch first {
        case UInt8(ascii: "\""):
            index += 1
            var value: [UInt8] = []
            while let byte = peek {
                index += 1
                if byte == UInt8(ascii: "\\") {
                    guard let escaped = peek else { break }
                    value.append(escaped)
                    index += 1
                } else if byte == UInt8(ascii: "\"") {
                    return value
                } else {
                    value.append(byte)
                }
            }
            throw failure("unterminated quoted string")
        case UInt8(ascii: "{"), UInt8(ascii: "~"):
            if first == UInt8(ascii: "~") { index += 1 }  // literal8 (RFC 3516)
            try expect(UInt8(ascii: "{"))
            let size = try number64()
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
            try expect(UInt8(ascii: "}"))
            guard let literal = literals.next() else { throw failure("missing literal data") }
            guard literal.count == size || (literalsStreamed && literal.isEmpty) else { throw failure("literal size mismatch") }
            return literal
        default:
            let word = try atom()
            guard word.uppercased() == "NIL" else { throw failure("expected a string, got \(word)") }
            return nil
        }
    }

    /// A parenthesised list of atoms or flags.
    private mutating func atomList() throws(IMAPParseError) -> [String] {
        try expect(UInt8(ascii: "("))
        var items: [String] = []
        while true {
            skipSpaces()
            guard let next = peek else { throw failure("unterminated list") }
            if next == UInt8(ascii: ")") {
                index += 1
                return items
            }
            items.append(try atom())
        }
    }

    /// Skips any value: number, atom, string, literal, NIL or nested list.
    private mutating func skipValue() throws(IMAPParseError) {
        guard let first = peek else { throw failure("expected a value") }
        switch first {
        case UInt8(ascii: "("):
            index += 1
            while true {
                skipSpaces()
                guard let next = peek else { throw failure("unterminated list") }
                if next == UInt8(ascii: ")") {
                    index += 1
                    return
                }
                try skipValue()
            }
        case UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "~"):
            _ = try nstring()
        default:
            _ = try fetchItemName()
        }
    }

    private func capabilities(_ text: String) -> Set<String> {
        Set(text.split(separator: " ").map { $0.uppercased() })
    }
}

extension String {
    func trimmingSpaces() -> String {
        var slice = self[...]
        while slice.first == " " { slice = slice.dropFirst() }
        while slice.last == " " { slice = slice.dropLast() }
        return String(slice)
    }
}
