/// A calendar setting that cannot be used, or a schedule that gives no answer.
///
/// Every case is a configuration problem that `panelmail check-config` can report before
/// the daemon starts; the description says what was wrong and what to do. None of them
/// carries personal data.
public enum CalendarError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The bank-holidays file is not JSON in GOV.UK's format; `detail` says where.
    case bankHolidaysNotReadable(detail: String)
    /// The bank-holidays file has no such division; `available` lists the ones it has.
    case unknownDivision(String, available: [String])
    /// An event in the bank-holidays file has a date that is not `yyyy-mm-dd`.
    case badBankHolidayDate(String, division: String, index: Int)
    /// A time of day that is not `HH:MM` (or `HH:MM:SS`) on the 24-hour clock.
    case badTime(String)
    /// A time-zone name that tzdata does not know.
    case unknownTimeZone(String)
    /// A weekday outside 1 (Monday) ... 7 (Sunday).
    case badWeekday(Int, setting: String)
    /// Working hours with no working weekdays.
    case noWorkingWeekdays
    /// Working hours that close at or before they open.
    case closesBeforeOpening(opens: LocalTime, closes: LocalTime)
    /// A panel deadline set a negative number of days, or more than four weeks, before the sitting.
    case deadlineOffsetOutOfRange(Int)
    /// A same-day panel deadline at or after the sitting starts.
    case deadlineNotBeforeSitting(deadline: LocalTime, sitting: LocalTime)
    /// A cancelled sitting on a day the panel does not sit.
    case cancelledDayIsNotASittingDay(CalendarDay, panelWeekday: Int)
    /// An extra sitting on a day the panel already sits (or two extras on one day).
    case extraSittingClashes(CalendarDay)
    /// No sitting open to requests within `days` days of `day`: the sittings in that span are all cancelled.
    case noSitting(after: CalendarDay, withinDays: Int)

    public var description: String {
        switch self {
        case .bankHolidaysNotReadable(let detail):
            return "the bank-holidays file is not GOV.UK bank-holidays JSON (\(detail)); download https://www.gov.uk/bank-holidays.json again or fix the file"
        case .unknownDivision(let division, let available):
            return "the bank-holidays file has no division \"\(division)\"; use one of: \(available.joined(separator: ", "))"
        case .badBankHolidayDate(let text, let division, let index):
            return "bank holiday \(index + 1) of \"\(division)\" has the date \"\(text)\", which is not a day written yyyy-mm-dd; correct it in the bank-holidays file"
        case .badTime(let text):
            return "\"\(text)\" is not a time of day; write it on the 24-hour clock as HH:MM, e.g. 09:00 or 17:00"
        case .unknownTimeZone(let name):
            return "\"\(name)\" is not a time zone known to tzdata; use a name such as Europe/London"
        case .badWeekday(let weekday, let setting):
            return "\(setting) is \(weekday), which is not a weekday; use 1 (Monday) to 7 (Sunday)"
        case .noWorkingWeekdays:
            return "working hours have no working weekdays; list at least one, e.g. Monday to Friday"
        case .closesBeforeOpening(let opens, let closes):
            return "working hours close at \(closes), not after they open at \(opens); set the closing time later than the opening time"
        case .deadlineOffsetOutOfRange(let days):
            return "the panel deadline is set \(days) days before the sitting; use 0 (the same day) to 28 days"
        case .deadlineNotBeforeSitting(let deadline, let sitting):
            return "the panel deadline \(deadline) on the day of the sitting is not before the sitting at \(sitting); set it earlier or a day or more before"
        case .cancelledDayIsNotASittingDay(let day, let weekday):
            return "cancelled sitting \(day) is a \(CalendarText.weekdayName(day.weekday)), but the panel sits on \(CalendarText.weekdayName(weekday))s; correct the date, or remove an extra sitting from the extra sittings instead"
        case .extraSittingClashes(let day):
            return "extra sitting \(day) falls on a day the panel already sits; remove it, or cancel the regular sitting to hold it at another time"
        case .noSitting(let day, let days):
            return "the panel has no sitting open to requests in the \(days) days from \(day); the sittings in that span are all cancelled, so add an extra sitting or remove cancellations"
        }
    }
}
