/// One `Authentication-Results` field (RFC 8601 section 2.2), parsed tolerantly:
///
///     Authentication-Results: mx.council.gov.uk; dkim=pass (2048-bit key)
///         header.d=council.gov.uk header.s=sel1; dmarc=pass (p=reject) header.from=council.gov.uk
///
/// Comments and quoted strings are handled (a `;` inside either does not split),
/// the optional version after the authserv-id is skipped, and so is `none`.
/// Exchange Online writes its results with no authserv-id at all
/// (`Authentication-Results: spf=pass (sender IP is …) smtp.mailfrom=…`): then
/// `authservID` is nil. Malformed results are skipped, never fatal.
struct AuthenticationResults: Hashable {
    struct Result: Hashable {
        /// Lower-cased, without a method version: "dkim", "spf", "dmarc".
        var method: String
        /// Lower-cased: "pass", "fail", "softfail", "none", ...
        var result: String
        /// Lower-cased `ptype.property` ("header.d", "smtp.mailfrom") to the value as
        /// written; the first of a repeated property wins.
        var properties: [String: String]

        /// The domain a property names: `example.org`, `@example.org` and
        /// `jo@example.org` all give `example.org`.
        func domain(_ property: String) -> String? {
            guard var value = properties[property]?.trimmingASCIIWhitespace, !value.isEmpty else { return nil }
            value = value.trimmingCharacters(in: ["<", ">"])
            if let at = value.lastIndex(of: "@") { value = String(value[value.index(after: at)...]) }
            var domain = value.lowercased()
            while domain.last == "." { domain.removeLast() }
            return domain.isEmpty || domain == "none" ? nil : domain // Exchange writes header.d=none
        }
    }

    /// The server that wrote the results, lower-cased; nil when the field has none.
    var authservID: String?
    var results: [Result]

    init(_ value: String) {
        let semicolon = UInt8(ascii: ";")
        let equals = UInt8(ascii: "=")
        let tokens = FieldTokenizer.tokens(value, specials: [semicolon, equals])
        func isEquals(_ i: Int) -> Bool { i < tokens.count && tokens[i] == .special(equals) }

        var i = 0
        var authservID: String?
        if let first = tokens.first?.text, !isEquals(1) {
            authservID = first.lowercased()
            i = 1
            if i < tokens.count, case .word(let version) = tokens[i], version.allSatisfy(\.isNumber), !isEquals(i + 1) {
                i += 1
            }
        }
        var results: [Result] = []
        var group: [FieldTokenizer.Token] = []
        for token in tokens[i...] + [.special(semicolon)] {
            if token == .special(semicolon) {
                if let result = Self.result(group) { results.append(result) }
                group.removeAll(keepingCapacity: true)
            } else {
                group.append(token)
            }
        }
        self.authservID = authservID
        self.results = results
    }

    /// `method=result key=value key=value`, or nil when the group does not start so.
    private static func result(_ group: [FieldTokenizer.Token]) -> Result? {
        let equals = FieldTokenizer.Token.special(UInt8(ascii: "="))
        guard group.count >= 3, case .word(let method) = group[0], group[1] == equals, let result = group[2].text else { return nil }
        var properties: [String: String] = [:]
        var j = 3
        while j + 2 < group.count {
            if case .word(let key) = group[j], group[j + 1] == equals, let value = group[j + 2].text {
                let name = key.lowercased()
                if properties[name] == nil { properties[name] = value }
                j += 3
            } else {
                j += 1
            }
        }
        let name = method.split(separator: "/").first.map(String.init) ?? method
        return Result(method: name.lowercased(), result: result.lowercased(), properties: properties)
    }
}
