/// Subject lines for panelmail's replies in a worker's thread.
public enum ReplySubject {
    /// `Re: <their subject> [ARP-2026-00042]`: one `Re:` however many the thread already has,
    /// and the reference tag only once.
    public static func reply(to subject: String, reference: RequestReference?) -> String {
        var base = subject.trimmingCharacters(in: .whitespacesAndNewlines)
        base = stripReplyPrefixes(base)
        if let reference {
            let tag = "[\(reference)]"
            base = base.replacingOccurrences(of: tag, with: "", options: .caseInsensitive)
                .trimmingCharacters(in: .whitespaces)
            let collapsed = base.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            return collapsed.isEmpty ? "Re: \(tag)" : "Re: \(collapsed) \(tag)"
        }
        return base.isEmpty ? "Re: your email" : "Re: \(base)"
    }

    /// Removes leading `Re:`, `RE:`, `Fwd:`-free reply markers (`Re:`, `Re[2]:`, `AW:`, `SV:`, `Antw:`).
    public static func stripReplyPrefixes(_ subject: String) -> String {
        var s = Substring(subject)
        let markers = ["re", "aw", "sv", "antw", "vs"]
        while true {
            let trimmed = s.drop(while: { $0 == " " || $0 == "\t" })
            guard let colon = trimmed.firstIndex(of: ":") else { return String(trimmed) }
            var word = trimmed[..<colon].lowercased()
            if let bracket = word.firstIndex(of: "["), word.hasSuffix("]") { word = String(word[..<bracket]) }
            guard markers.contains(word) else { return String(trimmed) }
            s = trimmed[trimmed.index(after: colon)...]
        }
    }
}

import Foundation
