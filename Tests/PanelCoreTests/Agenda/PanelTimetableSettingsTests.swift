import Foundation
import Testing
@testable import PanelCore

extension AgendaTests {
    @Suite("Timetable settings")
    struct PanelTimetableSettingsTests {
        @Test("reminders are read as written in the configuration", arguments: [
            ("2 days before at 10:00", 2, "10:00", "2 days before at 10:00"),
            ("1 day before at 9:30", 1, "09:30", "1 day before at 09:30"),
            ("  Same  Day at 08:00 ", 0, "08:00", "same day at 08:00"),
            ("28 days before at 23:59", 28, "23:59", "28 days before at 23:59"),
        ])
        func parse(text: String, days: Int, time: String, description: String) throws {
            let offset = try SittingOffset(parsing: text)
            #expect(offset.daysBefore == days)
            #expect(offset.time == AgendaFixtures.time(time))
            #expect(offset.description == description)
            #expect(try SittingOffset(parsing: offset.description) == offset)
        }

        @Test("a reminder that cannot be read says how to write it", arguments: [
            ("2 days at 10:00", PanelTimetableError.badReminder("2 days at 10:00")),
            ("two days before at 10:00", .badReminder("two days before at 10:00")),
            ("2 days before at 25:00", .badReminder("2 days before at 25:00")),
            ("-1 days before at 10:00", .reminderDaysOutOfRange(-1)),
            ("29 days before at 10:00", .reminderDaysOutOfRange(29)),
        ])
        func parseErrors(text: String, error: PanelTimetableError) {
            #expect(throws: error) { try SittingOffset(parsing: text) }
        }

        @Test("a reminder moment on a non-working day moves back to the previous working day", arguments: [
            // Thursday 10 September 2026: Tuesday and Wednesday.
            ("2026-09-10", 4, 2, "2026-09-08 10:00"), ("2026-09-10", 4, 1, "2026-09-09 10:00"),
            // Tuesday 1 September 2026: Sunday and the bank-holiday Monday both go back to Friday.
            ("2026-09-01", 2, 2, "2026-08-28 10:00"), ("2026-09-01", 2, 1, "2026-08-28 10:00"),
            // Tuesday 7 April 2026: Easter Sunday to Maundy Thursday, past Good Friday.
            ("2026-04-07", 2, 2, "2026-04-02 10:00"),
        ])
        func moment(sitting: String, weekday: Int, days: Int, expected: String) throws {
            let offset = try SittingOffset(daysBefore: days, at: AgendaFixtures.time("10:00"))
            let moment = try offset.moment(before: AgendaFixtures.sitting(sitting, weekday: weekday), workingHours: AgendaFixtures.london())
            #expect(moment == AgendaFixtures.local(expected))
        }

        @Test("default reminders are Tuesday and Wednesday 10:00, less any not before another deadline")
        func defaults() throws {
            let thursday = try AgendaFixtures.timetable()
            #expect(thursday.deadlineReminders.map(\.description) == ["2 days before at 10:00", "1 day before at 10:00"])
            #expect(thursday.urgentReminderTime == AgendaFixtures.time("15:00"))
            let hours = try AgendaFixtures.london()
            let early = try PanelSchedule(deadlineDaysBefore: 2, deadlineTime: AgendaFixtures.time("09:00"), workingHours: hours)
            let timetable = try PanelTimetable(schedule: early, rota: AgendaFixtures.rota())
            #expect(timetable.deadlineReminders.isEmpty)
            let lateMorning = try PanelSchedule(deadlineDaysBefore: 2, deadlineTime: AgendaFixtures.time("12:00"), workingHours: hours)
            #expect(try PanelTimetable(schedule: lateMorning, rota: AgendaFixtures.rota()).deadlineReminders.map(\.description) == ["2 days before at 10:00"])
        }

        struct ErrorCase: Sendable, CustomTestStringConvertible {
            let name: String
            var urgent = "15:00"
            var reminders: [String]? = nil
            let error: PanelTimetableError
            let text: String
            var testDescription: String { name }
        }

        @Test("settings that cannot be used say what to fix", arguments: [
            ErrorCase(name: "reminder at the deadline", reminders: ["1 day before at 13:00"],
                      error: .reminderNotBeforeDeadline(SittingOffset(valid: 1, LocalTime(valid: 13, 0)), deadline: SittingOffset(valid: 1, LocalTime(valid: 13, 0))),
                      text: "the deadline reminder \"1 day before at 13:00\" is not before the deadline (1 day before at 13:00); set it earlier or remove it"),
            ErrorCase(name: "reminder after the deadline", reminders: ["same day at 08:00"],
                      error: .reminderNotBeforeDeadline(SittingOffset(valid: 0, LocalTime(valid: 8, 0)), deadline: SittingOffset(valid: 1, LocalTime(valid: 13, 0))),
                      text: "the deadline reminder \"same day at 08:00\" is not before the deadline (1 day before at 13:00); set it earlier or remove it"),
            ErrorCase(name: "reminder twice", reminders: ["2 days before at 10:00", "2 days before at 10:00"],
                      error: .duplicateReminder(SittingOffset(valid: 2, LocalTime(valid: 10, 0))),
                      text: "the deadline reminder \"2 days before at 10:00\" is listed twice; list it once"),
            ErrorCase(name: "urgent reminder at closing", urgent: "17:00",
                      error: .urgentReminderOutsideWorkingTime(LocalTime(valid: 17, 0), opens: LocalTime(valid: 9, 0), closes: LocalTime(valid: 17, 0)),
                      text: "the urgent reminder time 17:00 is not inside working hours (09:00 to 17:00); set a time after 09:00 and before 17:00, e.g. 15:00"),
            ErrorCase(name: "urgent reminder at opening", urgent: "09:00",
                      error: .urgentReminderOutsideWorkingTime(LocalTime(valid: 9, 0), opens: LocalTime(valid: 9, 0), closes: LocalTime(valid: 17, 0)),
                      text: "the urgent reminder time 09:00 is not inside working hours (09:00 to 17:00); set a time after 09:00 and before 17:00, e.g. 15:00"),
        ])
        func errors(_ test: ErrorCase) throws {
            let schedule = try PanelSchedule(workingHours: AgendaFixtures.london())
            let rota = try AgendaFixtures.rota()
            let reminders = try test.reminders.map { texts in try texts.map { try SittingOffset(parsing: $0) } }
            #expect(throws: test.error) {
                try PanelTimetable(schedule: schedule, rota: rota, urgentReminderTime: AgendaFixtures.time(test.urgent), deadlineReminders: reminders)
            }
            #expect(test.error.description == test.text)
        }

        @Test("reminder moments for a sitting: before its deadline, once each", arguments: [
            // Thursday panel: Tuesday and Wednesday 10:00 (BST, so 09:00 UTC).
            (4, "2026-09-10", ["2 days before at 10:00", "1 day before at 10:00"], ["2026-09-08 09:00:00", "2026-09-09 09:00:00"]),
            // Tuesday panel after the August bank holiday: both land on Friday 28 August, once.
            (2, "2026-09-01", ["2 days before at 10:00", "1 day before at 10:00"], ["2026-08-28 09:00:00"]),
            // Thursday panel with Wednesday 13:00 deadline: "2 days before at 15:00" is Tuesday,
            // before the deadline; on Thursday 31 December 2026 it is Tuesday 29 December (GMT).
            (4, "2026-12-31", ["2 days before at 15:00"], ["2026-12-29 15:00:00"]),
            // Clocks go back on Sunday 25 October 2026: a Monday panel's "3 days before" is Friday (BST),
            // its "1 day before" is Sunday, moved to the same Friday.
            (1, "2026-10-26", ["3 days before at 10:00", "1 day before at 11:00"], ["2026-10-23 09:00:00", "2026-10-23 10:00:00"]),
        ])
        func reminderMoments(weekday: Int, sitting: String, reminders: [String], expected: [String]) throws {
            let timetable = try AgendaFixtures.timetable(weekday: weekday, reminders: reminders.map { try SittingOffset(parsing: $0) })
            let moments = try timetable.reminderMoments(for: AgendaFixtures.sitting(sitting, weekday: weekday))
            #expect(moments.map { AgendaFixtures.utcText($0.instant) } == expected)
        }

        @Test("a reminder that lands after a deadline moved back by a holiday is dropped")
        func collapsedOntoDeadline() throws {
            // Tuesday panel on 1 September 2026: deadline Monday 31 August (bank holiday) moves to
            // Friday 28 August 13:00. "3 days before at 15:00" is Saturday, moved to Friday 15:00:
            // after that deadline, so no reminder.
            let timetable = try AgendaFixtures.timetable(weekday: 2, reminders: [SittingOffset(parsing: "3 days before at 15:00")])
            #expect(try timetable.reminderMoments(for: AgendaFixtures.sitting("2026-09-01", weekday: 2)).isEmpty)
        }

        @Test("working hours give the next opening")
        func opening() throws {
            let hours = try AgendaFixtures.london()
            let cases = [
                ("2026-09-07 07:59:59", "2026-09-07 08:00:00"),  // Monday 08:59:59 BST: 09:00 the same day
                ("2026-09-07 08:00:00", "2026-09-07 08:00:00"),  // in working time: itself
                ("2026-09-07 16:00:00", "2026-09-08 08:00:00"),  // Monday 17:00: Tuesday 09:00
                ("2026-08-28 16:30:00", "2026-09-01 08:00:00"),  // Friday before the bank holiday: Tuesday
                ("2026-03-27 17:00:00", "2026-03-30 08:00:00"),  // Friday 17:00 GMT: Monday 09:00 BST
                ("2026-10-23 16:00:00", "2026-10-26 09:00:00"),  // Friday 17:00 BST: Monday 09:00 GMT
            ]
            for (instant, expected) in cases {
                #expect(AgendaFixtures.utcText(hours.opening(atOrAfter: AgendaFixtures.utc(instant))) == expected)
            }
        }
    }
}
