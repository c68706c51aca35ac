/// Building command arguments (RFC 9051 section 9 grammar).
enum IMAPSyntax {
    /// A quoted string: `"Needs attention"`, with `\` and `"` escaped. Returns nil for text a
    /// quoted string cannot carry (CR, LF, NUL, or non-ASCII, which needs a literal).
    static func quoted(_ text: String) -> String? {
        var result = "\""
        for scalar in text.unicodeScalars {
            guard scalar.value >= 0x20, scalar.value < 0x7F else { return nil }
            if scalar == "\"" || scalar == "\\" { result.append("\\") }
            result.unicodeScalars.append(scalar)
        }
        result.append("\"")
        return result
    }

    /// The mailbox argument for a folder name given in readable form: modified UTF-7, quoted.
    static func mailbox(_ name: String) -> String? {
        guard !name.isEmpty, !name.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else { return nil }
        let encoded = name.uppercased() == "INBOX" ? "INBOX" : ModifiedUTF7.encode(name)
        return quoted(encoded)
    }

    /// The encoded form used to compare with the selected folder and LIST results.
    static func encodedMailboxName(_ name: String) -> String {
        name.uppercased() == "INBOX" ? "INBOX" : ModifiedUTF7.encode(name)
    }

    private static let systemFlags: [String: String] = [
        "\\seen": "\\Seen", "\\answered": "\\Answered", "\\flagged": "\\Flagged",
        "\\deleted": "\\Deleted", "\\draft": "\\Draft", "\\recent": "\\Recent",
    ]

    /// A flag as panelmail reports it: system flags in their RFC spelling (`\Seen`), keywords as sent.
    static func canonicalFlag(_ flag: String) -> String {
        guard flag.first == "\\" else { return flag }
        return systemFlags[flag.lowercased()] ?? flag
    }

    /// The flags a listing reports: canonical spelling, without the session-only `\Recent`
    /// (which RFC 9051 dropped and which says nothing about the message).
    static func storedFlags(_ flags: [String]) -> Set<String> {
        var result = Set<String>(minimumCapacity: flags.count)
        for flag in flags {
            let canonical = canonicalFlag(flag)
            if canonical != "\\Recent" { result.insert(canonical) }
        }
        return result
    }

    /// True for a system flag or a keyword atom that may be stored (RFC 9051 2.3.2):
    /// not `\Recent`, no atom-specials.
    static func isStorableFlag(_ flag: String) -> Bool {
        if flag.first == "\\" {
            guard let known = systemFlags[flag.lowercased()], known != "\\Recent" else { return false }
            return true
        }
        guard !flag.isEmpty, flag.utf8.count <= 200 else { return false }
        let specials: Set<UInt8> = Set("(){ %*\"\\]".utf8)
        return flag.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && !specials.contains($0) }
    }

    /// `(\Seen $Panelmail)`, sorted so commands are reproducible.
    static func flagList(_ flags: Set<String>) -> String {
        "(" + flags.map(canonicalFlag).sorted().joined(separator: " ") + ")"
    }
}
