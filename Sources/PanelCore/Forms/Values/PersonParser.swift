/// Reads a person: `Jane Smith, jane.smith@council.test`,
/// `Jane Smith <jane.smith@council.test>`, `Jane Smith (jane.smith@council.test)`,
/// `jane.smith@council.test`, or a name alone (the email is then missing, which the
/// form reports). "mailto:" prefixes are dropped; several lines are read as one.
///
/// Refused: an "@" word that is not an address, two different addresses.
public enum PersonParser {
    public static func parse(_ text: String) -> Result<FormPerson, UnreadableValue> {
        let flat = FormText.collapse(text)
        var emails: [String] = []
        var nameWords: [String] = []
        for word in flat.split(separator: " ") {
            if word.contains("@") {
                var candidate = Substring(word)
                // "Smith<jane@council.test>": the part before the bracket is the name.
                if let open = candidate.firstIndex(where: { $0 == "<" || $0 == "(" || $0 == "[" }),
                   open != candidate.startIndex, open < candidate.firstIndex(of: "@")! {
                    nameWords.append(String(candidate[..<open]))
                    candidate = candidate[open...]
                }
                while let c = candidate.first, "<([{\"',;:".contains(c) { candidate = candidate.dropFirst() }
                while let c = candidate.last, ">)]}\"',;:.".contains(c) { candidate = candidate.dropLast() }
                if candidate.lowercased().hasPrefix("mailto:") { candidate = candidate.dropFirst(7) }
                guard isEmailAddress(candidate) else {
                    return .failure(UnreadableValue("has \"\(candidate)\", which is not an email address"))
                }
                if !emails.contains(where: { $0.lowercased() == candidate.lowercased() }) { emails.append(String(candidate)) }
            } else {
                nameWords.append(String(word))
            }
        }
        guard emails.count <= 1 else {
            return .failure(UnreadableValue("has more than one email address: give one person"))
        }
        var name = Substring(nameWords.joined(separator: " "))
        let edge: Set<Character> = [",", ";", ":", "-", "–", "—", "<", ">", "(", ")", "[", "]", "|", "/", " ", "\""]
        // "Jane Smith <>" or "Jane Smith ()" leave brackets once the address is gone.
        while let c = name.last, edge.contains(c) { name = name.dropLast() }
        while let c = name.first, edge.contains(c) { name = name.dropFirst() }
        let person = FormPerson(name: String(name), email: emails.first)
        guard person.name != nil || person.email != nil else { return .failure(UnreadableValue("is not a name")) }
        return .success(person)
    }

    /// A plain addr-spec: dot-atom local part, a domain of at least two labels.
    static func isEmailAddress(_ s: some StringProtocol) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last,
              !local.isEmpty, local.count <= 64, !domain.isEmpty, domain.count <= 253 else { return false }
        let localAllowed: (Character) -> Bool = { c in
            c.isASCII && (c.isLetter || c.isNumber || "!#$%&'*+/=?^_`{|}~.-".contains(c))
        }
        guard local.allSatisfy(localAllowed), !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else {
            return false
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }
}
