import Testing
@testable import PanelCore

@Suite("CalendarDay")
struct CalendarDayTests {
    @Test("invalid days are refused", arguments: [(2026, 2, 29), (2026, 4, 31), (2026, 13, 1), (2026, 0, 1), (2026, 1, 0)])
    func invalid(_ ymd: (Int, Int, Int)) {
        #expect(CalendarDay(year: ymd.0, month: ymd.1, day: ymd.2) == nil)
    }

    @Test("leap days exist only in leap years")
    func leap() {
        #expect(CalendarDay(year: 2028, month: 2, day: 29) != nil)
        #expect(CalendarDay(year: 2100, month: 2, day: 29) == nil)
        #expect(CalendarDay(year: 2000, month: 2, day: 29) != nil)
    }

    @Test("weekdays", arguments: [("1970-01-01", 4), ("2026-09-03", 4), ("2026-09-07", 1), ("2026-11-22", 7), ("2024-02-29", 4)])
    func weekday(_ iso: String, _ expected: Int) throws {
        #expect(try #require(CalendarDay(iso: iso)).weekday == expected)
    }

    @Test("arithmetic crosses months, years and leap days")
    func arithmetic() throws {
        let day = try #require(CalendarDay(iso: "2028-02-28"))
        #expect(day.adding(days: 1).description == "2028-02-29")
        #expect(day.adding(days: 2).description == "2028-03-01")
        #expect(try #require(CalendarDay(iso: "2026-12-31")).adding(days: 1).description == "2027-01-01")
        #expect(day.days(to: try #require(CalendarDay(iso: "2029-02-28"))) == 366)
        #expect(CalendarDay(daysSince1970: day.daysSince1970) == day)
    }

    @Test("ISO text must be exact", arguments: ["2026-9-3", "26-09-03", "2026/09/03", "2026-09-03x", ""])
    func isoStrict(_ text: String) {
        #expect(CalendarDay(iso: text) == nil)
    }
}
