/// Whether a request asks for a same-day decision: its subject holds the word "urgent".
public enum Urgency {
    /// True when the subject contains "urgent" as a whole word, in any case and any place
    /// ("URGENT:", "Urgent -", "[urgent]", "RE: urgent").
    ///
    /// A word is a run of letters and digits, so "urgently", "urgency" and "insurgent" do
    /// not count. An "urgent" straight after "non" or "not", joined by spaces or hyphens
    /// ("non-urgent", "non urgent", "not urgent", "not-urgent"), is negated and does not
    /// count either; any other "urgent" in the subject still does. Decode RFC 2047 encoded
    /// words before calling.
    public static func isUrgent(subject: String) -> Bool {
        var previousWord: Substring? = nil
        var onlyJoinersSincePrevious = false
        var index = subject.startIndex
        while index < subject.endIndex {
            let character = subject[index]
            guard isWordCharacter(character) else {
                if !isJoiner(character) { onlyJoinersSincePrevious = false }
                index = subject.index(after: index)
                continue
            }
            let end = subject[index...].firstIndex { !isWordCharacter($0) } ?? subject.endIndex
            let word = subject[index..<end]
            if word.lowercased() == "urgent" {
                let negated = onlyJoinersSincePrevious && previousWord.map { ["non", "not"].contains($0.lowercased()) } == true
                if !negated { return true }
            }
            previousWord = word
            onlyJoinersSincePrevious = true
            index = end
        }
        return false
    }

    private static func isWordCharacter(_ character: Character) -> Bool { character.isLetter || character.isNumber }

    /// What may sit between "non"/"not" and "urgent": spaces and hyphens, including the
    /// Unicode hyphens and the en dash that word processors substitute.
    private static func isJoiner(_ character: Character) -> Bool {
        character.isWhitespace || ["-", "\u{2010}", "\u{2011}", "\u{2013}"].contains(character)
    }
}
