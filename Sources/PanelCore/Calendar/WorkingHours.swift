import Foundation

/// When the panel mailbox is watched: by default 09:00 to 17:00 Europe/London,
/// Monday to Friday, not on bank holidays.
///
/// Working time runs from `opens` inclusive to `closes` exclusive, in local time, on a
/// working day: 09:00:00 is in, 16:59:59 is in, 17:00:00 is out.
public struct WorkingHours: Hashable, Sendable {
    public static let defaultTimeZone = "Europe/London"
    public static let defaultOpens = LocalTime(valid: 9, 0)
    public static let defaultCloses = LocalTime(valid: 17, 0)
    /// ISO weekdays, 1 = Monday ... 7 = Sunday.
    public static let defaultWorkingWeekdays: Set<Int> = [1, 2, 3, 4, 5]

    public let timeZone: TimeZone
    public let opens: LocalTime
    public let closes: LocalTime
    /// ISO weekdays, 1 = Monday ... 7 = Sunday.
    public let workingWeekdays: Set<Int>
    public let bankHolidays: BankHolidays

    /// - Parameter timeZone: a tzdata name, e.g. "Europe/London".
    public init(
        timeZone: String = WorkingHours.defaultTimeZone,
        opens: LocalTime = WorkingHours.defaultOpens,
        closes: LocalTime = WorkingHours.defaultCloses,
        workingWeekdays: Set<Int> = WorkingHours.defaultWorkingWeekdays,
        bankHolidays: BankHolidays = BankHolidays()
    ) throws(CalendarError) {
        guard let zone = TimeZone(identifier: timeZone) else { throw CalendarError.unknownTimeZone(timeZone) }
        guard !workingWeekdays.isEmpty else { throw CalendarError.noWorkingWeekdays }
        if let bad = workingWeekdays.sorted().first(where: { !(1...7).contains($0) }) {
            throw CalendarError.badWeekday(bad, setting: "a working weekday")
        }
        guard opens < closes else { throw CalendarError.closesBeforeOpening(opens: opens, closes: closes) }
        self.timeZone = zone
        self.opens = opens
        self.closes = closes
        self.workingWeekdays = workingWeekdays
        self.bankHolidays = bankHolidays
    }

    /// A working weekday that is not a bank holiday.
    public func isWorkingDay(_ day: CalendarDay) -> Bool {
        workingWeekdays.contains(day.weekday) && !bankHolidays.contains(day)
    }

    /// Whether `instant` falls in working time: a working day, `opens` <= local time < `closes`.
    public func isWorkingTime(_ instant: Date) -> Bool {
        let local = localDateTime(of: instant)
        return isWorkingDay(local.day) && opens <= local.time && local.time < closes
    }

    /// The local day and time of an instant in this time zone.
    public func localDateTime(of instant: Date) -> LocalDateTime { timeZone.localDateTime(of: instant) }

    /// The instant the local clock shows `time` on `day` (DST-correct; see `TimeZone.instant(of:on:)`).
    public func instant(of time: LocalTime, on day: CalendarDay) -> Date { timeZone.instant(of: time, on: day) }

    /// The first working day after `day`.
    public func nextWorkingDay(after day: CalendarDay) -> CalendarDay { workingDay(from: day.adding(days: 1), step: 1) }

    /// The last working day before `day`.
    public func previousWorkingDay(before day: CalendarDay) -> CalendarDay { workingDay(from: day.adding(days: -1), step: -1) }

    /// `day` if it is a working day, otherwise the last working day before it.
    public func workingDay(onOrBefore day: CalendarDay) -> CalendarDay { workingDay(from: day, step: -1) }

    /// Terminates: there is at least one working weekday and the holidays are finite,
    /// so a working day comes within (holidays + 1) weeks.
    private func workingDay(from start: CalendarDay, step: Int) -> CalendarDay {
        var day = start
        while !isWorkingDay(day) { day = day.adding(days: step) }
        return day
    }
}
