extension Cost {
    /// The whole cost in pence of providing the resource from `start` to `last`
    /// (both days included), or nil when `last` is before `start` or more than 100
    /// years after it.
    ///
    /// - one-off: the amount;
    /// - per day: the amount × days, counting both ends;
    /// - per night: the amount × nights (days from start to last: the last day is
    ///   the morning after);
    /// - per week: pro rata to the day, amount × days ÷ 7, so 6 weeks is exactly 6 ×
    ///   the amount and 10 days is 10/7 of it (providers charge part weeks by the day);
    /// - per month: whole calendar months from the start day (3 September to 2
    ///   December is 3 months), then any remaining days pro rata at amount × 12 ÷ 365
    ///   a day;
    /// - per year: whole years, then remaining days at amount ÷ 365 a day.
    ///
    /// Fractions of a penny are rounded half up.
    public func total(from start: CalendarDay, through last: CalendarDay) -> Int? {
        let days = start.days(to: last) + 1
        guard days >= 1, days <= 36_525 else { return nil }
        switch frequency {
        case .oneOff: return pence
        case .perDay: return pence * days
        case .perNight: return pence * (days - 1)
        case .perWeek: return Self.divide(pence * days, by: 7)
        case .perMonth:
            let (whole, rest) = Self.wholeMonths(from: start, through: last, step: 1)
            return pence * whole + Self.divide(pence * rest * 12, by: 365)
        case .perYear:
            let (whole, rest) = Self.wholeMonths(from: start, through: last, step: 12)
            return pence * whole + Self.divide(pence * rest, by: 365)
        }
    }

    /// Whole periods of `step` months from `start` within `start...last`, and the days left.
    private static func wholeMonths(from start: CalendarDay, through last: CalendarDay, step: Int) -> (Int, Int) {
        let monthsApart = (last.year - start.year) * 12 + (last.month - start.month)
        var whole = max(0, monthsApart / step + 1)
        while whole > 0, ResourceEnd.adding(months: whole * step, to: start).adding(days: -1) > last { whole -= 1 }
        let next = ResourceEnd.adding(months: whole * step, to: start)
        return (whole, max(0, next.days(to: last) + 1))
    }

    private static func divide(_ value: Int, by divisor: Int) -> Int {
        (value * 2 + divisor) / (divisor * 2)
    }
}
