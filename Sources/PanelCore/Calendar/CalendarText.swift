/// Days and times written out in English for emails, by hand: no `DateFormatter`, no locale.
///
/// The year is written only when asked for, or when it differs from a reference year
/// ("Monday 4 January 2027" in a sentence about a request received in 2026).
public enum CalendarText {
    private static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    private static let months = ["January", "February", "March", "April", "May", "June",
                                 "July", "August", "September", "October", "November", "December"]

    /// "Monday" for 1 ... "Sunday" for 7.
    public static func weekdayName(_ weekday: Int) -> String { weekdays[(weekday - 1 + 7) % 7] }

    /// "January" for 1 ... "December" for 12.
    public static func monthName(_ month: Int) -> String { months[(month - 1 + 12) % 12] }

    /// "10:12": hours and minutes on the 24-hour clock; seconds are left off.
    public static func time(_ time: LocalTime) -> String { "\(twoDigits(time.hour)):\(twoDigits(time.minute))" }

    /// "Monday 7 September 2026", or "Monday 7 September" when the day is in `omittingYear`.
    public static func day(_ day: CalendarDay, omittingYear year: Int? = nil) -> String {
        let text = "\(weekdayName(day.weekday)) \(day.day) \(monthName(day.month))"
        return day.year == year ? text : "\(text) \(day.year)"
    }

    /// "Thursday 10 September 2026 at 10:00".
    public static func dayAndTime(_ local: LocalDateTime, omittingYear year: Int? = nil) -> String {
        "\(day(local.day, omittingYear: year)) at \(time(local.time))"
    }

    /// "13:00 on Wednesday 9 September" (the year added when it is not `omittingYear`).
    public static func timeOnDay(_ local: LocalDateTime, omittingYear year: Int?) -> String {
        "\(time(local.time)) on \(day(local.day, omittingYear: year))"
    }

    /// "Saturday 10:12": the weekday and time only, for a moment within the last few days.
    public static func weekdayAndTime(_ local: LocalDateTime) -> String {
        "\(weekdayName(local.day.weekday)) \(time(local.time))"
    }

    static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
