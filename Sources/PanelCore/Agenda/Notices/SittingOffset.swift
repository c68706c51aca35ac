import Foundation

/// A moment set relative to a panel sitting: "2 days before at 10:00". Deadline reminders
/// are written this way so they follow the panel to another weekday or an extra sitting.
///
/// Days are calendar days. A moment that falls on a non-working day moves back to the
/// previous working day at the same time, as the panel deadline does (`PanelSchedule`).
public struct SittingOffset: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Calendar days before the sitting's day, 0 ... 28 (0 is the day of the sitting).
    public let daysBefore: Int
    public let time: LocalTime

    public init(daysBefore: Int, at time: LocalTime) throws(PanelTimetableError) {
        guard (0...28).contains(daysBefore) else { throw PanelTimetableError.reminderDaysOutOfRange(daysBefore) }
        self.daysBefore = daysBefore
        self.time = time
    }

    /// For constants known to be valid.
    init(valid daysBefore: Int, _ time: LocalTime) {
        self.daysBefore = daysBefore
        self.time = time
    }

    /// Parses the configuration's wording: "2 days before at 10:00", "1 day before at 10:00",
    /// "same day at 08:30" (case and extra spaces ignored).
    public init(parsing text: String) throws(PanelTimetableError) {
        let words = text.lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
        let days: Int?
        let timeWord: String?
        switch words.count {
        case 4 where words[0] == "same" && words[1] == "day" && words[2] == "at":
            (days, timeWord) = (0, words[3])
        case 5 where ["day", "days"].contains(words[1]) && words[2] == "before" && words[3] == "at":
            (days, timeWord) = (words[0].allSatisfy(\.isASCII) ? Int(words[0]) : nil, words[4])
        default:
            (days, timeWord) = (nil, nil)
        }
        guard let days, let timeWord, let time = try? LocalTime(parsing: timeWord) else {
            throw PanelTimetableError.badReminder(text)
        }
        try self.init(daysBefore: days, at: time)
    }

    /// The local moment for `sitting`, moved back to a working day when it falls on another day.
    public func moment(before sitting: PanelSitting, workingHours hours: WorkingHours) -> LocalDateTime {
        LocalDateTime(day: hours.workingDay(onOrBefore: sitting.day.adding(days: -daysBefore)), time: time)
    }

    /// Earlier moments first: more days before, then the earlier time.
    public static func < (lhs: SittingOffset, rhs: SittingOffset) -> Bool {
        (-lhs.daysBefore, lhs.time) < (-rhs.daysBefore, rhs.time)
    }

    /// "2 days before at 10:00", "1 day before at 10:00", "same day at 08:30": the form it parses.
    public var description: String {
        switch daysBefore {
        case 0: return "same day at \(time)"
        case 1: return "1 day before at \(time)"
        default: return "\(daysBefore) days before at \(time)"
        }
    }
}
