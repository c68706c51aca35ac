import Foundation

/// What happens to a complete request next: an urgent decision by a due time, or a
/// place at a weekly panel.
public enum NextStep: Hashable, Sendable {
    case urgentDecision(UrgentDecisionDue)
    case weeklyPanel(PanelAssignment)

    /// The sentence an acknowledgement gives the worker.
    public var text: String {
        switch self {
        case .urgentDecision(let due):
            return "the duty panel member decides urgent requests the same working day. We \(due.description)."
        case .weeklyPanel(let assignment):
            let sitting = assignment.sitting
            var text = "your request is listed for the panel on \(sitting.startText), provisionally until its sign-offs are in."
            if let missed = assignment.missedDeadline {
                text += " It reached us after the deadline for the panel on \(CalendarText.dayAndTime(missed.starts)) (forms were due by \(missed.deadlineText)), so it goes to the following panel."
            } else if let sat = assignment.satBeforeRead {
                text += " The panel on \(CalendarText.dayAndTime(sat.starts)) sat before your email could be read, so it goes to the following panel."
            } else {
                text += " Forms for that panel are due by \(sitting.deadlineText)."
            }
            return text
        }
    }
}

/// The panel's rules for requests: the form, working hours and the weekly panel.
public struct RequestRules: Sendable {
    public var schema: FormSchema
    public var workingHours: WorkingHours
    public var schedule: PanelSchedule

    public init(schema: FormSchema, schedule: PanelSchedule) {
        self.schema = schema
        self.workingHours = schedule.workingHours
        self.schedule = schedule
    }

    /// The next step for a request that became complete with the email that reached the
    /// mailbox at `eventTime`. Urgent requests are due by the close of working time
    /// (`UrgentDecisionDue`); others go to the next panel whose deadline had not passed
    /// at `eventTime` and which has not sat by `now`.
    public func nextStep(urgent: Bool, eventTime: Date, now: Date) throws(CalendarError) -> NextStep {
        if urgent { return .urgentDecision(UrgentDecisionDue(arrival: eventTime, workingHours: workingHours)) }
        return .weeklyPanel(try schedule.assignment(eventTime: eventTime, now: now))
    }
}
