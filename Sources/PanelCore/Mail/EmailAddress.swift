/// A mailbox (RFC 5322 section 3.4): an optional display name and an addr-spec.
///
/// `address` is "local@domain" with the domain lower-cased (domains are case-insensitive,
/// RFC 5321 2.4; local parts are kept as written). A local part that is not a
/// dot-atom keeps its quotes.
public struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    public var name: String?
    public var address: String
    public var domain: String

    /// Builds from parts; the domain is lower-cased and a trailing dot removed.
    public init(name: String? = nil, localPart: String, domain: String) {
        let cleanDomain = Self.normalizeDomain(domain)
        let cleanLocal = Self.normalizeLocalPart(localPart)
        let trimmedName = name?.trimmingASCIIWhitespace
        self.name = (trimmedName?.isEmpty ?? true) ? nil : trimmedName
        self.domain = cleanDomain
        self.address = "\(cleanLocal)@\(cleanDomain)"
    }

    /// Parses a bare addr-spec ("jo.bloggs@council.test"), or nil if it is not one.
    public init?(_ addrSpec: String, name: String? = nil) {
        let parsed = AddressParser.parseList(addrSpec)
        guard parsed.count == 1, let first = parsed.first else { return nil }
        self.init(name: name ?? first.name, localPart: first.localPart, domain: first.domain)
    }

    /// The part before the last "@".
    public var localPart: String {
        guard let at = address.lastIndex(of: "@") else { return address }
        return String(address[..<at])
    }

    /// "Name <local@domain>" for people and logs; use `OutgoingMessage` to write headers.
    public var description: String {
        guard let name else { return address }
        return "\(name) <\(address)>"
    }

    static func normalizeDomain(_ domain: String) -> String {
        var d = domain.trimmingASCIIWhitespace
        while d.hasSuffix(".") { d.removeLast() }
        if d.hasPrefix("[") { return d }
        return d.lowercased()
    }

    /// Unquotes a quoted local part that is a valid dot-atom; quotes one that is not.
    static func normalizeLocalPart(_ local: String) -> String {
        var content = local
        if content.count >= 2, content.hasPrefix("\""), content.hasSuffix("\"") {
            content = String(content.dropFirst().dropLast())
            content = unescape(content)
        }
        if isDotAtom(content) { return content }
        var quoted = "\""
        for ch in content {
            if ch == "\"" || ch == "\\" { quoted.append("\\") }
            quoted.append(ch)
        }
        quoted.append("\"")
        return quoted
    }

    private static func unescape(_ s: String) -> String {
        var out = ""
        var escaping = false
        for ch in s {
            if escaping {
                out.append(ch)
                escaping = false
            } else if ch == "\\" {
                escaping = true
            } else {
                out.append(ch)
            }
        }
        return out
    }

    /// RFC 5322 3.2.3 dot-atom, with UTF-8 allowed (RFC 6532).
    static func isDotAtom(_ s: String) -> Bool {
        guard !s.isEmpty, !s.hasPrefix("."), !s.hasSuffix("."), !s.contains("..") else { return false }
        return s.utf8.allSatisfy { isAtext($0) || $0 == UInt8(ascii: ".") }
    }

    /// RFC 5322 3.2.3 atext, plus UTF-8 octets.
    static func isAtext(_ c: UInt8) -> Bool {
        switch c {
        case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x80...0xFF: return true
        default: return Array("!#$%&'*+-/=?^_`{|}~".utf8).contains(c)
        }
    }
}
