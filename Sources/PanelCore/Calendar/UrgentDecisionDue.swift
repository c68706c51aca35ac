import Foundation

/// When the duty panel member owes a decision on an urgent request.
///
/// Received in working time, it is due at closing the same day. Received outside working
/// time, it is due at closing on the next working day whose working time starts after the
/// arrival: 08:59:59 on a working Monday is due Monday 17:00; 17:00:00 on a Friday before a
/// bank-holiday Monday is due Tuesday 17:00; Saturday 10:12 is due Monday 17:00.
public struct UrgentDecisionDue: Hashable, Sendable, CustomStringConvertible {
    /// When the email reached the panel mailbox.
    public let arrival: Date
    /// The arrival in local time.
    public let received: LocalDateTime
    public let receivedInWorkingTime: Bool
    /// The decision is due by this instant (closing time on `dueLocal.day`).
    public let due: Date
    public let dueLocal: LocalDateTime

    public init(arrival: Date, workingHours hours: WorkingHours) {
        let received = hours.localDateTime(of: arrival)
        let inWorkingTime = hours.isWorkingTime(arrival)
        let dueDay: CalendarDay
        if inWorkingTime || (hours.isWorkingDay(received.day) && received.time < hours.opens) {
            dueDay = received.day
        } else {
            dueDay = hours.nextWorkingDay(after: received.day)
        }
        self.arrival = arrival
        self.received = received
        self.receivedInWorkingTime = inWorkingTime
        self.dueLocal = LocalDateTime(day: dueDay, time: hours.closes)
        self.due = hours.instant(of: hours.closes, on: dueDay)
    }

    /// "Saturday 10:12".
    public var receivedText: String { CalendarText.weekdayAndTime(received) }

    /// "17:00 on Monday 7 September": the day is always named, never "today"; the year is
    /// added only when it differs from the year received.
    public var dueText: String { CalendarText.timeOnDay(dueLocal, omittingYear: received.day.year) }

    /// "received Saturday 10:12; a decision is due by 17:00 on Monday 7 September".
    public var description: String { "received \(receivedText); a decision is due by \(dueText)" }
}
