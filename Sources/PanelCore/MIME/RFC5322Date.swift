import Foundation

/// RFC 5322 section 3.3 date-time: tolerant parsing and strict formatting, with no
/// Calendar or clock (pure arithmetic on the proleptic Gregorian calendar).
///
/// Parsing accepts the obsolete forms of 4.3 (two- and three-digit years, named and
/// military zones, comments), missing day names, commas or seconds, full month names,
/// "+01:00" zones, asctime ("Mon Sep  7 10:12:00 2026") and ISO 8601 dates.
public enum RFC5322Date {
    public static func parse(_ value: String) -> Date? {
        let trimmed = value.trimmingASCIIWhitespace
        if !trimmed.contains(" "), trimmed.contains("T"), let iso = parseISO(trimmed) { return iso }
        var tokens = tokenize(value)
        guard !tokens.isEmpty else { return nil }
        // Drop a leading day name ("Mon", "Monday").
        if let first = tokens.first, first.first?.isLetter == true, month(first) == nil {
            tokens.removeFirst()
        }
        var monthNumber: Int?
        var numbers: [(value: Int, digits: Int)] = []
        var time: (Int, Int, Int)?
        var offset: Int?
        for token in tokens {
            if time == nil, token.contains(":"), let t = parseTime(token) {
                time = t
                continue
            }
            if monthNumber == nil, let m = month(token) {
                monthNumber = m
                continue
            }
            if token.first == "+" || token.first == "-", token.count >= 3, let z = numericZone(token) {
                if offset == nil { offset = z }
                continue
            }
            if token.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), token.utf8.count <= 4, let number = Int(token) {
                numbers.append((number, token.utf8.count))
                continue
            }
            if offset == nil, time != nil, let z = namedZone(token) {
                offset = z
            }
        }
        var day: Int?
        var year: Int?
        var yearDigits = 4
        if monthNumber != nil {
            // "7 Sep 2026", "Sep 7 2026": the day has at most two digits and comes first.
            if let dayIndex = numbers.firstIndex(where: { $0.digits <= 2 }) {
                day = numbers[dayIndex].value
                numbers.remove(at: dayIndex)
            }
            if let first = numbers.first {
                year = first.value
                yearDigits = first.digits
            }
        } else if numbers.count >= 3 {
            // Numeric dates: "2026-09-07" or the British "07/09/2026".
            if numbers[0].digits == 4 {
                (year, monthNumber, day) = (numbers[0].value, numbers[1].value, numbers[2].value)
            } else {
                (day, monthNumber, year) = (numbers[0].value, numbers[1].value, numbers[2].value)
                yearDigits = numbers[2].digits
            }
        }
        guard var y = year, let m = monthNumber, let d = day, let (h, mi, s) = time else { return nil }
        if yearDigits <= 2 { y += y < 50 ? 2000 : 1900 } else if yearDigits == 3 { y += 1900 }
        guard (1...12).contains(m), (1...31).contains(d), (0...23).contains(h), (0...59).contains(mi), (0...60).contains(s),
              (1000...9999).contains(y), d <= daysInMonth(m, y)
        else { return nil }
        let seconds = CivilDate.days(year: y, month: m, day: d) * 86_400 + h * 3600 + mi * 60 + min(s, 59) - (offset ?? 0)
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// "Mon, 07 Sep 2026 10:12:00 +0100": `utcOffsetSeconds` is the zone to show (rounded to minutes).
    public static func format(_ date: Date, utcOffsetSeconds: Int = 0) -> String {
        let offset = max(-86_340, min(86_340, utcOffsetSeconds / 60 * 60))
        let raw = date.timeIntervalSince1970
        let clamped = raw.isFinite ? min(max(raw, -6e10), 2.5e11) : 0
        let total = Int(clamped.rounded(.down)) + offset
        let days = floorDiv(total, 86_400)
        let secondsOfDay = total - days * 86_400
        let (y, m, d) = CivilDate.date(days: days)
        let weekday = ((days % 7) + 11) % 7 // 1970-01-01 was a Thursday (index 4)
        let names = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let sign = offset < 0 ? "-" : "+"
        let zone = abs(offset) / 60
        return "\(names[weekday]), \(pad(d)) \(months[m - 1]) \(y) \(pad(secondsOfDay / 3600)):\(pad(secondsOfDay / 60 % 60)):\(pad(secondsOfDay % 60)) \(sign)\(pad(zone / 60))\(pad(zone % 60))"
    }

    private static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    private static func floorDiv(_ a: Int, _ b: Int) -> Int {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    /// Splits on whitespace and commas, dropping comments; keeps "+hh:mm" together.
    private static func tokenize(_ value: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var depth = 0
        for ch in value {
            if ch == "(" { depth += 1; continue }
            if ch == ")" { depth = max(0, depth - 1); continue }
            if depth > 0 { continue }
            if ch == " " || ch == "\t" || ch == "," || ch == "\r" || ch == "\n" {
                if !current.isEmpty { tokens.append(current); current = "" }
                continue
            }
            // "07-Sep-2026" or "2026/09/07" style day-month-year separators.
            if ch == "-" || ch == "/" || ch == ".", !current.isEmpty, !current.contains(":"), current.first != "+", current.first != "-" {
                if current.allSatisfy(\.isNumber) || month(current) != nil {
                    tokens.append(current)
                    current = ""
                    continue
                }
            }
            current.append(ch)
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    private static func parseTime(_ token: String) -> (Int, Int, Int)? {
        let parts = token.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return nil }
        var numbers: [Int] = []
        for (index, part) in parts.enumerated() {
            var digits = part
            if index == parts.count - 1, let dot = digits.firstIndex(of: ".") { digits = digits[..<dot] } // fractional seconds
            guard !digits.isEmpty, digits.count <= 2, let n = Int(digits) else { return nil }
            numbers.append(n)
        }
        return (numbers[0], numbers[1], numbers.count == 3 ? numbers[2] : 0)
    }

    private static func month(_ token: String) -> Int? {
        let lower = token.lowercased()
        guard lower.count >= 3 else { return nil }
        let names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        let prefix = String(lower.prefix(3))
        guard let index = names.firstIndex(of: prefix) else { return nil }
        let full = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
        guard lower.count == 3 || full[index].hasPrefix(lower) || lower == "sept" else { return nil }
        return index + 1
    }

    private static func numericZone(_ token: String) -> Int? {
        let sign = token.first == "-" ? -1 : 1
        let digits = token.dropFirst().filter { $0 != ":" }
        guard digits.count == 4 || digits.count == 2, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(digits) else { return nil }
        let hours = digits.count == 4 ? value / 100 : value
        let minutes = digits.count == 4 ? value % 100 : 0
        guard hours <= 23, minutes <= 59 else { return nil }
        return sign * (hours * 3600 + minutes * 60)
    }

    /// RFC 5322 4.3 obs-zone; military letters are treated as +0000 as it advises.
    private static func namedZone(_ token: String) -> Int? {
        switch token.uppercased() {
        case "UT", "UTC", "GMT", "Z", "WET": return 0
        case "BST", "WEST", "CET": return 3600
        case "CEST", "EET": return 7200
        case "EDT": return -4 * 3600
        case "EST", "CDT": return -5 * 3600
        case "CST", "MDT": return -6 * 3600
        case "MST", "PDT": return -7 * 3600
        case "PST": return -8 * 3600
        default:
            return token.count == 1 && token.first?.isLetter == true ? 0 : nil
        }
    }

    /// ISO 8601 "2026-09-07T10:12:00Z" / "+01:00".
    private static func parseISO(_ token: String) -> Date? {
        let t = token.uppercased()
        guard let tIndex = t.firstIndex(of: "T") else { return nil }
        let datePart = t[..<tIndex].split(separator: "-")
        guard datePart.count == 3, let y = Int(datePart[0]), let m = Int(datePart[1]), let d = Int(datePart[2]) else { return nil }
        var rest = String(t[t.index(after: tIndex)...])
        var offset = 0
        if rest.hasSuffix("Z") {
            rest.removeLast()
        } else if let signIndex = rest.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            guard let z = numericZone(String(rest[signIndex...])) else { return nil }
            offset = z
            rest = String(rest[..<signIndex])
        }
        guard let (h, mi, s) = parseTime(rest), (1...12).contains(m), (1...31).contains(d), d <= daysInMonth(m, y),
              (0...23).contains(h), (0...59).contains(mi), (0...60).contains(s), (1000...9999).contains(y)
        else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(CivilDate.days(year: y, month: m, day: d) * 86_400 + h * 3600 + mi * 60 + min(s, 59) - offset))
    }

    private static func daysInMonth(_ m: Int, _ y: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
