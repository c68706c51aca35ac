import Foundation
import Testing
@testable import PanelCore

@Suite("Working hours")
struct WorkingHoursTests {
    @Test("working time runs from 09:00:00 inclusive to 17:00:00 exclusive, London time", arguments: [
        // Friday 28 August 2026 (BST), before the Summer bank holiday on Monday 31 August.
        ("2026-08-28 07:59:59", false), ("2026-08-28 08:00:00", true), ("2026-08-28 15:59:59", true), ("2026-08-28 16:00:00", false),
        ("2026-08-29 10:00:00", false), ("2026-08-31 10:00:00", false), ("2026-09-01 08:00:00", true),
        // Christmas 2026 (GMT): Friday 25 and Monday 28 December are holidays.
        ("2026-12-24 16:59:59", true), ("2026-12-24 17:00:00", false), ("2026-12-25 10:00:00", false),
        ("2026-12-28 10:00:00", false), ("2026-12-29 09:00:00", true),
        // Clocks forward on Sunday 29 March 2026.
        ("2026-03-27 16:59:59", true), ("2026-03-30 07:59:59", false), ("2026-03-30 08:30:00", true), ("2026-03-30 16:00:00", false),
        // Clocks back on Sunday 25 October 2026.
        ("2026-10-23 15:59:59", true), ("2026-10-23 16:00:00", false), ("2026-10-26 09:00:00", true),
        ("2026-10-26 16:30:00", true), ("2026-10-26 17:00:00", false),
    ])
    func workingTime(utc: String, expected: Bool) throws {
        #expect(try CalendarFixtures.london().isWorkingTime(CalendarFixtures.utc(utc)) == expected)
    }

    @Test("the next working day skips weekends and bank holidays", arguments: [
        ("2026-09-07", "2026-09-08"), ("2026-08-28", "2026-09-01"), ("2026-04-02", "2026-04-07"),
        ("2026-12-24", "2026-12-29"), ("2026-12-31", "2027-01-04"), ("2027-12-24", "2027-12-29"), ("2026-08-29", "2026-09-01"),
    ])
    func nextWorkingDay(_ day: String, expected: String) throws {
        #expect(try CalendarFixtures.london().nextWorkingDay(after: CalendarFixtures.day(day)) == CalendarFixtures.day(expected))
    }

    @Test("the previous working day skips weekends and bank holidays", arguments: [
        ("2026-09-08", "2026-09-07"), ("2026-09-01", "2026-08-28"), ("2026-04-07", "2026-04-02"),
        ("2026-12-29", "2026-12-24"), ("2027-01-04", "2026-12-31"), ("2027-12-29", "2027-12-24"),
    ])
    func previousWorkingDay(_ day: String, expected: String) throws {
        #expect(try CalendarFixtures.london().previousWorkingDay(before: CalendarFixtures.day(day)) == CalendarFixtures.day(expected))
    }

    @Test("local day and time, and the instant of a local time")
    func conversions() throws {
        let hours = try CalendarFixtures.london()
        #expect(hours.localDateTime(of: CalendarFixtures.utc("2026-03-30 08:30:00")) == CalendarFixtures.local("2026-03-30 09:30"))
        #expect(CalendarFixtures.utcText(hours.instant(of: hours.closes, on: CalendarFixtures.day("2026-03-30"))) == "2026-03-30 16:00:00")
        #expect(CalendarFixtures.utcText(hours.instant(of: hours.closes, on: CalendarFixtures.day("2026-10-26"))) == "2026-10-26 17:00:00")
    }

    @Test("everything is configurable")
    func configurable() throws {
        let hours = try WorkingHours(timeZone: "Europe/Dublin", opens: CalendarFixtures.time("08:30"), closes: CalendarFixtures.time("16:30"),
                                     workingWeekdays: [1, 2, 3, 4, 5, 6], bankHolidays: BankHolidays([CalendarFixtures.day("2026-03-17")]))
        #expect(hours.isWorkingTime(CalendarFixtures.utc("2026-09-12 07:30:00")))      // Saturday 08:30 IST
        #expect(!hours.isWorkingTime(CalendarFixtures.utc("2026-09-12 15:30:00")))     // Saturday 16:30 IST
        #expect(!hours.isWorkingDay(CalendarFixtures.day("2026-03-17")))
        #expect(!hours.isWorkingDay(CalendarFixtures.day("2026-09-13")))               // Sunday
        #expect(hours.nextWorkingDay(after: CalendarFixtures.day("2026-03-16")) == CalendarFixtures.day("2026-03-18"))
    }

    @Test("defaults are 09:00 to 17:00 Europe/London, Monday to Friday")
    func defaults() throws {
        let hours = try WorkingHours()
        #expect(hours.timeZone.identifier == "Europe/London")
        #expect(hours.opens == CalendarFixtures.time("09:00") && hours.closes == CalendarFixtures.time("17:00"))
        #expect(hours.workingWeekdays == [1, 2, 3, 4, 5])
        #expect(hours.bankHolidays.days.isEmpty)
    }

    @Test("bad settings are refused")
    func badSettings() {
        #expect(throws: CalendarError.unknownTimeZone("Europe/Londn")) { try WorkingHours(timeZone: "Europe/Londn") }
        #expect(throws: CalendarError.noWorkingWeekdays) { try WorkingHours(workingWeekdays: []) }
        #expect(throws: CalendarError.badWeekday(0, setting: "a working weekday")) { try WorkingHours(workingWeekdays: [0, 1, 2]) }
        let nine = CalendarFixtures.time("09:00")
        #expect(throws: CalendarError.closesBeforeOpening(opens: nine, closes: nine)) { try WorkingHours(opens: nine, closes: nine) }
        #expect(CalendarError.closesBeforeOpening(opens: nine, closes: nine).description
            == "working hours close at 09:00, not after they open at 09:00; set the closing time later than the opening time")
    }
}
