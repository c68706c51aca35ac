import Foundation

/// One sitting of the panel and the deadline for requests to be listed at it.
public struct PanelSitting: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// When the panel sits, in local time.
    public let starts: LocalDateTime
    public let startsAt: Date
    /// The last moment a complete request can arrive and still be listed, in local time
    /// (inclusive: a request arriving at exactly this second is on time).
    public let deadline: LocalDateTime
    public let deadlineAt: Date
    /// Configured as an extra sitting rather than one of the weekly ones.
    public let isExtra: Bool

    public init(starts: LocalDateTime, startsAt: Date, deadline: LocalDateTime, deadlineAt: Date, isExtra: Bool) {
        self.starts = starts
        self.startsAt = startsAt
        self.deadline = deadline
        self.deadlineAt = deadlineAt
        self.isExtra = isExtra
    }

    public var day: CalendarDay { starts.day }

    /// "Thursday 10 September 2026 at 10:00".
    public var startText: String { CalendarText.dayAndTime(starts) }

    /// "13:00 on Wednesday 9 September" (with the year only when it is not the sitting's).
    public var deadlineText: String { CalendarText.timeOnDay(deadline, omittingYear: starts.day.year) }

    public static func < (lhs: PanelSitting, rhs: PanelSitting) -> Bool { lhs.startsAt < rhs.startsAt }

    /// `2026-09-10 10:00 (deadline 2026-09-09 13:00)`, for logs.
    public var description: String { "\(starts) (deadline \(deadline))\(isExtra ? " extra" : "")" }
}
