import Testing
@testable import PanelCore

@Suite("Form values: end date or duration")
struct ResourceEndParserTests {
    @Test(arguments: [
        ("6 weeks", ResourceEnd.duration(count: 6, unit: .weeks)),
        ("for 3 months", .duration(count: 3, unit: .months)),
        ("12 nights", .duration(count: 12, unit: .nights)),
        ("six weeks", .duration(count: 6, unit: .weeks)),
        ("a year", .duration(count: 1, unit: .years)),
        ("1 day", .duration(count: 1, unit: .days)),
        ("10 wks", .duration(count: 10, unit: .weeks)),
        ("6wks", .duration(count: 6, unit: .weeks)),
        ("ongoing", .ongoing),
        ("Open-ended", .ongoing),
        ("until further notice", .ongoing),
        ("18/12/2026", .date(CalendarDay(year: 2026, month: 12, day: 18)!)),
        ("Friday 18th December 2026", .date(CalendarDay(year: 2026, month: 12, day: 18)!)),
        ("6 weeks (then review)", .duration(count: 6, unit: .weeks)),
    ])
    func readsEnds(text: String, end: ResourceEnd) {
        #expect(ResourceEndParser.parse(text) == .success(end))
    }

    @Test(arguments: [
        ("soon", ResourceEndParser.notUnderstood.reason),
        ("0 weeks", "is not a length of time: give at least 1 week"),
        ("200 years", "is too long: give an end date or a shorter length"),
        ("31/02/2026", "is not a date: February 2026 has 28 days"),
        ("6 fortnights", ResourceEndParser.notUnderstood.reason),
    ])
    func refusesWithAReason(text: String, reason: String) {
        #expect(ResourceEndParser.parse(text) == .failure(UnreadableValue(reason)))
    }

    @Test func describesEnds() {
        #expect(ResourceEnd.duration(count: 1, unit: .weeks).description == "1 week")
        #expect(ResourceEnd.duration(count: 6, unit: .weeks).description == "6 weeks")
        #expect(ResourceEnd.ongoing.description == "ongoing")
        #expect(ResourceEnd.date(CalendarDay(year: 2026, month: 12, day: 18)!).description == "18/12/2026")
    }
}
