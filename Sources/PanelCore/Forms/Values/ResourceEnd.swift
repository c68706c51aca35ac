/// When a resource ends: a date, a length from the start date, or not set.
public enum ResourceEnd: Hashable, Sendable, CustomStringConvertible {
    case date(CalendarDay)
    /// `6 weeks`, `12 nights` (count ≥ 1).
    case duration(count: Int, unit: DurationUnit)
    case ongoing

    public enum DurationUnit: String, Hashable, Sendable, Codable, CaseIterable {
        case days, nights, weeks, months, years
    }

    /// The last day the resource is provided, counting from `start`:
    ///
    /// - `n days`: `start + n - 1` (n days including the first);
    /// - `n nights`: `start + n` (the morning after the last night);
    /// - `n weeks`: `start + 7n - 1`;
    /// - `n months` / `n years`: the same day of the month n months (12n) later,
    ///   or that month's last day if it is shorter, less one day.
    ///
    /// Nil for `ongoing`.
    public func lastDay(from start: CalendarDay) -> CalendarDay? {
        switch self {
        case .date(let day): return day
        case .ongoing: return nil
        case .duration(let count, let unit):
            switch unit {
            case .days: return start.adding(days: count - 1)
            case .nights: return start.adding(days: count)
            case .weeks: return start.adding(days: 7 * count - 1)
            case .months: return Self.adding(months: count, to: start).adding(days: -1)
            case .years: return Self.adding(months: 12 * count, to: start).adding(days: -1)
            }
        }
    }

    /// "03/12/2026", "6 weeks", "ongoing".
    public var description: String {
        switch self {
        case .date(let day): return UKDateParser.numeric(day)
        case .ongoing: return "ongoing"
        case .duration(let count, let unit):
            return count == 1 ? "1 \(unit.rawValue.dropLast())" : "\(count) \(unit.rawValue)"
        }
    }

    /// The same day `months` later, clamped to the end of a shorter month.
    static func adding(months: Int, to day: CalendarDay) -> CalendarDay {
        let index = day.year * 12 + (day.month - 1) + months
        let year = index / 12
        let month = index % 12 + 1
        let last = CalendarDay.daysIn(month: month, year: year)
        return CalendarDay(year: year, month: month, day: min(day.day, last)) ?? day
    }
}
