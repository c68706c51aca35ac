import Testing
@testable import PanelCore

@Suite("Form values: total cost")
struct CostTotalTests {
    static func day(_ y: Int, _ m: Int, _ d: Int) -> CalendarDay { CalendarDay(year: y, month: m, day: d)! }

    @Test(arguments: [
        // one-off: the amount, whatever the dates
        (Cost(pence: 20_000, frequency: .oneOff), day(2026, 9, 3), day(2026, 12, 31), 20_000),
        // per day: both ends count (7 to 11 September is 5 days)
        (Cost(pence: 4_200, frequency: .perDay), day(2026, 9, 7), day(2026, 9, 11), 21_000),
        (Cost(pence: 4_200, frequency: .perDay), day(2026, 9, 7), day(2026, 9, 7), 4_200),
        // per night: 26 to 31 October is 5 nights
        (Cost(pence: 28_500, frequency: .perNight), day(2026, 10, 26), day(2026, 10, 31), 142_500),
        // per week: 6 weeks exactly, and 10 days pro rata (10/7 × £450 = £642.857… → £642.86)
        (Cost(pence: 45_000, frequency: .perWeek), day(2026, 9, 3), day(2026, 10, 14), 270_000),
        (Cost(pence: 45_000, frequency: .perWeek), day(2026, 9, 3), day(2026, 9, 12), 64_286),
        // per month: 3 September to 2 December is 3 calendar months
        (Cost(pence: 100_000, frequency: .perMonth), day(2026, 9, 3), day(2026, 12, 2), 300_000),
        // … and 10 more days at £1,000 × 12 / 365 a day (£328.77)
        (Cost(pence: 100_000, frequency: .perMonth), day(2026, 9, 3), day(2026, 12, 12), 332_877),
        // per year: a whole year, then one day more
        (Cost(pence: 3_650_000, frequency: .perYear), day(2026, 9, 3), day(2027, 9, 2), 3_650_000),
        (Cost(pence: 3_650_000, frequency: .perYear), day(2026, 9, 3), day(2027, 9, 3), 3_660_000),
        // a leap day inside a month
        (Cost(pence: 100_000, frequency: .perMonth), day(2028, 2, 1), day(2028, 2, 29), 100_000),
    ])
    func totals(cost: Cost, start: CalendarDay, last: CalendarDay, pence: Int) {
        #expect(cost.total(from: start, through: last) == pence)
    }

    @Test func noTotalWhenTheEndIsBeforeTheStartOrCenturiesAway() {
        let cost = Cost(pence: 100, frequency: .perDay)
        #expect(cost.total(from: Self.day(2026, 9, 3), through: Self.day(2026, 9, 2)) == nil)
        #expect(cost.total(from: Self.day(2026, 9, 3), through: Self.day(2226, 9, 2)) == nil)
    }

    @Test(arguments: [
        (ResourceEnd.duration(count: 6, unit: .weeks), day(2026, 10, 14)),
        (.duration(count: 12, unit: .nights), day(2026, 9, 15)),
        (.duration(count: 10, unit: .days), day(2026, 9, 12)),
        (.duration(count: 3, unit: .months), day(2026, 12, 2)),
        (.duration(count: 1, unit: .years), day(2027, 9, 2)),
        (.date(day(2026, 12, 18)), day(2026, 12, 18)),
    ])
    func lastDayOfADuration(end: ResourceEnd, last: CalendarDay) {
        #expect(end.lastDay(from: Self.day(2026, 9, 3)) == last)
    }

    @Test func monthsClampToShorterMonths() {
        // 31 January + 1 month is 28 February; the month ends the day before.
        #expect(ResourceEnd.duration(count: 1, unit: .months).lastDay(from: Self.day(2026, 1, 31)) == Self.day(2026, 2, 27))
        #expect(ResourceEnd.ongoing.lastDay(from: Self.day(2026, 1, 31)) == nil)
    }
}
