import Foundation

/// The three moments in an urgent request's day.
public struct UrgentMoments: Hashable, Sendable {
    /// When the duty panel member is told: completion in working time, else the next opening.
    public let ready: Date
    /// The reminder on the due day, or nil when the request was ready only at or after it.
    public let reminder: Date?
    /// When the decision is due (closing time); undecided then, it is overdue.
    public let due: Date
    /// The day the decision is due: its duty panel member gets the notices.
    public let dueDay: CalendarDay
}
