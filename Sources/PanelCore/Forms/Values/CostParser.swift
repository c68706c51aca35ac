/// Reads a cost as workers write it: `£1,250`, `1250.00`, `£85 per day`, `£450 pw`,
/// `GBP 300`, `£1,250.50 per month`, `£200 one-off`, `£2k`, `£3,450 (quote attached)`.
///
/// - Pounds, optionally with pence (one or two decimals), optional thousands commas
///   (groups of three), optional `k` for thousands (`£2k` = £2,000, `£2.5k` = £2,500:
///   common in finance talk and not ambiguous), or pence alone (`50p`).
/// - A frequency right after the amount, or alone in brackets (`£450 (weekly)`); an amount
///   with no frequency is the whole cost (`oneOff`), as for the £200 stair gate.
///   Hourly, per-session and per-mile prices are refused: the panel needs a cost it
///   can total, so the worker is asked for a daily, weekly, monthly, yearly or
///   one-off figure.
/// - After the amount and frequency, an aside in brackets or after a comma, semicolon
///   or dash is a comment and ignored (it may hold numbers); other trailing words are
///   ignored only if they hold no number (`plus VAT`), since `£450 for 6 weeks` or
///   `£200 + £50` is more than one amount.
/// - Refused with a reason: words before the amount (`about 200`), no amount (`£`),
///   negative or zero amounts, ranges (`£200-£300`, `£200 to £300`), amounts of
///   £100,000,000 or more.
public enum CostParser {
    public static func parse(_ text: String) -> Result<Cost, UnreadableValue> {
        read(text).map(\.cost)
    }

    struct Reading: Equatable {
        var cost: Cost
        /// False when the text named no frequency and `oneOff` was assumed.
        var frequencyGiven: Bool
    }

    static let notAnAmount = UnreadableValue("is not an amount in pounds")

    static func read(_ text: String) -> Result<Reading, UnreadableValue> {
        let chars = Array(FormText.collapse(text).lowercased().map { $0 == "\u{2212}" ? "-" : $0 })
        let n = chars.count
        var i = 0
        var negative = false
        var currency = false

        func skipSpaces() { while i < n, chars[i] == " " { i += 1 } }
        func hasWord(_ word: String, at index: Int) -> Bool {
            let w = Array(word)
            guard index + w.count <= n, chars[index..<(index + w.count)].elementsEqual(w) else { return false }
            let end = index + w.count
            return end == n || !chars[end].isLetter // "GBP300" is fine
        }

        // Currency and sign before the amount.
        prefix: while i < n {
            switch chars[i] {
            case " ": i += 1
            case "£", "\u{FFE1}": currency = true; i += 1
            case "-": negative = true; i += 1
            default:
                if hasWord("gbp", at: i) { currency = true; i += 3; continue }
                if hasWord("minus", at: i) { negative = true; i += 5; continue }
                break prefix
            }
        }

        // Pounds with optional thousands commas.
        var digits: [Character] = []
        var groups: [Int] = []
        var groupLength = 0
        while i < n {
            let c = chars[i]
            if c.isASCII, c.isNumber {
                digits.append(c)
                groupLength += 1
                i += 1
            } else if c == ",", !digits.isEmpty, i + 1 < n, chars[i + 1].isASCII, chars[i + 1].isNumber {
                groups.append(groupLength)
                groupLength = 0
                i += 1
            } else {
                break
            }
        }
        if digits.isEmpty {
            let rest = FormText.trim(String(chars[i...]))
            if currency, rest.isEmpty || frequencyPhrase(in: Array(rest), at: 0) != nil {
                return .failure(UnreadableValue("has no amount"))
            }
            return .failure(notAnAmount)
        }
        // "£4OO", "£45o": a letter O (or l, I) typed among the figures would otherwise
        // read as £4 and a comment.
        var glued = i
        while glued < n, chars[glued].isLetter || (chars[glued].isASCII && chars[glued].isNumber) { glued += 1 }
        if glued > i, chars[i..<glued].contains("o"),
           chars[i..<glued].allSatisfy({ $0 == "o" || $0 == "l" || $0 == "i" || ($0.isASCII && $0.isNumber) }) {
            return .failure(UnreadableValue("has a letter O among its figures: write the amount in figures only, e.g. \"£400 per week\""))
        }
        if !groups.isEmpty {
            groups.append(groupLength)
            guard (1...3).contains(groups[0]), groups.dropFirst().allSatisfy({ $0 == 3 }) else { return .failure(notAnAmount) }
        }
        // Pence.
        var fraction: [Character] = []
        if i + 1 < n, chars[i] == ".", chars[i + 1].isASCII, chars[i + 1].isNumber {
            i += 1
            while i < n, chars[i].isASCII, chars[i].isNumber {
                fraction.append(chars[i])
                i += 1
            }
            guard fraction.count <= 2 else { return .failure(notAnAmount) }
        }
        guard digits.count <= 12 else { return .failure(UnreadableValue("is too large to be a cost")) }
        var pence = Int(String(digits))! * 100
        if !fraction.isEmpty { pence += Int(String(fraction))! * (fraction.count == 1 ? 10 : 1) }
        if i < n, chars[i] == "k", i + 1 == n || !chars[i + 1].isLetter {
            pence *= 1000
            i += 1
        } else if !currency, fraction.isEmpty, i < n, chars[i] == "p", i + 1 == n || !chars[i + 1].isLetter {
            pence /= 100 // "50p"
            i += 1
        }
        skipSpaces()
        for word in ["pounds", "pound", "gbp", "sterling"] where hasWord(word, at: i) {
            i += word.count
            skipSpaces()
            break
        }
        if negative { return .failure(UnreadableValue("is negative: give the cost as a positive amount")) }
        if pence == 0 { return .failure(UnreadableValue("is zero: give the cost of the resource")) }
        if pence >= 100_000_000 * 100 { return .failure(UnreadableValue("is too large to be a cost")) }
        if isRange(chars, from: i) { return .failure(UnreadableValue("is a range: give one amount")) }

        var frequency: CostFrequency?
        if let (found, length) = frequencyPhrase(in: chars, at: i) {
            switch found {
            case .supported(let f): frequency = f
            case .unsupported(let unit): return .failure(unsupported(unit))
            }
            i += length
        }
        let trimmedRest = FormText.trim(String(chars[i...]))
        if let first = trimmedRest.first, !",;([-–—.:/".contains(first), trimmedRest.contains(where: { $0.isNumber }) {
            return .failure(UnreadableValue("has more than one amount: give one amount and how often, e.g. \"£450 per week\""))
        }
        if frequency == nil, trimmedRest.first == "(", let close = trimmedRest.firstIndex(of: ")") {
            // "£450 (weekly)": an aside that is only a frequency.
            let inside = Array(FormText.trim(trimmedRest[trimmedRest.index(after: trimmedRest.startIndex)..<close]))
            if let (found, length) = frequencyPhrase(in: inside, at: 0), length == inside.count {
                switch found {
                case .supported(let f): frequency = f
                case .unsupported(let unit): return .failure(unsupported(unit))
                }
            }
        }
        return .success(Reading(cost: Cost(pence: pence, frequency: frequency ?? .oneOff), frequencyGiven: frequency != nil))
    }

    /// A frequency named in a label: "Weekly cost", "Cost per week", "Daily cost".
    static func frequency(inLabel label: String) -> CostFrequency? {
        let words = " " + FormText.labelKey(label) + " "
        let table: [(CostFrequency, [String])] = [
            (.perWeek, ["weekly", "per week", "a week", "pw"]),
            (.perDay, ["daily", "per day", "a day"]),
            (.perNight, ["nightly", "per night", "a night"]),
            (.perMonth, ["monthly", "per month", "a month", "pcm"]),
            (.perYear, ["annual", "annually", "yearly", "per year", "per annum", "a year"]),
        ]
        for (frequency, phrases) in table where phrases.contains(where: { words.contains(" \($0) ") }) {
            return frequency
        }
        return nil
    }

    private static func unsupported(_ unit: String) -> UnreadableValue {
        UnreadableValue("is a price per \(unit): give the cost per day, night, week, month or year, or the one-off total")
    }

    /// "-", "–", "to" or "/" followed by another amount.
    private static func isRange(_ chars: [Character], from start: Int) -> Bool {
        var i = start
        let n = chars.count
        guard i < n else { return false }
        if "-–—/".contains(chars[i]) {
            i += 1
        } else if i + 2 < n, chars[i] == "t", chars[i + 1] == "o", chars[i + 2] == " " {
            i += 3
        } else {
            return false
        }
        while i < n, chars[i] == " " || chars[i] == "£" { i += 1 }
        return i < n && chars[i].isASCII && chars[i].isNumber
    }

    enum FoundFrequency: Equatable {
        case supported(CostFrequency)
        case unsupported(String)
    }

    /// Phrases, longest first within each frequency; matched at a word boundary.
    private static let phrases: [([Character], FoundFrequency)] = {
        let table: [(FoundFrequency, [String])] = [
            (.supported(.oneOff), ["one-off payment", "one off payment", "one-off cost", "one off cost", "one-off",
                                   "one off", "oneoff", "single payment", "in total", "total", "lump sum",
                                   "one-time", "one time", "once"]),
            (.supported(.perDay), ["per day", "a day", "each day", "/ day", "/day", "per diem", "daily", "p/d", "p.d.", "pd"]),
            (.supported(.perNight), ["per night", "a night", "each night", "/ night", "/night", "nightly", "p/n", "pn"]),
            (.supported(.perWeek), ["per week", "a week", "each week", "/ week", "/week", "/wk", "per wk", "a wk",
                                    "weekly", "p/w", "p.w.", "p.w", "pw"]),
            (.supported(.perMonth), ["per calendar month", "per month", "a month", "each month", "/ month", "/month",
                                     "/mth", "per mth", "monthly", "p.c.m.", "pcm", "p/m", "p.m.", "p.m", "pm"]),
            (.supported(.perYear), ["per year", "a year", "each year", "/ year", "/year", "/yr", "per yr", "a yr",
                                    "per annum", "annually", "yearly", "p/a", "p.a.", "p.a", "pa"]),
            (.unsupported("hour"), ["per hour", "an hour", "each hour", "/ hour", "/hour", "/hr", "per hr", "hourly", "p/h", "ph"]),
            (.unsupported("session"), ["per session", "a session", "each session", "/session"]),
            (.unsupported("mile"), ["per mile", "a mile", "/mile"]),
            (.unsupported("visit"), ["per visit", "a visit", "each visit", "/visit"]),
        ]
        return table.flatMap { found, words in words.map { (Array($0), found) } }.sorted { $0.0.count > $1.0.count }
    }()

    static func frequencyPhrase(in chars: [Character], at start: Int) -> (FoundFrequency, Int)? {
        var i = start
        while i < chars.count, chars[i] == " " { i += 1 }
        for (p, found) in phrases {
            let end = i + p.count
            guard end <= chars.count, chars[i..<end].elementsEqual(p) else { continue }
            if end < chars.count, chars[end].isLetter || chars[end].isNumber { continue }
            return (found, end - start)
        }
        return nil
    }
}
