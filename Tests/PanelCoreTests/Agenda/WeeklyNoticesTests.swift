import Foundation
import Testing
@testable import PanelCore

extension AgendaTests {
    @Suite("Weekly panel notices")
    struct WeeklyNoticesTests {
        static func request(_ sequence: Int, received: String, completed: String? = nil, signedOff: String? = nil,
                            sitting: String = "2026-09-10", urgent: Bool = false, decided: Bool = false) -> RequestFacts {
            RequestFacts(reference: RequestReference(year: 2026, sequence: sequence), worker: AgendaFixtures.address("worker\(sequence)@council.example"),
                         receivedAt: AgendaFixtures.utc(received), isUrgent: urgent, isDecided: decided,
                         completedAt: completed.map(AgendaFixtures.utc), signedOffAt: signedOff.map(AgendaFixtures.utc),
                         sittingDay: AgendaFixtures.day(sitting))
        }

        /// For the panel on Thursday 10 September 2026 (BST): reminders Tuesday 8 and
        /// Wednesday 9 September 10:00 (09:00 UTC), deadline Wednesday 13:00 (12:00 UTC).
        static let week: [RequestFacts] = [
            request(101, received: "2026-09-01 10:00:00"),                                                       // incomplete
            request(102, received: "2026-09-02 10:00:00", completed: "2026-09-02 10:00:00"),                     // no sign-offs
            request(103, received: "2026-09-03 10:00:00", completed: "2026-09-03 10:00:00", signedOff: "2026-09-04 10:00:00"), // ready
            request(104, received: "2026-09-03 11:00:00", completed: "2026-09-08 11:00:00", signedOff: "2026-09-09 12:00:00"), // ready at 13:00:00
            request(105, received: "2026-09-02 11:00:00", completed: "2026-09-02 11:00:00", signedOff: "2026-09-09 12:00:01"), // ready at 13:00:01
            request(106, received: "2026-09-08 10:00:00"),                                                       // arrived after Tuesday's reminder
            request(107, received: "2026-09-01 10:00:00", urgent: true),
            request(108, received: "2026-09-01 10:00:00", decided: true),
            request(109, received: "2026-09-01 10:00:00", sitting: "2026-09-17"),                                // for the next panel
        ]

        static func lines(_ notices: [DueNotice]) -> [String] {
            notices.map { notice in
                var line = "\(notice.key) @ \(AgendaFixtures.utcText(notice.meantFor))"
                switch notice.kind {
                case .agendaFixed(_, let listed): line += " listed \(listed.map(\.description).joined(separator: " "))"
                case .missedDeadline(_, _, let next): line += " next \(next.map { "\($0.starts)" } ?? "none")"
                default: break
                }
                return line
            }
        }

        /// The notices of successive runs at `times` (UTC), in order.
        static func runs(_ timetable: PanelTimetable, _ requests: [RequestFacts], at times: [String]) -> [String] {
            zip(times, times.dropFirst()).flatMap { from, through in
                lines(timetable.dueNotices(for: requests, after: AgendaFixtures.utc(from), through: AgendaFixtures.utc(through)))
            }
        }

        /// The notices of a daemon running every half hour from `from` through `through` (UTC).
        static func halfHourly(_ timetable: PanelTimetable, _ requests: [RequestFacts], from: String, through: String) -> [String] {
            let (start, end) = (AgendaFixtures.utc(from), AgendaFixtures.utc(through))
            let times = stride(from: start.timeIntervalSince1970, through: end.timeIntervalSince1970, by: 1800).map { Date(timeIntervalSince1970: $0) }
            return zip(times, times.dropFirst()).flatMap { lines(timetable.dueNotices(for: requests, after: $0, through: $1)) }
        }

        @Test("a week before a Thursday panel: two reminders, then the agenda and the missed deadlines")
        func week() throws {
            let runs = try Self.runs(AgendaFixtures.timetable(), Self.week,
                                     at: ["2026-09-07 00:00:00", "2026-09-08 09:00:00", "2026-09-09 09:00:00", "2026-09-09 12:30:00", "2026-09-10 12:00:00"])
            #expect(runs == [
                "deadline-reminder:ARP-2026-00101:2026-09-10:2026-09-08T10:00 @ 2026-09-08 09:00:00",
                "deadline-reminder:ARP-2026-00102:2026-09-10:2026-09-08T10:00 @ 2026-09-08 09:00:00",
                "deadline-reminder:ARP-2026-00104:2026-09-10:2026-09-08T10:00 @ 2026-09-08 09:00:00",
                "deadline-reminder:ARP-2026-00105:2026-09-10:2026-09-08T10:00 @ 2026-09-08 09:00:00",
                "deadline-reminder:ARP-2026-00101:2026-09-10:2026-09-09T10:00 @ 2026-09-09 09:00:00",
                "deadline-reminder:ARP-2026-00102:2026-09-10:2026-09-09T10:00 @ 2026-09-09 09:00:00",
                "deadline-reminder:ARP-2026-00104:2026-09-10:2026-09-09T10:00 @ 2026-09-09 09:00:00",
                "deadline-reminder:ARP-2026-00105:2026-09-10:2026-09-09T10:00 @ 2026-09-09 09:00:00",
                "deadline-reminder:ARP-2026-00106:2026-09-10:2026-09-09T10:00 @ 2026-09-09 09:00:00",
                "agenda-fixed:2026-09-10 @ 2026-09-09 12:00:00 listed ARP-2026-00103 ARP-2026-00104",
                "missed-deadline:ARP-2026-00101:2026-09-10 @ 2026-09-09 12:00:00 next 2026-09-17 10:00",
                "missed-deadline:ARP-2026-00102:2026-09-10 @ 2026-09-09 12:00:00 next 2026-09-17 10:00",
                "missed-deadline:ARP-2026-00105:2026-09-10 @ 2026-09-09 12:00:00 next 2026-09-17 10:00",
                "missed-deadline:ARP-2026-00106:2026-09-10 @ 2026-09-09 12:00:00 next 2026-09-17 10:00",
            ])
        }

        @Test("the deadline's edges: a run ending at 12:59:59 has no agenda, one ending at 13:00:00 has it")
        func deadlineEdge() throws {
            let timetable = try AgendaFixtures.timetable()
            let before = timetable.dueNotices(for: Self.week, after: AgendaFixtures.utc("2026-09-09 11:00:00"), through: AgendaFixtures.utc("2026-09-09 11:59:59"))
            #expect(before.isEmpty)
            let at = timetable.dueNotices(for: Self.week, after: AgendaFixtures.utc("2026-09-09 11:59:59"), through: AgendaFixtures.utc("2026-09-09 12:00:00"))
            #expect(at.first?.key == "agenda-fixed:2026-09-10")
            #expect(at.first?.meantForLocal == AgendaFixtures.local("2026-09-09 13:00"))
            #expect(at.first?.lateBy == .zero)
        }

        @Test("the agenda goes to every panel member")
        func agendaRecipients() throws {
            let notices = try AgendaFixtures.timetable().dueNotices(for: [], after: AgendaFixtures.utc("2026-09-09 11:00:00"), through: AgendaFixtures.utc("2026-09-09 12:00:00"))
            #expect(notices.count == 1)
            #expect(notices.first?.recipients == [AgendaFixtures.sam, AgendaFixtures.alex, AgendaFixtures.chris, AgendaFixtures.dana].map { .member($0) })
            let sitting = try AgendaFixtures.sitting("2026-09-10")
            #expect(notices.first?.kind == .agendaFixed(sitting, listed: []))
        }

        struct StoppedCase: Sendable, CustomTestStringConvertible {
            let name: String
            let from: String
            let through: String
            let expected: [String]
            var testDescription: String { name }
        }

        @Test("after a stop, what can still help is sent; what cannot is not", arguments: [
            StoppedCase(name: "stopped through both reminders: one reminder each", from: "2026-09-07 00:00:00", through: "2026-09-09 11:00:00", expected: [
                "deadline-reminder:ARP-2026-00101:2026-09-10:2026-09-09T10:00 @ 2026-09-09 09:00:00",
                "deadline-reminder:ARP-2026-00102:2026-09-10:2026-09-09T10:00 @ 2026-09-09 09:00:00",
                "deadline-reminder:ARP-2026-00104:2026-09-10:2026-09-09T10:00 @ 2026-09-09 09:00:00",
                "deadline-reminder:ARP-2026-00105:2026-09-10:2026-09-09T10:00 @ 2026-09-09 09:00:00",
                "deadline-reminder:ARP-2026-00106:2026-09-10:2026-09-09T10:00 @ 2026-09-09 09:00:00",
            ]),
            StoppedCase(name: "stopped past the deadline: no reminders, the agenda and the missed deadlines", from: "2026-09-08 08:00:00", through: "2026-09-09 15:00:00", expected: [
                "agenda-fixed:2026-09-10 @ 2026-09-09 12:00:00 listed ARP-2026-00103 ARP-2026-00104",
                "missed-deadline:ARP-2026-00101:2026-09-10 @ 2026-09-09 12:00:00 next 2026-09-17 10:00",
                "missed-deadline:ARP-2026-00102:2026-09-10 @ 2026-09-09 12:00:00 next 2026-09-17 10:00",
                "missed-deadline:ARP-2026-00105:2026-09-10 @ 2026-09-09 12:00:00 next 2026-09-17 10:00",
                "missed-deadline:ARP-2026-00106:2026-09-10 @ 2026-09-09 12:00:00 next 2026-09-17 10:00",
            ]),
            StoppedCase(name: "stopped until the panel sat: no agenda, but the new dates", from: "2026-09-09 11:00:00", through: "2026-09-10 09:00:00", expected: [
                "missed-deadline:ARP-2026-00101:2026-09-10 @ 2026-09-09 12:00:00 next 2026-09-17 10:00",
                "missed-deadline:ARP-2026-00102:2026-09-10 @ 2026-09-09 12:00:00 next 2026-09-17 10:00",
                "missed-deadline:ARP-2026-00105:2026-09-10 @ 2026-09-09 12:00:00 next 2026-09-17 10:00",
                "missed-deadline:ARP-2026-00106:2026-09-10 @ 2026-09-09 12:00:00 next 2026-09-17 10:00",
            ]),
            StoppedCase(name: "stopped until after the next panel too: nothing", from: "2026-09-09 11:00:00", through: "2026-09-17 09:00:00", expected: [
                // The next panel's own deadline passed in the window: its agenda is stale, its misses are not.
                "missed-deadline:ARP-2026-00109:2026-09-17 @ 2026-09-16 12:00:00 next 2026-09-24 10:00",
            ]),
            StoppedCase(name: "the clock went back: nothing", from: "2026-09-09 12:30:00", through: "2026-09-09 11:00:00", expected: []),
        ])
        func stopped(_ test: StoppedCase) throws {
            let notices = try AgendaFixtures.timetable().dueNotices(for: Self.week, after: AgendaFixtures.utc(test.from), through: AgendaFixtures.utc(test.through))
            #expect(Self.lines(notices) == test.expected)
        }

        struct CalendarCase: Sendable, CustomTestStringConvertible {
            let name: String
            var weekday = 4
            var cancelled: [String] = []
            var extra: [String] = []
            let sitting: String
            let from: String
            let through: String
            let expected: [String]
            var testDescription: String { name }
        }

        @Test("run every half hour, reminders and deadlines follow the calendar: clock changes, bank holidays, extra and cancelled sittings", arguments: [
            CalendarCase(name: "clocks forward: Thursday 2 April 2026, BST", sitting: "2026-04-02", from: "2026-03-27 00:00:00", through: "2026-04-02 00:00:00", expected: [
                "deadline-reminder:ARP-2026-00201:2026-04-02:2026-03-31T10:00 @ 2026-03-31 09:00:00",
                "deadline-reminder:ARP-2026-00201:2026-04-02:2026-04-01T10:00 @ 2026-04-01 09:00:00",
                "agenda-fixed:2026-04-02 @ 2026-04-01 12:00:00 listed ",
                "missed-deadline:ARP-2026-00201:2026-04-02 @ 2026-04-01 12:00:00 next 2026-04-09 10:00",
            ]),
            CalendarCase(name: "clocks back: Thursday 29 October 2026, GMT", sitting: "2026-10-29", from: "2026-10-23 00:00:00", through: "2026-10-29 00:00:00", expected: [
                "deadline-reminder:ARP-2026-00201:2026-10-29:2026-10-27T10:00 @ 2026-10-27 10:00:00",
                "deadline-reminder:ARP-2026-00201:2026-10-29:2026-10-28T10:00 @ 2026-10-28 10:00:00",
                "agenda-fixed:2026-10-29 @ 2026-10-28 13:00:00 listed ",
                "missed-deadline:ARP-2026-00201:2026-10-29 @ 2026-10-28 13:00:00 next 2026-11-05 10:00",
            ]),
            CalendarCase(name: "a Tuesday panel whose deadline falls on the August bank holiday", weekday: 2, sitting: "2026-09-01",
                         from: "2026-08-24 00:00:00", through: "2026-09-01 00:00:00", expected: [
                "agenda-fixed:2026-08-25 @ 2026-08-24 12:00:00 listed ",
                "deadline-reminder:ARP-2026-00201:2026-09-01:2026-08-28T10:00 @ 2026-08-28 09:00:00",
                "agenda-fixed:2026-09-01 @ 2026-08-28 12:00:00 listed ",
                "missed-deadline:ARP-2026-00201:2026-09-01 @ 2026-08-28 12:00:00 next 2026-09-08 10:00",
            ]),
            CalendarCase(name: "a Tuesday panel after Easter: reminders and deadline before Good Friday", weekday: 2, sitting: "2026-04-07",
                         from: "2026-03-30 00:00:00", through: "2026-04-07 00:00:00", expected: [
                "agenda-fixed:2026-03-31 @ 2026-03-30 12:00:00 listed ",
                "deadline-reminder:ARP-2026-00201:2026-04-07:2026-04-02T10:00 @ 2026-04-02 09:00:00",
                "agenda-fixed:2026-04-07 @ 2026-04-02 12:00:00 listed ",
                "missed-deadline:ARP-2026-00201:2026-04-07 @ 2026-04-02 12:00:00 next 2026-04-14 10:00",
            ]),
            CalendarCase(name: "Christmas: Thursday 24 December cancelled, an extra sitting on Tuesday 22nd", cancelled: ["2026-12-24"], extra: ["2026-12-22 14:00"],
                         sitting: "2026-12-22", from: "2026-12-14 00:00:00", through: "2026-12-31 00:00:00", expected: [
                "agenda-fixed:2026-12-17 @ 2026-12-16 13:00:00 listed ",
                "deadline-reminder:ARP-2026-00201:2026-12-22:2026-12-18T10:00 @ 2026-12-18 10:00:00",
                "deadline-reminder:ARP-2026-00201:2026-12-22:2026-12-21T10:00 @ 2026-12-21 10:00:00",
                "agenda-fixed:2026-12-22 @ 2026-12-21 13:00:00 listed ",
                "missed-deadline:ARP-2026-00201:2026-12-22 @ 2026-12-21 13:00:00 next 2026-12-31 10:00",
                "agenda-fixed:2026-12-31 @ 2026-12-30 13:00:00 listed ",
            ]),
            CalendarCase(name: "a request for a sitting since cancelled gets nothing", cancelled: ["2026-12-24"], sitting: "2026-12-24",
                         from: "2026-12-21 00:00:00", through: "2026-12-24 12:00:00", expected: []),
        ])
        func calendar(_ test: CalendarCase) throws {
            let timetable = try AgendaFixtures.timetable(weekday: test.weekday, cancelled: test.cancelled, extra: test.extra)
            let facts = Self.request(201, received: "2026-01-05 10:00:00", sitting: test.sitting)
            #expect(Self.halfHourly(timetable, [facts], from: test.from, through: test.through) == test.expected)
        }

        @Test("the next sitting is nil when the calendar offers none")
        func noNextSitting() throws {
            // Every Thursday for a year and more cancelled after 10 September 2026.
            let cancelled = (1...60).map { AgendaFixtures.day("2026-09-10").adding(days: 7 * $0).description }
            let timetable = try AgendaFixtures.timetable(cancelled: cancelled)
            let facts = Self.request(201, received: "2026-09-01 10:00:00")
            let notices = timetable.dueNotices(for: [facts], after: AgendaFixtures.utc("2026-09-09 11:00:00"), through: AgendaFixtures.utc("2026-09-09 12:00:00"))
            let sitting = try AgendaFixtures.sitting("2026-09-10")
            #expect(notices.map(\.kind).last == .missedDeadline(facts.reference, sitting: sitting, next: nil))
        }
    }
}
