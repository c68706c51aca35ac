/// A notice setting that cannot be used. Each is a configuration problem
/// `panelmail check-config` reports before the daemon starts; the description says what
/// was wrong and what to do.
public enum PanelTimetableError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A reminder that is not "N days before at HH:MM" or "same day at HH:MM".
    case badReminder(String)
    /// A reminder more than four weeks (or a negative number of days) before the sitting.
    case reminderDaysOutOfRange(Int)
    /// A deadline reminder set at or after the deadline it reminds of.
    case reminderNotBeforeDeadline(SittingOffset, deadline: SittingOffset)
    /// The same deadline reminder listed twice.
    case duplicateReminder(SittingOffset)
    /// The urgent reminder time is not inside working time, after opening and before closing.
    case urgentReminderOutsideWorkingTime(LocalTime, opens: LocalTime, closes: LocalTime)

    public var description: String {
        switch self {
        case .badReminder(let text):
            return "\"\(text)\" is not a reminder time; write it as \"2 days before at 10:00\" or \"same day at 08:30\""
        case .reminderDaysOutOfRange(let days):
            return "a deadline reminder is set \(days) days before the sitting; use 0 (the same day) to 28 days"
        case .reminderNotBeforeDeadline(let reminder, let deadline):
            return "the deadline reminder \"\(reminder)\" is not before the deadline (\(deadline)); set it earlier or remove it"
        case .duplicateReminder(let reminder):
            return "the deadline reminder \"\(reminder)\" is listed twice; list it once"
        case .urgentReminderOutsideWorkingTime(let time, let opens, let closes):
            return "the urgent reminder time \(time) is not inside working hours (\(opens) to \(closes)); set a time after \(opens) and before \(closes), e.g. 15:00"
        }
    }
}
