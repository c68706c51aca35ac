import Foundation
import Testing
@testable import PanelCore

@Suite("Panel schedule")
struct PanelScheduleTests {
    /// The default panel: Thursday 10:00, deadline 13:00 on the Wednesday before.
    static func thursdays(cancelled: [String] = [], extra: [String] = []) throws -> PanelSchedule {
        try PanelSchedule(cancelled: Set(cancelled.map(CalendarFixtures.day)), extraSittings: extra.map(CalendarFixtures.local),
                          workingHours: CalendarFixtures.london())
    }

    /// A Tuesday panel, whose Monday deadlines meet bank holidays.
    static func tuesdays() throws -> PanelSchedule {
        try PanelSchedule(weekday: 2, workingHours: CalendarFixtures.london())
    }

    @Test("weekly sittings with their deadlines, in UTC across the months")
    func sittings() throws {
        let list = try Self.thursdays().sittings(from: CalendarFixtures.day("2026-09-01"), through: CalendarFixtures.day("2026-09-30"))
        #expect(list.map(\.starts) == ["2026-09-03 10:00", "2026-09-10 10:00", "2026-09-17 10:00", "2026-09-24 10:00"].map(CalendarFixtures.local))
        #expect(list.map(\.deadline) == ["2026-09-02 13:00", "2026-09-09 13:00", "2026-09-16 13:00", "2026-09-23 13:00"].map(CalendarFixtures.local))
        #expect(list.map { CalendarFixtures.utcText($0.startsAt) }.first == "2026-09-03 09:00:00")
        #expect(list.map { CalendarFixtures.utcText($0.deadlineAt) }.first == "2026-09-02 12:00:00")
        #expect(list.allSatisfy { !$0.isExtra })
        #expect(try Self.thursdays().sittings(from: CalendarFixtures.day("2026-09-30"), through: CalendarFixtures.day("2026-09-01")).isEmpty)
    }

    @Test("a sitting on a bank holiday is not cancelled unless the configuration says so")
    func bankHolidaySitting() throws {
        let christmas = CalendarFixtures.day("2025-12-25")
        let sitting = try #require(try Self.thursdays().sitting(on: christmas))
        #expect(sitting.deadline == CalendarFixtures.local("2025-12-24 13:00"))
        #expect(try Self.thursdays(cancelled: ["2025-12-25"]).sitting(on: christmas) == nil)
    }

    struct DeadlineCase: Sendable, CustomTestStringConvertible {
        let weekday: Int
        var daysBefore = 1
        let sitting: String
        let deadline: String
        let deadlineUTC: String
        let text: String
        var testDescription: String { sitting }
    }

    @Test("a deadline on a weekend or bank holiday moves back to the previous working day", arguments: [
        DeadlineCase(weekday: 2, sitting: "2026-09-01", deadline: "2026-08-28 13:00", deadlineUTC: "2026-08-28 12:00:00",
                     text: "13:00 on Friday 28 August"),
        DeadlineCase(weekday: 2, sitting: "2026-04-07", deadline: "2026-04-02 13:00", deadlineUTC: "2026-04-02 12:00:00",
                     text: "13:00 on Thursday 2 April"),
        DeadlineCase(weekday: 2, sitting: "2026-12-29", deadline: "2026-12-24 13:00", deadlineUTC: "2026-12-24 13:00:00",
                     text: "13:00 on Thursday 24 December"),
        DeadlineCase(weekday: 4, daysBefore: 2, sitting: "2027-12-30", deadline: "2027-12-24 13:00", deadlineUTC: "2027-12-24 13:00:00",
                     text: "13:00 on Friday 24 December"),
        DeadlineCase(weekday: 1, sitting: "2027-01-04", deadline: "2026-12-31 13:00", deadlineUTC: "2026-12-31 13:00:00",
                     text: "13:00 on Thursday 31 December 2026"),
        DeadlineCase(weekday: 1, sitting: "2026-03-30", deadline: "2026-03-27 13:00", deadlineUTC: "2026-03-27 13:00:00",
                     text: "13:00 on Friday 27 March"),
        DeadlineCase(weekday: 4, sitting: "2026-04-02", deadline: "2026-04-01 13:00", deadlineUTC: "2026-04-01 12:00:00",
                     text: "13:00 on Wednesday 1 April"),
    ])
    func movedDeadline(_ test: DeadlineCase) throws {
        let schedule = try PanelSchedule(weekday: test.weekday, deadlineDaysBefore: test.daysBefore, workingHours: CalendarFixtures.london())
        let sitting = try #require(schedule.sitting(on: CalendarFixtures.day(test.sitting)))
        #expect(sitting.deadline == CalendarFixtures.local(test.deadline))
        #expect(CalendarFixtures.utcText(sitting.deadlineAt) == test.deadlineUTC)
        #expect(sitting.deadlineText == test.text)
    }

    struct AssignmentCase: Sendable, CustomTestStringConvertible {
        let name: String
        var weekday = 4
        var cancelled: [String] = []
        var extra: [String] = []
        let event: String          // UTC
        var now: String? = nil     // UTC; the event time when nil
        let sitting: String        // local start
        var missed: String? = nil
        var satBeforeRead: String? = nil
        var testDescription: String { name }
    }

    @Test("requests go to the next panel whose deadline has not passed", arguments: [
        AssignmentCase(name: "12:59:59 Wednesday", event: "2026-09-09 11:59:59", sitting: "2026-09-10 10:00"),
        AssignmentCase(name: "13:00:00 Wednesday is on time", event: "2026-09-09 12:00:00", sitting: "2026-09-10 10:00"),
        AssignmentCase(name: "13:00:01 Wednesday is late", event: "2026-09-09 12:00:01", sitting: "2026-09-17 10:00", missed: "2026-09-10 10:00"),
        AssignmentCase(name: "Monday", event: "2026-09-07 10:00:00", sitting: "2026-09-10 10:00"),
        AssignmentCase(name: "Thursday before the panel", event: "2026-09-10 08:00:00", sitting: "2026-09-17 10:00", missed: "2026-09-10 10:00"),
        AssignmentCase(name: "Thursday after the panel started", event: "2026-09-10 09:30:00", sitting: "2026-09-17 10:00"),
        AssignmentCase(name: "Saturday", event: "2026-09-12 10:00:00", sitting: "2026-09-17 10:00"),
        // Tuesday panel: the Monday deadline before 1 September 2026 moves to Friday 28 August.
        AssignmentCase(name: "moved deadline, on time", weekday: 2, event: "2026-08-28 12:00:00", sitting: "2026-09-01 10:00"),
        AssignmentCase(name: "moved deadline, late", weekday: 2, event: "2026-08-28 12:00:01", sitting: "2026-09-08 10:00", missed: "2026-09-01 10:00"),
        AssignmentCase(name: "on the bank holiday itself", weekday: 2, event: "2026-08-31 09:00:00", sitting: "2026-09-08 10:00", missed: "2026-09-01 10:00"),
        // Easter 2026: Good Friday 3 April, Easter Monday 6 April.
        AssignmentCase(name: "Easter, Thursday panel, on time", event: "2026-04-01 12:00:00", sitting: "2026-04-02 10:00"),
        AssignmentCase(name: "Easter, Thursday panel, late", event: "2026-04-01 12:00:01", sitting: "2026-04-09 10:00", missed: "2026-04-02 10:00"),
        AssignmentCase(name: "Easter, Good Friday", event: "2026-04-03 10:00:00", sitting: "2026-04-09 10:00"),
        AssignmentCase(name: "Easter, Tuesday panel, Thursday deadline", weekday: 2, event: "2026-04-02 12:00:00", sitting: "2026-04-07 10:00"),
        AssignmentCase(name: "Easter, Tuesday panel, Thursday afternoon", weekday: 2, event: "2026-04-02 13:00:00", sitting: "2026-04-14 10:00", missed: "2026-04-07 10:00"),
        // Cancelled and extra sittings.
        AssignmentCase(name: "cancelled sitting is skipped, not missed", cancelled: ["2026-09-10"], event: "2026-09-09 11:00:00", sitting: "2026-09-17 10:00"),
        AssignmentCase(name: "Christmas week cancelled", cancelled: ["2026-12-24", "2026-12-31"], event: "2026-12-22 10:00:00", sitting: "2027-01-07 10:00"),
        AssignmentCase(name: "extra sitting, on time", extra: ["2026-12-21 10:00"], event: "2026-12-18 13:00:00", sitting: "2026-12-21 10:00"),
        AssignmentCase(name: "extra sitting, late", extra: ["2026-12-21 10:00"], event: "2026-12-18 13:00:01", sitting: "2026-12-24 10:00", missed: "2026-12-21 10:00"),
        AssignmentCase(name: "sitting moved to the afternoon", cancelled: ["2026-09-10"], extra: ["2026-09-10 14:00"], event: "2026-09-10 12:00:00", sitting: "2026-09-17 10:00", missed: "2026-09-10 14:00"),
        // Read late: the sitting the request was in time for had already sat.
        AssignmentCase(name: "read just before the panel", event: "2026-09-09 12:00:00", now: "2026-09-10 08:59:59", sitting: "2026-09-10 10:00"),
        AssignmentCase(name: "read as the panel starts", event: "2026-09-09 12:00:00", now: "2026-09-10 09:00:00", sitting: "2026-09-17 10:00", satBeforeRead: "2026-09-10 10:00"),
        AssignmentCase(name: "late and read late", event: "2026-09-09 12:00:01", now: "2026-09-18 08:00:00", sitting: "2026-09-24 10:00", missed: "2026-09-10 10:00", satBeforeRead: "2026-09-17 10:00"),
        AssignmentCase(name: "read a week late, after the next deadline", event: "2026-09-09 10:00:00", now: "2026-09-16 14:00:00", sitting: "2026-09-17 10:00", satBeforeRead: "2026-09-10 10:00"),
    ])
    func assignment(_ test: AssignmentCase) throws {
        let schedule = try PanelSchedule(weekday: test.weekday, cancelled: Set(test.cancelled.map(CalendarFixtures.day)),
                                         extraSittings: test.extra.map(CalendarFixtures.local), workingHours: CalendarFixtures.london())
        let result = try schedule.assignment(eventTime: CalendarFixtures.utc(test.event), now: CalendarFixtures.utc(test.now ?? test.event))
        #expect(result.sitting.starts == CalendarFixtures.local(test.sitting))
        #expect(result.missedDeadline?.starts == test.missed.map(CalendarFixtures.local))
        #expect(result.satBeforeRead?.starts == test.satBeforeRead.map(CalendarFixtures.local))
        #expect(result.isOnTime == (test.missed == nil))
        #expect(result.movedToALaterSitting == (test.missed != nil || test.satBeforeRead != nil))
    }

    @Test("deadlines compare to the whole second: 13:00:00.9 is still on time")
    func fractionOfASecond() throws {
        let event = CalendarFixtures.utc("2026-09-09 12:00:00").addingTimeInterval(0.9)
        #expect(try Self.thursdays().assignment(eventTime: event, now: event).sitting.day == CalendarFixtures.day("2026-09-10"))
    }

    @Test("an extra sitting's deadline follows the same rule")
    func extraSitting() throws {
        let schedule = try Self.thursdays(extra: ["2026-12-21 10:00", "2026-08-31 14:00"])
        let monday = try #require(schedule.sitting(on: CalendarFixtures.day("2026-12-21")))
        #expect(monday.isExtra)
        #expect(monday.deadline == CalendarFixtures.local("2026-12-18 13:00"))
        let bankHoliday = try #require(schedule.sitting(on: CalendarFixtures.day("2026-08-31")))
        #expect(bankHoliday.deadline == CalendarFixtures.local("2026-08-28 13:00"))
        let list = schedule.sittings(from: CalendarFixtures.day("2026-12-14"), through: CalendarFixtures.day("2026-12-24"))
        #expect(list.map(\.starts) == ["2026-12-17 10:00", "2026-12-21 10:00", "2026-12-24 10:00"].map(CalendarFixtures.local))
        #expect(list == list.sorted())
    }

    @Test("a same-day deadline works when it is before the sitting")
    func sameDayDeadline() throws {
        let schedule = try PanelSchedule(deadlineDaysBefore: 0, deadlineTime: CalendarFixtures.time("09:00"), workingHours: CalendarFixtures.london())
        let onTime = try schedule.assignment(eventTime: CalendarFixtures.utc("2026-09-10 08:00:00"), now: CalendarFixtures.utc("2026-09-10 08:00:00"))
        #expect(onTime.sitting.day == CalendarFixtures.day("2026-09-10") && onTime.isOnTime)
        let late = try schedule.assignment(eventTime: CalendarFixtures.utc("2026-09-10 08:00:01"), now: CalendarFixtures.utc("2026-09-10 08:00:01"))
        #expect(late.sitting.day == CalendarFixtures.day("2026-09-17") && late.missedDeadline?.day == CalendarFixtures.day("2026-09-10"))
    }

    @Test("the next sitting after a moment")
    func nextSitting() throws {
        let schedule = try Self.thursdays()
        #expect(try schedule.nextSitting(after: CalendarFixtures.utc("2026-09-10 08:59:59")).day == CalendarFixtures.day("2026-09-10"))
        #expect(try schedule.nextSitting(after: CalendarFixtures.utc("2026-09-10 09:00:00")).day == CalendarFixtures.day("2026-09-17"))
    }

    @Test("a schedule with every sitting cancelled fails clearly instead of hanging")
    func everythingCancelled() throws {
        let start = CalendarFixtures.day("2026-09-10")
        let thursdays = (0..<60).map { start.adding(days: 7 * $0) }.map(\.description)
        let schedule = try Self.thursdays(cancelled: thursdays)
        let event = CalendarFixtures.utc("2026-09-09 10:00:00")
        #expect(throws: CalendarError.noSitting(after: CalendarFixtures.day("2026-09-09"), withinDays: 366)) {
            try schedule.assignment(eventTime: event, now: event)
        }
        #expect(throws: CalendarError.self) { try schedule.nextSitting(after: event) }
        #expect(CalendarError.noSitting(after: start, withinDays: 366).description.contains("add an extra sitting"))
    }

    @Test("bad settings are refused")
    func badSettings() throws {
        let hours = try CalendarFixtures.london()
        #expect(throws: CalendarError.badWeekday(0, setting: "the panel's weekday")) { try PanelSchedule(weekday: 0, workingHours: hours) }
        #expect(throws: CalendarError.deadlineOffsetOutOfRange(-1)) { try PanelSchedule(deadlineDaysBefore: -1, workingHours: hours) }
        #expect(throws: CalendarError.deadlineOffsetOutOfRange(29)) { try PanelSchedule(deadlineDaysBefore: 29, workingHours: hours) }
        #expect(throws: CalendarError.cancelledDayIsNotASittingDay(CalendarFixtures.day("2026-09-09"), panelWeekday: 4)) {
            try PanelSchedule(cancelled: [CalendarFixtures.day("2026-09-09")], workingHours: hours)
        }
        #expect(throws: CalendarError.extraSittingClashes(CalendarFixtures.day("2026-09-10"))) {
            try PanelSchedule(extraSittings: [CalendarFixtures.local("2026-09-10 14:00")], workingHours: hours)
        }
        #expect(throws: CalendarError.extraSittingClashes(CalendarFixtures.day("2026-09-08"))) {
            try PanelSchedule(extraSittings: [CalendarFixtures.local("2026-09-08 10:00"), CalendarFixtures.local("2026-09-08 14:00")], workingHours: hours)
        }
        #expect(throws: CalendarError.deadlineNotBeforeSitting(deadline: CalendarFixtures.time("13:00"), sitting: CalendarFixtures.time("10:00"))) {
            try PanelSchedule(deadlineDaysBefore: 0, workingHours: hours)
        }
        #expect(throws: CalendarError.deadlineNotBeforeSitting(deadline: CalendarFixtures.time("09:00"), sitting: CalendarFixtures.time("08:30"))) {
            try PanelSchedule(deadlineDaysBefore: 0, deadlineTime: CalendarFixtures.time("09:00"),
                              extraSittings: [CalendarFixtures.local("2026-09-08 08:30")], workingHours: hours)
        }
        #expect(CalendarError.cancelledDayIsNotASittingDay(CalendarFixtures.day("2026-09-09"), panelWeekday: 4).description
            .hasPrefix("cancelled sitting 2026-09-09 is a Wednesday, but the panel sits on Thursdays"))
    }

    @Test("acknowledgement texts")
    func texts() throws {
        let sitting = try #require(try Self.thursdays().sitting(on: CalendarFixtures.day("2026-09-10")))
        #expect(sitting.startText == "Thursday 10 September 2026 at 10:00")
        #expect(sitting.deadlineText == "13:00 on Wednesday 9 September")
    }
}
