/// Reads `LATE`'s argument: minutes as the clerk writes them, `30`, `30 mins`,
/// `45m`, `1 hour`, `1h`, `1 hour 15`, `1h15`, `1 hour 15 minutes`; 0 (back on time)
/// to `PanelReplyProblem.maximumLateMinutes`. What follows is the reason.
enum LateMinutesParser {
    struct Reading: Hashable {
        var minutes: Int
        var rest: String
    }

    static func parse(_ text: Substring) -> Result<Reading, PanelReplyProblem> {
        let unreadable = PanelReplyProblem(.unreadableMinutes(written: firstWords(text)))
        guard let (count, unit, after) = quantity(text.drop(while: FormText.isSpace)) else { return .failure(unreadable) }
        var minutes = unit == .hours ? count * 60 : count
        var rest = after
        if unit == .hours {
            // "1 hour 15", "1h15", "1 hour and 15 minutes".
            let next = rest.drop { FormText.isSpace($0) || $0 == "&" || $0 == "," }.dropping(prefix: "and ")
            if let (more, moreUnit, afterMore) = quantity(next.drop(while: FormText.isSpace)), moreUnit != .hours, more < 60 {
                minutes += more
                rest = afterMore
            }
        }
        guard (0...PanelReplyProblem.maximumLateMinutes).contains(minutes) else { return .failure(unreadable) }
        return .success(Reading(minutes: minutes, rest: PanelCommandParser.reason(rest)))
    }

    enum Unit { case minutes, hours }

    /// Digits, then an optional unit attached or as the next word; the text after it.
    private static func quantity(_ text: Substring) -> (Int, Unit?, Substring)? {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 4, let value = Int(digits) else { return nil }
        var after = text[digits.endIndex...]
        let attached = after.prefix { $0.isASCII && $0.isLetter }
        if !attached.isEmpty {
            guard let unit = unit(attached) else { return nil } // "30x"
            return (value, unit, after[attached.endIndex...])
        }
        let spaced = after.drop(while: FormText.isSpace)
        let word = spaced.prefix { $0.isASCII && $0.isLetter }
        if let unit = unit(word) {
            after = spaced[word.endIndex...]
            return (value, unit, after)
        }
        return (value, nil, after)
    }

    private static func unit(_ word: Substring) -> Unit? {
        switch word.lowercased() {
        case "m", "min", "mins", "minute", "minutes": return .minutes
        case "h", "hr", "hrs", "hour", "hours": return .hours
        default: return nil
        }
    }

    private static func firstWords(_ text: Substring) -> String {
        let words = text.split(whereSeparator: FormText.isSpace).prefix(3)
        return words.joined(separator: " ")
    }
}

extension Substring {
    /// The text without `prefix` (ASCII, any case) at its start.
    fileprivate func dropping(prefix: String) -> Substring {
        guard count >= prefix.count, self.prefix(prefix.count).lowercased() == prefix else { return self }
        return dropFirst(prefix.count)
    }
}
