import Foundation
@testable import PanelCore

/// Readable fixtures for the calendar tests: days as "2026-09-10", instants as UTC
/// "2026-09-10 09:00:00", and the shipped Config/bank-holidays.json.
enum CalendarFixtures {
    static func day(_ iso: String) -> CalendarDay {
        guard let day = CalendarDay(iso: iso) else { fatalError("bad fixture day \(iso)") }
        return day
    }

    static func time(_ text: String) -> LocalTime {
        guard let time = try? LocalTime(parsing: text) else { fatalError("bad fixture time \(text)") }
        return time
    }

    static func local(_ text: String) -> LocalDateTime {
        let parts = text.split(separator: " ")
        return LocalDateTime(day: day(String(parts[0])), time: time(String(parts[1])))
    }

    /// "2026-08-28 07:59:59" read as UTC.
    static func utc(_ text: String) -> Date {
        let moment = local(text)
        return Date(timeIntervalSince1970: TimeInterval(moment.day.daysSince1970 * 86_400 + moment.time.secondsSinceMidnight))
    }

    /// An instant written back as UTC "2026-08-28 07:59:59", for readable expectations.
    static func utcText(_ instant: Date) -> String {
        let moment = TimeZone.gmt.localDateTime(of: instant)
        return "\(moment.day) \(CalendarText.time(moment.time)):\(CalendarText.twoDigits(moment.time.second))"
    }

    /// Config/bank-holidays.json in the repository (found through the symlinked test folder).
    static var shippedBankHolidaysFile: URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Config/bank-holidays.json")
    }

    static func shippedBankHolidays() throws -> BankHolidays {
        try BankHolidays(json: Data(contentsOf: shippedBankHolidaysFile))
    }

    /// The default working hours (09:00-17:00 Europe/London, Monday to Friday) with the shipped holidays.
    static func london() throws -> WorkingHours {
        try WorkingHours(bankHolidays: shippedBankHolidays())
    }
}
