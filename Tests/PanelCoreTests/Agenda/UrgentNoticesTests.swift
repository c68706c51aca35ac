import Foundation
import Testing
@testable import PanelCore

extension AgendaTests {
    @Suite("Urgent notices")
    struct UrgentNoticesTests {
        static let reference = AgendaFixtures.reference("ARP-2026-00042")

        static func urgent(completed: String, revision: Int = 3, decided: Bool = false, due: String? = nil) -> RequestFacts {
            RequestFacts(reference: reference, revision: revision, worker: AgendaFixtures.worker, receivedAt: AgendaFixtures.utc(completed),
                         isUrgent: true, isDecided: decided, completedAt: AgendaFixtures.utc(completed), urgentDueAt: due.map(AgendaFixtures.utc))
        }

        /// "key @ UTC meant for -> addresses", one string per notice, for readable tables.
        static func lines(_ notices: [DueNotice]) -> [String] {
            notices.map { "\($0.key) @ \(AgendaFixtures.utcText($0.meantFor)) -> \($0.addresses.map(\.address).joined(separator: ", "))" }
        }

        struct Case: Sendable, CustomTestStringConvertible {
            let name: String
            let completed: String      // UTC
            let from: String           // UTC, the last run
            let through: String        // UTC, now
            let expected: [String]
            var testDescription: String { name }
        }

        // Monday 7 September 2026 (BST): Sam on duty; Alex is the lead.
        @Test("the chase for an urgent request: duty at once or at opening, a reminder at 15:00, the lead and worker at 17:00", arguments: [
            Case(name: "completed in working time: the duty member at once", completed: "2026-09-07 09:30:00",
                 from: "2026-09-07 09:29:00", through: "2026-09-07 09:30:00",
                 expected: ["urgent-ready:ARP-2026-00042:v3:2026-09-07 @ 2026-09-07 09:30:00 -> sam.patel@council.example"]),
            Case(name: "the whole day in one window", completed: "2026-09-07 09:30:00",
                 from: "2026-09-07 09:00:00", through: "2026-09-07 18:00:00",
                 expected: ["urgent-ready:ARP-2026-00042:v3:2026-09-07 @ 2026-09-07 09:30:00 -> sam.patel@council.example",
                            "urgent-reminder:ARP-2026-00042:v3:2026-09-07 @ 2026-09-07 14:00:00 -> sam.patel@council.example, alex.morgan@council.example",
                            "urgent-overdue-worker:ARP-2026-00042:v3:2026-09-07 @ 2026-09-07 16:00:00 -> jo.bloggs@council.example",
                            "urgent-overdue:ARP-2026-00042:v3:2026-09-07 @ 2026-09-07 16:00:00 -> alex.morgan@council.example"]),
            Case(name: "14:59:59 is not yet the reminder", completed: "2026-09-07 09:30:00",
                 from: "2026-09-07 13:00:00", through: "2026-09-07 13:59:59", expected: []),
            Case(name: "15:00:00 is the reminder", completed: "2026-09-07 09:30:00",
                 from: "2026-09-07 13:59:59", through: "2026-09-07 14:00:00",
                 expected: ["urgent-reminder:ARP-2026-00042:v3:2026-09-07 @ 2026-09-07 14:00:00 -> sam.patel@council.example, alex.morgan@council.example"]),
            Case(name: "a run ending exactly at 15:00 already sent it", completed: "2026-09-07 09:30:00",
                 from: "2026-09-07 14:00:00", through: "2026-09-07 15:59:59", expected: []),
            Case(name: "completed at 14:59:59: told at once and reminded a second later", completed: "2026-09-07 13:59:59",
                 from: "2026-09-07 13:59:58", through: "2026-09-07 14:00:00",
                 expected: ["urgent-ready:ARP-2026-00042:v3:2026-09-07 @ 2026-09-07 13:59:59 -> sam.patel@council.example",
                            "urgent-reminder:ARP-2026-00042:v3:2026-09-07 @ 2026-09-07 14:00:00 -> sam.patel@council.example, alex.morgan@council.example"]),
            Case(name: "completed at 15:00:00: no reminder", completed: "2026-09-07 14:00:00",
                 from: "2026-09-07 13:59:59", through: "2026-09-07 15:00:00",
                 expected: ["urgent-ready:ARP-2026-00042:v3:2026-09-07 @ 2026-09-07 14:00:00 -> sam.patel@council.example"]),
            Case(name: "16:59:59 is not yet late", completed: "2026-09-07 09:30:00",
                 from: "2026-09-07 14:00:00", through: "2026-09-07 15:59:59", expected: []),
            Case(name: "completed at 08:59:59 on a working day: 09:00 the same day", completed: "2026-09-07 07:59:59",
                 from: "2026-09-07 07:59:59", through: "2026-09-07 08:00:00",
                 expected: ["urgent-ready:ARP-2026-00042:v3:2026-09-07 @ 2026-09-07 08:00:00 -> sam.patel@council.example"]),
            Case(name: "completed at 17:00 on Monday: Tuesday 09:00, Alex on duty and lead", completed: "2026-09-07 16:00:00",
                 from: "2026-09-07 16:00:00", through: "2026-09-08 16:00:00",
                 expected: ["urgent-ready:ARP-2026-00042:v3:2026-09-08 @ 2026-09-08 08:00:00 -> alex.morgan@council.example",
                            "urgent-reminder:ARP-2026-00042:v3:2026-09-08 @ 2026-09-08 14:00:00 -> alex.morgan@council.example",
                            "urgent-overdue-worker:ARP-2026-00042:v3:2026-09-08 @ 2026-09-08 16:00:00 -> jo.bloggs@council.example",
                            "urgent-overdue:ARP-2026-00042:v3:2026-09-08 @ 2026-09-08 16:00:00 -> alex.morgan@council.example"]),
            Case(name: "completed on Friday evening before the August bank holiday: Tuesday", completed: "2026-08-28 18:00:00",
                 from: "2026-08-28 18:00:00", through: "2026-09-01 08:00:00",
                 expected: ["urgent-ready:ARP-2026-00042:v3:2026-09-01 @ 2026-09-01 08:00:00 -> alex.morgan@council.example"]),
            Case(name: "nothing on the bank holiday itself", completed: "2026-08-28 18:00:00",
                 from: "2026-08-28 18:00:00", through: "2026-08-31 23:00:00", expected: []),
            // Clocks go forward on Sunday 29 March 2026: Friday is GMT, Monday BST.
            Case(name: "clocks forward: Friday GMT to Monday BST", completed: "2026-03-27 17:30:00",
                 from: "2026-03-27 17:30:00", through: "2026-03-30 16:00:00",
                 expected: ["urgent-ready:ARP-2026-00042:v3:2026-03-30 @ 2026-03-30 08:00:00 -> sam.patel@council.example",
                            "urgent-reminder:ARP-2026-00042:v3:2026-03-30 @ 2026-03-30 14:00:00 -> sam.patel@council.example, alex.morgan@council.example",
                            "urgent-overdue-worker:ARP-2026-00042:v3:2026-03-30 @ 2026-03-30 16:00:00 -> jo.bloggs@council.example",
                            "urgent-overdue:ARP-2026-00042:v3:2026-03-30 @ 2026-03-30 16:00:00 -> alex.morgan@council.example"]),
            Case(name: "clocks forward: 14:59:59 BST is 13:59:59 UTC", completed: "2026-03-30 08:30:00",
                 from: "2026-03-30 08:29:00", through: "2026-03-30 13:59:59",
                 expected: ["urgent-ready:ARP-2026-00042:v3:2026-03-30 @ 2026-03-30 08:30:00 -> sam.patel@council.example"]),
            // Clocks go back on Sunday 25 October 2026: Friday is BST, Monday GMT.
            Case(name: "clocks back: Friday BST to Monday GMT", completed: "2026-10-23 16:30:00",
                 from: "2026-10-23 16:30:00", through: "2026-10-26 17:00:00",
                 expected: ["urgent-ready:ARP-2026-00042:v3:2026-10-26 @ 2026-10-26 09:00:00 -> sam.patel@council.example",
                            "urgent-reminder:ARP-2026-00042:v3:2026-10-26 @ 2026-10-26 15:00:00 -> sam.patel@council.example, alex.morgan@council.example",
                            "urgent-overdue-worker:ARP-2026-00042:v3:2026-10-26 @ 2026-10-26 17:00:00 -> jo.bloggs@council.example",
                            "urgent-overdue:ARP-2026-00042:v3:2026-10-26 @ 2026-10-26 17:00:00 -> alex.morgan@council.example"]),
            Case(name: "clocks back: 15:00 GMT is 15:00 UTC, not 14:00", completed: "2026-10-26 09:30:00",
                 from: "2026-10-26 09:29:00", through: "2026-10-26 14:59:59",
                 expected: ["urgent-ready:ARP-2026-00042:v3:2026-10-26 @ 2026-10-26 09:30:00 -> sam.patel@council.example"]),
            // Christmas 2026: Friday 25 and Monday 28 December are holidays.
            Case(name: "Christmas Eve after closing: Tuesday 29 December", completed: "2026-12-24 17:00:00",
                 from: "2026-12-24 17:00:00", through: "2026-12-29 09:00:00",
                 expected: ["urgent-ready:ARP-2026-00042:v3:2026-12-29 @ 2026-12-29 09:00:00 -> alex.morgan@council.example"]),
        ])
        func chase(_ test: Case) throws {
            let notices = try AgendaFixtures.timetable().dueNotices(
                for: [Self.urgent(completed: test.completed)], after: AgendaFixtures.utc(test.from), through: AgendaFixtures.utc(test.through))
            #expect(Self.lines(notices) == test.expected)
        }

        @Test("a decided request, a weekly one or an incomplete one gets no urgent notice")
        func nothingForOthers() throws {
            let timetable = try AgendaFixtures.timetable()
            let (from, through) = (AgendaFixtures.utc("2026-09-07 00:00:00"), AgendaFixtures.utc("2026-09-08 00:00:00"))
            var decided = Self.urgent(completed: "2026-09-07 09:30:00")
            decided.isDecided = true
            var incomplete = Self.urgent(completed: "2026-09-07 09:30:00")
            incomplete.completedAt = nil
            var weekly = Self.urgent(completed: "2026-09-07 09:30:00")
            weekly.isUrgent = false
            #expect(timetable.dueNotices(for: [decided, incomplete, weekly], after: from, through: through).isEmpty)
        }

        @Test("a notice missed while panelmail was stopped is still due, and says when it was meant for")
        func missedWhileStopped() throws {
            let timetable = try AgendaFixtures.timetable()
            // Stopped from Monday 14:00 to 18:30 BST.
            let notices = timetable.dueNotices(for: [Self.urgent(completed: "2026-09-07 09:30:00")],
                                               after: AgendaFixtures.utc("2026-09-07 13:00:00"), through: AgendaFixtures.utc("2026-09-07 17:30:00"))
            // In the order meant for, then by key.
            #expect(notices.map(\.kind.name) == ["urgent-reminder", "urgent-overdue-worker", "urgent-overdue"])
            let reminder = try #require(notices.first)
            #expect(reminder.meantForLocal == AgendaFixtures.local("2026-09-07 15:00"))
            #expect(reminder.lateBy == .seconds(3.5 * 3600))
            #expect(reminder.isLate(beyond: .seconds(300)))
            #expect(reminder.kind == .urgentReminder(Self.reference, due: AgendaFixtures.local("2026-09-07 17:00")))
            #expect(reminder.description == "urgent-reminder:ARP-2026-00042:v3:2026-09-07 for 2026-09-07 15:00")
        }

        @Test("the given due time wins over the one worked out; the revision is in the key")
        func givenDueTime() throws {
            let timetable = try AgendaFixtures.timetable()
            // Completed Monday 10:00 BST, but due Tuesday 17:00 (set by the duty member).
            let facts = Self.urgent(completed: "2026-09-07 09:00:00", revision: 4, due: "2026-09-08 16:00:00")
            let notices = timetable.dueNotices(for: [facts], after: AgendaFixtures.utc("2026-09-07 08:00:00"), through: AgendaFixtures.utc("2026-09-08 16:00:00"))
            #expect(Self.lines(notices) == [
                "urgent-ready:ARP-2026-00042:v4:2026-09-07 @ 2026-09-07 09:00:00 -> alex.morgan@council.example",
                "urgent-reminder:ARP-2026-00042:v4:2026-09-08 @ 2026-09-08 14:00:00 -> alex.morgan@council.example",
                "urgent-overdue-worker:ARP-2026-00042:v4:2026-09-08 @ 2026-09-08 16:00:00 -> jo.bloggs@council.example",
                "urgent-overdue:ARP-2026-00042:v4:2026-09-08 @ 2026-09-08 16:00:00 -> alex.morgan@council.example",
            ])
        }

        @Test("with no lead, the lead's notices go to the shared duty mailbox")
        func recipients() throws {
            let panel = try AgendaFixtures.panel([AgendaFixtures.samMember, AgendaFixtures.chrisMember])
            let rota = try DutyRota(panel: panel, sharedMailbox: AgendaFixtures.dutyMailbox, weekdays: [1: "Sam Patel"])
            let timetable = try PanelTimetable(schedule: PanelSchedule(workingHours: AgendaFixtures.london()), rota: rota)
            let notices = timetable.dueNotices(for: [Self.urgent(completed: "2026-09-07 09:30:00")],
                                               after: AgendaFixtures.utc("2026-09-07 13:00:00"), through: AgendaFixtures.utc("2026-09-07 16:00:00"))
            #expect(notices.map(\.recipients) == [
                [.duty(OnDuty(contact: AgendaFixtures.sam, address: AgendaFixtures.sam.address, source: .weekday)), .sharedMailbox(AgendaFixtures.dutyMailbox)],
                [.worker(AgendaFixtures.worker)],
                [.sharedMailbox(AgendaFixtures.dutyMailbox)],
            ])
        }
    }
}
