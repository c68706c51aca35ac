import Foundation
import Testing
@testable import PanelCore

@Suite("Local time and time zones")
struct LocalTimeTests {
    let london = TimeZone(identifier: "Europe/London")!

    @Test("configuration times parse", arguments: [
        ("09:00", 9, 0, 0), ("9:00", 9, 0, 0), ("17:00", 17, 0, 0), ("00:00", 0, 0, 0), ("23:59:59", 23, 59, 59), ("13:05", 13, 5, 0),
    ])
    func parses(_ text: String, hour: Int, minute: Int, second: Int) throws {
        #expect(try LocalTime(parsing: text) == LocalTime(hour: hour, minute: minute, second: second))
    }

    @Test("anything else is refused with a clear error", arguments: [
        "", "9", "24:00", "09:60", "09:00:60", "09:0", "9am", " 09:00", "09:00:", "-1:00", "09-00", "09.00", "０９:００", "540",
    ])
    func refuses(_ text: String) {
        #expect(throws: CalendarError.badTime(text)) { try LocalTime(parsing: text) }
        #expect(CalendarError.badTime(text).description.contains("HH:MM"))
    }

    @Test("description and order")
    func descriptionAndOrder() throws {
        #expect(CalendarFixtures.time("09:00").description == "09:00")
        #expect(CalendarFixtures.time("09:00:30").description == "09:00:30")
        #expect(CalendarFixtures.time("08:59:59") < CalendarFixtures.time("09:00"))
        #expect(LocalTime(hour: 24, minute: 0) == nil)
    }

    @Test("UTC instants read as London wall-clock time across both DST changes", arguments: [
        ("2026-03-29 00:59:59", "2026-03-29 00:59:59"),   // last second of GMT
        ("2026-03-29 01:00:00", "2026-03-29 02:00:00"),   // clocks go forward
        ("2026-03-30 08:30:00", "2026-03-30 09:30:00"),
        ("2026-10-25 00:59:59", "2026-10-25 01:59:59"),   // last second of BST
        ("2026-10-25 01:00:00", "2026-10-25 01:00:00"),   // clocks go back
        ("2026-10-26 16:30:00", "2026-10-26 16:30:00"),
        ("2026-06-30 23:30:00", "2026-07-01 00:30:00"),   // BST carries into the next day
        ("2026-12-31 23:59:59", "2026-12-31 23:59:59"),
    ])
    func localDateTime(utc: String, local: String) {
        #expect(london.localDateTime(of: CalendarFixtures.utc(utc)) == CalendarFixtures.local(local))
    }

    @Test("fractions of a second are dropped, never rounded up")
    func fractions() {
        let instant = CalendarFixtures.utc("2026-10-26 16:59:59").addingTimeInterval(0.999)
        #expect(london.localDateTime(of: instant).time == CalendarFixtures.time("16:59:59"))
    }

    @Test("London wall-clock times become UTC instants, DST gaps and repeats included", arguments: [
        ("2026-03-30 09:00", "2026-03-30 08:00:00"),
        ("2026-03-27 17:00", "2026-03-27 17:00:00"),
        ("2026-03-29 00:30", "2026-03-29 00:30:00"),
        ("2026-03-29 01:30", "2026-03-29 01:30:00"),   // skipped: read with GMT, i.e. 02:30 BST
        ("2026-03-29 02:00", "2026-03-29 01:00:00"),
        ("2026-10-25 00:30", "2026-10-24 23:30:00"),
        ("2026-10-25 01:30", "2026-10-25 00:30:00"),   // shown twice: the first (BST)
        ("2026-10-25 02:00", "2026-10-25 02:00:00"),
        ("2026-10-26 17:00", "2026-10-26 17:00:00"),
    ])
    func instant(local: String, utc: String) {
        let moment = CalendarFixtures.local(local)
        #expect(CalendarFixtures.utcText(london.instant(of: moment.time, on: moment.day)) == utc)
    }

    @Test("conversion round-trips every quarter hour of both DST weeks")
    func roundTrip() {
        for start in ["2026-03-26", "2026-10-22"] {
            for offset in 0..<7 {
                let day = CalendarFixtures.day(start).adding(days: offset)
                for quarter in 0..<96 {
                    let time = LocalTime(secondsSinceMidnight: quarter * 900)
                    let back = london.localDateTime(of: london.instant(of: time, on: day))
                    let skipped = day == CalendarFixtures.day("2026-03-29") && time.hour == 1
                    #expect(skipped || back == LocalDateTime(day: day, time: time), "\(day) \(time)")
                }
            }
        }
    }
}
