/// A day and a wall-clock time in some time zone: when an email arrived "in London",
/// when an extra panel sits.
public struct LocalDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let day: CalendarDay
    public let time: LocalTime

    public init(day: CalendarDay, time: LocalTime) {
        self.day = day
        self.time = time
    }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        (lhs.day, lhs.time) < (rhs.day, rhs.time)
    }

    /// `2026-09-10 10:00`, for logs; emails use `CalendarText`.
    public var description: String { "\(day) \(time)" }
}
