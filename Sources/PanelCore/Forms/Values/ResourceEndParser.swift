/// Reads an end date or a duration: a date (see `UKDateParser`), a length
/// (`6 weeks`, `for 3 months`, `12 nights`, `six weeks`, `a year`, `6 wks`) or
/// an open end (`ongoing`, `open-ended`, `until further notice`, `indefinite`).
/// Lengths run from 1 to 100 years' worth; a bracketed aside is ignored.
public enum ResourceEndParser {
    public static func parse(_ text: String) -> Result<ResourceEnd, UnreadableValue> {
        let cleaned = FormText.removingAsides(FormText.collapse(text))
        let key = FormText.labelKey(cleaned)
        if openEnded.contains(key) { return .success(.ongoing) }
        var words = key.split(separator: " ").map(String.init)
        if words.first == "for" { words.removeFirst() }
        if words.count == 1, let first = words.first, let letter = first.firstIndex(where: { !$0.isNumber }),
           letter != first.startIndex {
            words = [String(first[..<letter]), String(first[letter...])] // "6wks"
        }
        if words.count == 2, let unit = unit(words[1]) {
            guard let count = number(words[0]) else { return .failure(notUnderstood) }
            guard count >= 1 else { return .failure(UnreadableValue("is not a length of time: give at least 1 \(unit.rawValue.dropLast())")) }
            let days: Int
            switch unit {
            case .days, .nights: days = count
            case .weeks: days = count * 7
            case .months: days = count * 30
            case .years: days = count * 365
            }
            guard days <= 36_525 else { return .failure(UnreadableValue("is too long: give an end date or a shorter length")) }
            return .success(.duration(count: count, unit: unit))
        }
        switch UKDateParser.parse(cleaned) {
        case .success(let day): return .success(.date(day))
        case .failure(let error):
            // A date with a specific fault says so; anything else gets the general advice.
            return .failure(error.reason == "is not a date" ? notUnderstood : error)
        }
    }

    static let notUnderstood = UnreadableValue(
        "is not a date or a length of time: give an end date (03/12/2026), a length (6 weeks) or \"ongoing\"")

    private static let openEnded: Set<String> = [
        "ongoing", "on going", "open ended", "openended", "open", "until further notice", "indefinite", "indefinitely",
        "no end date", "permanent", "long term", "not time limited", "no end",
    ]

    private static func unit(_ word: String) -> ResourceEnd.DurationUnit? {
        switch word {
        case "day", "days": return .days
        case "night", "nights": return .nights
        case "week", "weeks", "wk", "wks": return .weeks
        case "month", "months", "mth", "mths", "mo", "mos": return .months
        case "year", "years", "yr", "yrs": return .years
        default: return nil
        }
    }

    private static func number(_ word: String) -> Int? {
        if word.count <= 6, word.allSatisfy({ $0.isASCII && $0.isNumber }) { return Int(word) }
        let words = ["a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                     "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
                     "fifty": 50, "fifty two": 52]
        return words[word]
    }
}
