/// An agenda that cannot be laid out, or a `LATE` command refused. The description says
/// what was wrong and what to do, and is fit to send back to the clerk; none carries
/// personal data.
public enum AgendaSlotsError: Error, Sendable, Hashable, CustomStringConvertible {
    case slotLengthOutOfRange(Int)
    case listedTwice(RequestReference)
    /// The slots would run past midnight; `lastStarts` is when the last would start.
    case runsPastMidnight(slots: Int, lastStarts: LocalDateTime)
    case zeroDelay
    case negativeDelay(Int)
    case delayTooLong(Int, maximum: Int)
    case notOnSittingDay(CalendarDay, sitting: CalendarDay)
    /// `LATE minutes` would push the last slot past midnight; `mostThatFits` would not.
    case delayRunsPastMidnight(Int, mostThatFits: Int)
    /// Every slot had started by the time of the command.
    case noSlotWaiting(at: LocalTime)

    public var description: String {
        switch self {
        case .slotLengthOutOfRange(let minutes):
            return "a slot of \(minutes) minutes is not allowed; set the slot length between \(AgendaSlots.slotMinutesRange.lowerBound) and \(AgendaSlots.slotMinutesRange.upperBound) minutes"
        case .listedTwice(let reference):
            return "\(reference) is listed twice for the same sitting; list each request once"
        case .runsPastMidnight(let slots, let lastStarts):
            return "the \(slots) slots would run past midnight (the last would start at \(CalendarText.dayAndTime(lastStarts))); shorten the slots, start earlier, or move some requests to another sitting"
        case .zeroDelay:
            return "LATE 0 moves nothing; write how many minutes the panel is running behind, e.g. LATE 30"
        case .negativeDelay(let minutes):
            return "LATE \(minutes) would bring the slots forward, which panelmail does not do: workers may not be there earlier. Write how many minutes the panel is running behind, e.g. LATE 30"
        case .delayTooLong(let minutes, let maximum):
            return "LATE \(minutes) is more than the \(maximum) minutes panelmail accepts; if the panel cannot sit today, tell the workers and list their requests for another sitting"
        case .notOnSittingDay(let day, let sitting):
            return "LATE was sent on \(CalendarText.day(day)), but the panel sits on \(CalendarText.day(sitting)); send it on the day of the panel"
        case .delayRunsPastMidnight(let minutes, let most):
            return most > 0
                ? "LATE \(minutes) would run the last slot past midnight; the most the waiting slots can move today is \(most) minutes"
                : "LATE \(minutes) would run the last slot past midnight, and the last slot already ends at midnight; list the waiting requests for another sitting"
        case .noSlotWaiting(let time):
            return "at \(CalendarText.time(time)) every slot had already started, so nothing moved"
        }
    }
}
