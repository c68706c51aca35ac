import Foundation

/// What the timetable needs to know about one request, as the store holds it at the time
/// of a run. Plain data: no form, no child's details.
///
/// Every time here is panelmail's own clock reading when it recorded the change (the `now`
/// of the run that read the email), not the email's Date field, so that each lies at or
/// before the `now` of the run that follows. Run the timed notices after reading the mailbox
/// in the same pass, so a request completed in that pass is seen in the same window.
public struct RequestFacts: Hashable, Sendable {
    public var reference: RequestReference
    /// Bumped each time the request becomes complete again after being sent back, so its
    /// urgent notices go out afresh (their idempotency keys carry it).
    public var revision: Int
    /// The worker who sent it: late notices and deadline reminders go here.
    public var worker: EmailAddress
    /// When panelmail first recorded the request.
    public var receivedAt: Date
    public var isUrgent: Bool
    /// A decision has been recorded: nothing more is due for it.
    public var isDecided: Bool
    /// When the form became complete; nil while it is incomplete.
    public var completedAt: Date?
    /// When the last sign-off arrived (team manager, service manager, IRO); nil while one is missing.
    public var signedOffAt: Date?
    /// Urgent only: when the decision is due. Nil: worked out from `completedAt` by `UrgentDecisionDue`.
    public var urgentDueAt: Date?
    /// Not urgent: the day of the sitting the request is listed, or hoping, for.
    public var sittingDay: CalendarDay?

    public init(
        reference: RequestReference, revision: Int = 1, worker: EmailAddress, receivedAt: Date,
        isUrgent: Bool = false, isDecided: Bool = false, completedAt: Date? = nil, signedOffAt: Date? = nil,
        urgentDueAt: Date? = nil, sittingDay: CalendarDay? = nil
    ) {
        self.reference = reference
        self.revision = revision
        self.worker = worker
        self.receivedAt = receivedAt
        self.isUrgent = isUrgent
        self.isDecided = isDecided
        self.completedAt = completedAt
        self.signedOffAt = signedOffAt
        self.urgentDueAt = urgentDueAt
        self.sittingDay = sittingDay
    }

    /// When the request became ready for the weekly panel: complete with every sign-off.
    public var readyAt: Date? {
        guard let completedAt, let signedOffAt else { return nil }
        return max(completedAt, signedOffAt)
    }

    /// Whether it was ready for the panel at `moment` (inclusive, as deadlines are).
    public func isReady(at moment: Date) -> Bool { readyAt.map { $0 <= moment } ?? false }
}
