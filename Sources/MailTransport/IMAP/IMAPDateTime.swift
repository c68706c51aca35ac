import Foundation
import PanelCore

/// IMAP's `date-time` (RFC 3501 section 9): `"17-Jul-1996 02:44:25 -0700"`.
///
/// Hand-written rather than a DateFormatter: it runs once per message in every listing,
/// and must not depend on the locale.
public enum IMAPDateTime {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    private static let lowercaseMonths: [(UInt8, UInt8, UInt8)] = months.map {
        let bytes = Array($0.lowercased().utf8)
        return (bytes[0], bytes[1], bytes[2])
    }

    /// Parses `dd-Mon-yyyy hh:mm:ss +hhmm`; the day may be one digit or space-padded.
    public static func parse(_ text: String) -> Date? {
        parse(Array(text.utf8)[...])
    }

    static func parse(_ bytes: ArraySlice<UInt8>) -> Date? {
        var index = bytes.startIndex
        let end = bytes.endIndex
        while index < end, bytes[index] == UInt8(ascii: " ") { index += 1 }

        func number(_ count: ClosedRange<Int>) -> Int? {
            var value = 0
            var digits = 0
            while index < end, digits < count.upperBound, let digit = digitValue(bytes[index]) {
                value = value * 10 + digit
                digits += 1
                index += 1
            }
            return count.contains(digits) ? value : nil
        }
        func expect(_ character: Character) -> Bool {
            guard index < end, bytes[index] == character.asciiValue else { return false }
            index += 1
            return true
        }

        guard let day = number(1...2), expect("-"), index + 3 <= end else { return nil }
        let key = (bytes[index] | 0x20, bytes[index + 1] | 0x20, bytes[index + 2] | 0x20)
        guard let monthIndex = lowercaseMonths.firstIndex(where: { $0 == key }) else { return nil }
        index += 3
        guard expect("-"), let year = number(4...4), expect(" "),
            let hour = number(2...2), expect(":"), let minute = number(2...2), expect(":"), let second = number(2...2),
            expect(" "), index < end
        else { return nil }
        let sign: Int
        switch bytes[index] {
        case UInt8(ascii: "+"): sign = 1
        case UInt8(ascii: "-"): sign = -1
        default: return nil
        }
        index += 1
        guard let zone = number(4...4), index == end else { return nil }
        guard (1...31).contains(day), hour < 24, minute < 60, second <= 60 else { return nil }
        let offset = sign * ((zone / 100) * 3600 + (zone % 100) * 60)
        let days = CivilDate.days(year: year, month: monthIndex + 1, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// Formats in UTC, e.g. `"05-Mar-2026 09:00:00 +0000"` (without the quotes).
    public static func format(_ date: Date) -> String {
        let total = Int(date.timeIntervalSince1970.rounded(.down))
        var days = total / 86_400
        var seconds = total % 86_400
        if seconds < 0 {
            seconds += 86_400
            days -= 1
        }
        let (year, month, day) = CivilDate.date(days: days)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let yearText = String(repeating: "0", count: max(0, 4 - String(year).count)) + String(year)
        return "\(two(day))-\(months[month - 1])-\(yearText) \(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60)) +0000"
    }

    private static func digitValue(_ byte: UInt8) -> Int? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
    }
}
