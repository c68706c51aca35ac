/// Reads a date as UK workers write it, always day first: `03/09/2026`, `3/9/26`,
/// `3.9.2026`, `03-09-2026`, `3 September 2026`, `3rd Sept 2026`,
/// `Thursday 3 September 2026`, `September 3rd, 2026`, and ISO `2026-09-03`.
/// `09/03/2026` is 9 March. Two-digit years are 20yy.
///
/// Refused with a reason: no year (`3 September`), impossible days (`31/02/2026`:
/// "February 2026 has 28 days"), months past 12, years outside 2000–2099 (a typo on
/// a panel request), and a weekday that does not match the date.
/// A bracketed aside after the date is ignored: `03/09/2026 (tbc by provider)`.
public enum UKDateParser {
    public static func parse(_ text: String) -> Result<CalendarDay, UnreadableValue> {
        let notADate = UnreadableValue("is not a date")
        let lowered = FormText.removingAsides(FormText.collapse(text)).lowercased()
        var tokens = lowered.split { $0 == " " || $0 == "," }.map(String.init)
        guard !tokens.isEmpty else { return .failure(notADate) }

        var weekday: Int?
        if let w = weekdayNumber(tokens[0]) {
            weekday = w
            tokens.removeFirst()
        }
        tokens.removeAll { $0 == "the" || $0 == "of" }

        var year: Int?
        var month: Int?
        var day: Int?
        switch tokens.count {
        case 1:
            guard let parts = numericParts(tokens[0]) else { return .failure(notADate) }
            if parts[0].count == 4 {
                (year, month, day) = (Int(parts[0]), Int(parts[1]), Int(parts[2]))
                guard parts[1].count <= 2, parts[2].count <= 2 else { return .failure(notADate) }
            } else {
                guard parts[0].count <= 2, parts[1].count <= 2, parts[2].count == 2 || parts[2].count == 4 else {
                    return .failure(notADate)
                }
                (day, month, year) = (Int(parts[0]), Int(parts[1]), Int(parts[2]))
            }
        case 2, 3:
            // "3 September 2026", "September 3rd 2026", "3 September" (no year).
            if let m = monthNumber(tokens[0]), let d = dayNumber(tokens[1]) {
                (month, day) = (m, d)
            } else if let d = dayNumber(tokens[0]), let m = monthNumber(tokens[1]) {
                (day, month) = (d, m)
            } else {
                return .failure(notADate)
            }
            if tokens.count == 2 { return .failure(UnreadableValue("has no year: write it as, e.g., 03/09/2026")) }
            let y = tokens[2].hasPrefix("'") ? String(tokens[2].dropFirst()) : tokens[2]
            guard (y.count == 2 || y.count == 4), y.allSatisfy({ $0.isASCII && $0.isNumber }) else { return .failure(notADate) }
            year = Int(y)
        default:
            return .failure(notADate)
        }
        guard var y = year, let m = month, let d = day else { return .failure(notADate) }
        if y < 100 { y += 2000 }
        guard (1...12).contains(m) else { return .failure(UnreadableValue("is not a date: there is no month \(m)")) }
        guard (2000...2099).contains(y) else { return .failure(UnreadableValue("is not a date: the year \(y) looks wrong")) }
        guard let date = CalendarDay(year: y, month: m, day: d) else {
            if d < 1 { return .failure(notADate) }
            let days = CalendarDay.daysIn(month: m, year: y)
            let which = m == 2 ? "\(monthNames[m - 1]) \(y)" : monthNames[m - 1]
            return .failure(UnreadableValue("is not a date: \(which) has \(days) days"))
        }
        if let weekday, weekday != date.weekday {
            return .failure(UnreadableValue(
                "is not a date: \(describe(date)) is a \(weekdayNames[date.weekday - 1]), not a \(weekdayNames[weekday - 1])"))
        }
        return .success(date)
    }

    /// "Thursday 3 September 2026".
    public static func describe(_ day: CalendarDay) -> String {
        "\(weekdayNames[day.weekday - 1]) \(day.day) \(monthNames[day.month - 1]) \(day.year)"
    }

    /// "03/09/2026", the form workers write.
    public static func numeric(_ day: CalendarDay) -> String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(two(day.day))/\(two(day.month))/\(day.year)"
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                             "September", "October", "November", "December"]
    static let weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    /// Three numeric parts split by one kind of separator: "/", ".", "-".
    private static func numericParts(_ token: String) -> [Substring]? {
        guard let sep = token.first(where: { $0 == "/" || $0 == "." || $0 == "-" }) else { return nil }
        let parts = token.split(separator: sep, omittingEmptySubsequences: false)
        guard parts.count == 3,
              parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        return parts
    }

    /// "3", "03", "3rd", "21st".
    private static func dayNumber(_ token: String) -> Int? {
        var t = Substring(token)
        for suffix in ["st", "nd", "rd", "th"] where t.hasSuffix(suffix) {
            t = t.dropLast(2)
            break
        }
        guard (1...2).contains(t.count), t.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(t)
    }

    private static func monthNumber(_ token: String) -> Int? {
        let t = token.hasSuffix(".") ? String(token.dropLast()) : token
        guard t.count >= 3 else { return nil }
        if t == "sept" { return 9 }
        for (i, name) in monthNames.enumerated() {
            let lower = name.lowercased()
            if t == lower || (t.count == 3 && lower.hasPrefix(t)) { return i + 1 }
        }
        return nil
    }

    private static func weekdayNumber(_ token: String) -> Int? {
        var t = token
        while t.hasSuffix(".") || t.hasSuffix(",") { t.removeLast() }
        let short = ["mon": 1, "tue": 2, "tues": 2, "wed": 3, "weds": 3, "thu": 4, "thur": 4, "thurs": 4,
                     "fri": 5, "sat": 6, "sun": 7]
        if let n = short[t] { return n }
        if let i = weekdayNames.firstIndex(where: { $0.lowercased() == t }) { return i + 1 }
        return nil
    }
}
