import Testing
@testable import PanelCore

@Suite("Form values: dates")
struct UKDateParserTests {
    @Test(arguments: [
        ("03/09/2026", 2026, 9, 3),
        ("3/9/26", 2026, 9, 3),
        ("3 September 2026", 2026, 9, 3),
        ("3rd Sept 2026", 2026, 9, 3),
        ("3rd of September 2026", 2026, 9, 3),
        ("Thursday 3 September 2026", 2026, 9, 3),
        ("Thu, 3 Sep 2026", 2026, 9, 3),
        ("September 3rd, 2026", 2026, 9, 3),
        ("2026-09-03", 2026, 9, 3),
        ("3.9.2026", 2026, 9, 3),
        ("03-09-2026", 2026, 9, 3),
        ("09/03/2026", 2026, 3, 9),
        ("29/02/2028", 2028, 2, 29),
        ("1 Dec. 2026", 2026, 12, 1),
        ("03/09/2026 (to be confirmed by the provider)", 2026, 9, 3),
        ("  14 SEPTEMBER 2026 ", 2026, 9, 14),
    ])
    func readsUKDates(text: String, year: Int, month: Int, day: Int) {
        #expect(UKDateParser.parse(text) == .success(CalendarDay(year: year, month: month, day: day)!))
    }

    @Test(arguments: [
        ("31/02/2026", "is not a date: February 2026 has 28 days"),
        ("31/09/2026", "is not a date: September has 30 days"),
        ("13/13/2026", "is not a date: there is no month 13"),
        ("00/09/2026", "is not a date"),
        ("3 September", "has no year: write it as, e.g., 03/09/2026"),
        ("Friday 3 September 2026", "is not a date: Thursday 3 September 2026 is a Thursday, not a Friday"),
        ("3/9/1926", "is not a date: the year 1926 looks wrong"),
        ("ASAP", "is not a date"),
        ("next Monday", "is not a date"),
        ("3/9", "is not a date"),
        ("03/09/2026/1", "is not a date"),
        ("", "is not a date"),
    ])
    func refusesWithAReason(text: String, reason: String) {
        #expect(UKDateParser.parse(text) == .failure(UnreadableValue(reason)))
    }

    @Test func describesDays() {
        let day = CalendarDay(year: 2026, month: 9, day: 3)!
        #expect(UKDateParser.describe(day) == "Thursday 3 September 2026")
        #expect(UKDateParser.numeric(day) == "03/09/2026")
    }
}
