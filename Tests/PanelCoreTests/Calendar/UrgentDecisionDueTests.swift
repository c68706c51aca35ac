import Foundation
import Testing
@testable import PanelCore

@Suite("Urgent decision due times")
struct UrgentDecisionDueTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let arrival: String        // UTC
        let inWorkingTime: Bool
        let due: String            // UTC
        let text: String
        var testDescription: String { "\(arrival) UTC" }
    }

    @Test("due at closing today in working time, else at closing on the next working day that opens after arrival", arguments: [
        // Friday 28 August 2026 (BST) before the bank-holiday Monday.
        Case(arrival: "2026-08-28 07:59:59", inWorkingTime: false, due: "2026-08-28 16:00:00",
             text: "received Friday 08:59; a decision is due by 17:00 on Friday 28 August"),
        Case(arrival: "2026-08-28 08:00:00", inWorkingTime: true, due: "2026-08-28 16:00:00",
             text: "received Friday 09:00; a decision is due by 17:00 on Friday 28 August"),
        Case(arrival: "2026-08-28 15:59:59", inWorkingTime: true, due: "2026-08-28 16:00:00",
             text: "received Friday 16:59; a decision is due by 17:00 on Friday 28 August"),
        Case(arrival: "2026-08-28 16:00:00", inWorkingTime: false, due: "2026-09-01 16:00:00",
             text: "received Friday 17:00; a decision is due by 17:00 on Tuesday 1 September"),
        Case(arrival: "2026-08-31 10:00:00", inWorkingTime: false, due: "2026-09-01 16:00:00",
             text: "received Monday 11:00; a decision is due by 17:00 on Tuesday 1 September"),
        // The examples in the brief.
        Case(arrival: "2026-09-07 07:59:59", inWorkingTime: false, due: "2026-09-07 16:00:00",
             text: "received Monday 08:59; a decision is due by 17:00 on Monday 7 September"),
        Case(arrival: "2026-09-05 09:12:00", inWorkingTime: false, due: "2026-09-07 16:00:00",
             text: "received Saturday 10:12; a decision is due by 17:00 on Monday 7 September"),
        Case(arrival: "2026-09-08 13:03:00", inWorkingTime: true, due: "2026-09-08 16:00:00",
             text: "received Tuesday 14:03; a decision is due by 17:00 on Tuesday 8 September"),
        Case(arrival: "2026-09-08 17:00:00", inWorkingTime: false, due: "2026-09-09 16:00:00",
             text: "received Tuesday 18:00; a decision is due by 17:00 on Wednesday 9 September"),
        Case(arrival: "2026-09-06 22:59:59", inWorkingTime: false, due: "2026-09-07 16:00:00",
             text: "received Sunday 23:59; a decision is due by 17:00 on Monday 7 September"),
        // Easter 2026: Good Friday 3 April and Easter Monday 6 April.
        Case(arrival: "2026-04-02 16:00:00", inWorkingTime: false, due: "2026-04-07 16:00:00",
             text: "received Thursday 17:00; a decision is due by 17:00 on Tuesday 7 April"),
        Case(arrival: "2026-04-05 23:00:00", inWorkingTime: false, due: "2026-04-07 16:00:00",
             text: "received Monday 00:00; a decision is due by 17:00 on Tuesday 7 April"),
        // Christmas 2026 (GMT), and into the new year.
        Case(arrival: "2026-12-24 17:00:00", inWorkingTime: false, due: "2026-12-29 17:00:00",
             text: "received Thursday 17:00; a decision is due by 17:00 on Tuesday 29 December"),
        Case(arrival: "2026-12-25 10:00:00", inWorkingTime: false, due: "2026-12-29 17:00:00",
             text: "received Friday 10:00; a decision is due by 17:00 on Tuesday 29 December"),
        Case(arrival: "2026-12-28 12:00:00", inWorkingTime: false, due: "2026-12-29 17:00:00",
             text: "received Monday 12:00; a decision is due by 17:00 on Tuesday 29 December"),
        Case(arrival: "2026-12-31 17:30:00", inWorkingTime: false, due: "2027-01-04 17:00:00",
             text: "received Thursday 17:30; a decision is due by 17:00 on Monday 4 January 2027"),
        // Clocks forward (Sunday 29 March 2026): due instants move from 17:00 to 16:00 UTC.
        Case(arrival: "2026-03-28 10:00:00", inWorkingTime: false, due: "2026-03-30 16:00:00",
             text: "received Saturday 10:00; a decision is due by 17:00 on Monday 30 March"),
        Case(arrival: "2026-03-27 17:00:00", inWorkingTime: false, due: "2026-03-30 16:00:00",
             text: "received Friday 17:00; a decision is due by 17:00 on Monday 30 March"),
        Case(arrival: "2026-03-27 16:29:00", inWorkingTime: true, due: "2026-03-27 17:00:00",
             text: "received Friday 16:29; a decision is due by 17:00 on Friday 27 March"),
        Case(arrival: "2026-03-30 08:30:00", inWorkingTime: true, due: "2026-03-30 16:00:00",
             text: "received Monday 09:30; a decision is due by 17:00 on Monday 30 March"),
        // Clocks back (Sunday 25 October 2026): from 16:00 to 17:00 UTC.
        Case(arrival: "2026-10-23 16:30:00", inWorkingTime: false, due: "2026-10-26 17:00:00",
             text: "received Friday 17:30; a decision is due by 17:00 on Monday 26 October"),
        Case(arrival: "2026-10-25 01:30:00", inWorkingTime: false, due: "2026-10-26 17:00:00",
             text: "received Sunday 01:30; a decision is due by 17:00 on Monday 26 October"),
        Case(arrival: "2026-10-26 16:30:00", inWorkingTime: true, due: "2026-10-26 17:00:00",
             text: "received Monday 16:30; a decision is due by 17:00 on Monday 26 October"),
    ])
    func due(_ test: Case) throws {
        let due = UrgentDecisionDue(arrival: CalendarFixtures.utc(test.arrival), workingHours: try CalendarFixtures.london())
        #expect(due.receivedInWorkingTime == test.inWorkingTime)
        #expect(CalendarFixtures.utcText(due.due) == test.due)
        #expect(due.description == test.text)
        #expect(due.dueLocal.time == CalendarFixtures.time("17:00"))
        #expect(due.received == (try CalendarFixtures.london()).localDateTime(of: due.arrival))
    }

    @Test("closing time follows the configuration")
    func configuredClosing() throws {
        let hours = try WorkingHours(closes: CalendarFixtures.time("16:30"))
        let due = UrgentDecisionDue(arrival: CalendarFixtures.utc("2026-09-08 15:45:00"), workingHours: hours)
        #expect(due.description == "received Tuesday 16:45; a decision is due by 16:30 on Wednesday 9 September")
        #expect(due.receivedText == "Tuesday 16:45")
        #expect(due.dueText == "16:30 on Wednesday 9 September")
    }
}
