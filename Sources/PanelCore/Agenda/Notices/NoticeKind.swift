/// What a timed notice is about. Each kind has its own email template and its own prefix
/// in the idempotency key.
public enum NoticeKind: Hashable, Sendable {
    /// An urgent request is complete: the duty panel member is told (at opening time when it
    /// was completed outside working time). `due` is when the decision is due.
    case urgentReady(RequestReference, due: LocalDateTime)
    /// Still undecided at the reminder time: the duty panel member and the lead are told.
    case urgentReminder(RequestReference, due: LocalDateTime)
    /// Undecided at the due time: reported to the lead.
    case urgentOverdue(RequestReference, due: LocalDateTime)
    /// Undecided at the due time: the worker is told the decision is late.
    case urgentOverdueToWorker(RequestReference, due: LocalDateTime)
    /// Before the deadline: the worker's request is incomplete or lacks sign-offs.
    case deadlineReminder(RequestReference, sitting: PanelSitting)
    /// The deadline has passed: the agenda is fixed. `listed` are the requests ready in time,
    /// in reference order; the daemon allocates their slots (`AgendaSlots`).
    case agendaFixed(PanelSitting, listed: [RequestReference])
    /// The request was not ready at the deadline: the worker is told its new panel, `next`
    /// (nil when the calendar offers no later sitting).
    case missedDeadline(RequestReference, sitting: PanelSitting, next: PanelSitting?)

    /// The key's prefix, e.g. "urgent-reminder".
    public var name: String {
        switch self {
        case .urgentReady: return "urgent-ready"
        case .urgentReminder: return "urgent-reminder"
        case .urgentOverdue: return "urgent-overdue"
        case .urgentOverdueToWorker: return "urgent-overdue-worker"
        case .deadlineReminder: return "deadline-reminder"
        case .agendaFixed: return "agenda-fixed"
        case .missedDeadline: return "missed-deadline"
        }
    }

    /// The request the notice is about; nil for the agenda.
    public var reference: RequestReference? {
        switch self {
        case .urgentReady(let reference, _), .urgentReminder(let reference, _), .urgentOverdue(let reference, _),
             .urgentOverdueToWorker(let reference, _), .deadlineReminder(let reference, _), .missedDeadline(let reference, _, _):
            return reference
        case .agendaFixed:
            return nil
        }
    }
}
