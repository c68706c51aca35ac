import Foundation

extension TimeZone {
    /// The wall-clock day and time of an instant in this zone (tzdata, so DST is right).
    /// Fractions of a second are dropped: 16:59:59.9 is 16:59:59.
    public func localDateTime(of instant: Date) -> LocalDateTime {
        let utcSeconds = Int(instant.timeIntervalSince1970.rounded(.down))
        let local = utcSeconds + secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(utcSeconds)))
        let days = Int((Double(local) / 86_400).rounded(.down))
        return LocalDateTime(day: CalendarDay(daysSince1970: days), time: LocalTime(secondsSinceMidnight: local - days * 86_400))
    }

    /// The instant a wall clock in this zone shows `time` on `day`.
    ///
    /// At a DST change: a time the clocks skip (01:30 on the last Sunday in March in
    /// London) is read with the offset before the change, so it lands after the gap
    /// (01:30 UTC, which is 02:30 BST); a time shown twice (01:30 on the last Sunday
    /// in October) is the first of the two (00:30 UTC, BST).
    public func instant(of time: LocalTime, on day: CalendarDay) -> Date {
        let local = day.daysSince1970 * 86_400 + time.secondsSinceMidnight
        // The offsets in force a day either side cover any single transition.
        let before = secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(local - 86_400)))
        let after = secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(local + 86_400)))
        let matches = [before, after].map { local - $0 }.filter { utc in
            utc + secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(utc))) == local
        }
        return Date(timeIntervalSince1970: TimeInterval(matches.min() ?? local - before))
    }
}
