import Foundation

extension WorkingHours {
    /// `instant` itself when it is in working time, otherwise the next opening: 09:00 the same
    /// day before opening on a working day, else 09:00 on the next working day. Urgent notices
    /// completed out of hours wait for it.
    public func opening(atOrAfter instant: Date) -> Date {
        if isWorkingTime(instant) { return instant }
        let local = localDateTime(of: instant)
        let day = isWorkingDay(local.day) && local.time < opens ? local.day : nextWorkingDay(after: local.day)
        return self.instant(of: opens, on: day)
    }
}
