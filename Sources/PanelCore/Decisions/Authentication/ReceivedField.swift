import Foundation

/// The hosts a `Received` field names (RFC 5321 section 4.4): the one it came
/// `from` and the one that received it (`by`). Comments are skipped, so the
/// `(mail.example.org [203.0.113.5])` details do not count.
struct ReceivedField: Hashable {
    /// Lower-cased, trailing dot removed; nil when there is no from clause.
    var from: String?
    /// Lower-cased, trailing dot removed; nil when there is no by clause.
    var by: String?

    init(_ value: String) {
        let tokens = FieldTokenizer.tokens(value, specials: [UInt8(ascii: ";")])
        var from: String?
        var by: String?
        var i = 0
        while i < tokens.count {
            guard case .word(let word) = tokens[i] else { break } // ";" starts the date
            let key = word.lowercased()
            if i + 1 < tokens.count, case .word(let host) = tokens[i + 1] {
                if key == "from", from == nil, by == nil { from = Self.clean(host) }
                if key == "by", by == nil { by = Self.clean(host) }
            }
            i += 1
        }
        self.from = from
        self.by = by
    }

    private static func clean(_ host: String) -> String {
        var h = host.lowercased()
        while h.last == "." { h.removeLast() }
        return h
    }

    /// The machine itself: `localhost`, `127.0.0.1`, `[::1]`: a content filter handing
    /// mail back to the server it runs on.
    static func isLoopback(_ host: String) -> Bool {
        let h = host.trimmingCharacters(in: ["[", "]"]).lowercased()
        return h == "localhost" || h == "localhost.localdomain" || h.hasPrefix("127.") || h == "::1" || h == "ipv6:::1"
    }
}
