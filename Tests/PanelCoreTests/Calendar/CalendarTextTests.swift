import Testing
@testable import PanelCore

@Suite("Calendar text")
struct CalendarTextTests {
    @Test("weekday and month names", arguments: zip(1...7, ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]))
    func weekdays(_ weekday: Int, _ name: String) {
        #expect(CalendarText.weekdayName(weekday) == name)
    }

    @Test func months() {
        #expect((1...12).map(CalendarText.monthName) == ["January", "February", "March", "April", "May", "June", "July",
                                                          "August", "September", "October", "November", "December"])
    }

    @Test("days, times and the year only when it differs", arguments: [
        (CalendarText.day(CalendarFixtures.day("2026-09-07"), omittingYear: 2026), "Monday 7 September"),
        (CalendarText.day(CalendarFixtures.day("2027-01-04"), omittingYear: 2026), "Monday 4 January 2027"),
        (CalendarText.day(CalendarFixtures.day("2026-09-07")), "Monday 7 September 2026"),
        (CalendarText.time(CalendarFixtures.time("09:05:59")), "09:05"),
        (CalendarText.time(CalendarFixtures.time("00:00")), "00:00"),
        (CalendarText.dayAndTime(CalendarFixtures.local("2026-09-10 10:00")), "Thursday 10 September 2026 at 10:00"),
        (CalendarText.timeOnDay(CalendarFixtures.local("2026-09-09 13:00"), omittingYear: 2026), "13:00 on Wednesday 9 September"),
        (CalendarText.weekdayAndTime(CalendarFixtures.local("2026-09-05 10:12")), "Saturday 10:12"),
    ])
    func text(_ actual: String, _ expected: String) {
        #expect(actual == expected)
    }
}
