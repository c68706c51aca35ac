import Foundation

/// The weekly panel calendar: the panel sits on one weekday at one time (by default
/// Thursday 10:00), with a deadline an offset before (by default 13:00 the day before).
///
/// - A deadline that falls on a non-working day (weekend or bank holiday) moves back to
///   the previous working day, at the same time.
/// - A sitting on a bank holiday is NOT cancelled automatically: the panel may choose to
///   sit, so list the day in `cancelled` when it will not (for example Christmas Day 2025,
///   a Thursday).
/// - Extra sittings have their own time; their deadlines follow the same rule. At most one
///   sitting a day: to move a weekly sitting to another time, cancel it and add an extra.
public struct PanelSchedule: Hashable, Sendable {
    public static let defaultWeekday = 4
    public static let defaultTime = LocalTime(valid: 10, 0)
    public static let defaultDeadlineDaysBefore = 1
    public static let defaultDeadlineTime = LocalTime(valid: 13, 0)
    /// How far ahead a search for a sitting looks before giving up with `CalendarError.noSitting`.
    public static let searchLimitDays = 366

    /// ISO weekday the panel sits on, 1 = Monday ... 7 = Sunday.
    public let weekday: Int
    public let time: LocalTime
    public let deadlineDaysBefore: Int
    public let deadlineTime: LocalTime
    /// Weekly sittings that will not happen.
    public let cancelled: Set<CalendarDay>
    /// Extra sittings, in order.
    public let extraSittings: [LocalDateTime]
    public let workingHours: WorkingHours

    private let extraTimes: [CalendarDay: LocalTime]

    public init(
        weekday: Int = PanelSchedule.defaultWeekday,
        time: LocalTime = PanelSchedule.defaultTime,
        deadlineDaysBefore: Int = PanelSchedule.defaultDeadlineDaysBefore,
        deadlineTime: LocalTime = PanelSchedule.defaultDeadlineTime,
        cancelled: Set<CalendarDay> = [],
        extraSittings: [LocalDateTime] = [],
        workingHours: WorkingHours
    ) throws(CalendarError) {
        guard (1...7).contains(weekday) else { throw CalendarError.badWeekday(weekday, setting: "the panel's weekday") }
        guard (0...28).contains(deadlineDaysBefore) else { throw CalendarError.deadlineOffsetOutOfRange(deadlineDaysBefore) }
        if let day = cancelled.sorted().first(where: { $0.weekday != weekday }) {
            throw CalendarError.cancelledDayIsNotASittingDay(day, panelWeekday: weekday)
        }
        var extraTimes: [CalendarDay: LocalTime] = [:]
        for extra in extraSittings.sorted() {
            let isWeeklySitting = extra.day.weekday == weekday && !cancelled.contains(extra.day)
            guard !isWeeklySitting, extraTimes[extra.day] == nil else { throw CalendarError.extraSittingClashes(extra.day) }
            extraTimes[extra.day] = extra.time
        }
        if deadlineDaysBefore == 0, let early = ([time] + extraTimes.values).min(), deadlineTime >= early {
            throw CalendarError.deadlineNotBeforeSitting(deadline: deadlineTime, sitting: early)
        }
        self.weekday = weekday
        self.time = time
        self.deadlineDaysBefore = deadlineDaysBefore
        self.deadlineTime = deadlineTime
        self.cancelled = cancelled
        self.extraSittings = extraSittings.sorted()
        self.workingHours = workingHours
        self.extraTimes = extraTimes
    }

    /// The sitting on `day`, if the panel sits that day.
    public func sitting(on day: CalendarDay) -> PanelSitting? {
        if let extra = extraTimes[day] { return sitting(day: day, time: extra, isExtra: true) }
        guard day.weekday == weekday, !cancelled.contains(day) else { return nil }
        return sitting(day: day, time: time, isExtra: false)
    }

    /// Every sitting from `first` through `last` (inclusive), in order.
    public func sittings(from first: CalendarDay, through last: CalendarDay) -> [PanelSitting] {
        guard first <= last else { return [] }
        return (0...first.days(to: last)).compactMap { sitting(on: first.adding(days: $0)) }
    }

    /// The first sitting that starts after `instant`.
    public func nextSitting(after instant: Date) throws(CalendarError) -> PanelSitting {
        try firstSitting(onOrAfter: workingHours.localDateTime(of: instant).day) { $0.startsAt > instant }
    }

    /// The sitting a complete non-urgent request is listed for.
    ///
    /// - Parameters:
    ///   - eventTime: when the email that completed the request reached the mailbox. It is
    ///     compared with deadlines to the whole second: 13:00:00 (and 13:00:00.9) is on
    ///     time for a 13:00 deadline, 13:00:01 is late.
    ///   - now: when panelmail reads it. If the sitting the request was in time for has
    ///     already started by `now`, the request goes to the next sitting after `now`.
    /// - Throws: `CalendarError.noSitting` when no sitting comes within `searchLimitDays`.
    public func assignment(eventTime: Date, now: Date) throws(CalendarError) -> PanelAssignment {
        let event = Date(timeIntervalSince1970: eventTime.timeIntervalSince1970.rounded(.down))
        let eventDay = workingHours.localDateTime(of: event).day
        // Deadlines precede their sittings, so a sitting open at `event` starts after it.
        let inTimeFor = try firstSitting(onOrAfter: eventDay) { $0.deadlineAt >= event }
        let next = try firstSitting(onOrAfter: eventDay) { $0.startsAt > event }
        let missed = next == inTimeFor ? nil : next
        guard inTimeFor.startsAt <= now else { return PanelAssignment(sitting: inTimeFor, missedDeadline: missed) }
        return PanelAssignment(sitting: try nextSitting(after: now), missedDeadline: missed, satBeforeRead: inTimeFor)
    }

    private func sitting(day: CalendarDay, time: LocalTime, isExtra: Bool) -> PanelSitting {
        let deadlineDay = workingHours.workingDay(onOrBefore: day.adding(days: -deadlineDaysBefore))
        return PanelSitting(
            starts: LocalDateTime(day: day, time: time),
            startsAt: workingHours.instant(of: time, on: day),
            deadline: LocalDateTime(day: deadlineDay, time: deadlineTime),
            deadlineAt: workingHours.instant(of: deadlineTime, on: deadlineDay),
            isExtra: isExtra)
    }

    /// Bounded, so a schedule with every sitting cancelled fails rather than hangs.
    private func firstSitting(onOrAfter start: CalendarDay, where matches: (PanelSitting) -> Bool) throws(CalendarError) -> PanelSitting {
        for offset in 0...Self.searchLimitDays {
            if let sitting = sitting(on: start.adding(days: offset)), matches(sitting) { return sitting }
        }
        throw CalendarError.noSitting(after: start, withinDays: Self.searchLimitDays)
    }
}
