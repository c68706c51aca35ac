import Foundation
import Testing
@testable import PanelCore

extension AgendaTests {
    @Suite("Notice idempotency")
    struct NoticeIdempotencyTests {
        /// A week of everything: the Thursday panel's requests and three urgent ones, one
        /// completed out of hours before a clock change would matter.
        static var requests: [RequestFacts] {
            WeeklyNoticesTests.week + [
                UrgentNoticesTests.urgent(completed: "2026-09-07 09:30:00"),
                RequestFacts(reference: RequestReference(year: 2026, sequence: 43), worker: AgendaFixtures.worker,
                             receivedAt: AgendaFixtures.utc("2026-09-08 18:00:00"), isUrgent: true, completedAt: AgendaFixtures.utc("2026-09-08 18:00:00")),
                RequestFacts(reference: RequestReference(year: 2026, sequence: 44), worker: AgendaFixtures.worker,
                             receivedAt: AgendaFixtures.utc("2026-09-09 13:59:59"), isUrgent: true, completedAt: AgendaFixtures.utc("2026-09-09 13:59:59")),
            ]
        }

        static func keys(everySeconds step: Int, from: String = "2026-09-07 00:00:00", through: String = "2026-09-11 00:00:00") throws -> [String] {
            let timetable = try AgendaFixtures.timetable()
            let (start, end) = (AgendaFixtures.utc(from).timeIntervalSince1970, AgendaFixtures.utc(through).timeIntervalSince1970)
            var times = Array(stride(from: start, to: end, by: TimeInterval(step)))
            times.append(end)
            let requests = Self.requests
            return zip(times, times.dropFirst()).flatMap { from, through in
                timetable.dueNotices(for: requests, after: Date(timeIntervalSince1970: from), through: Date(timeIntervalSince1970: through)).map(\.key)
            }
        }

        @Test("however often panelmail runs, each notice falls due exactly once", arguments: [60, 300, 420, 1800, 3599])
        func partitions(step: Int) throws {
            let keys = try Self.keys(everySeconds: step)
            #expect(Set(keys).count == keys.count, "a key fell due twice")
            #expect(keys == (try Self.keys(everySeconds: 900)))
            #expect(keys.count == 26)  // 14 for the Thursday panel (see WeeklyNoticesTests.week), 4 for each urgent request
        }

        @Test("a pass repeated after a crash finds the same keys, and a longer one still contains the urgent ones")
        func crashAndRestart() throws {
            let timetable = try AgendaFixtures.timetable()
            let requests = Self.requests
            let lastRun = AgendaFixtures.utc("2026-09-07 13:00:00")
            let first = timetable.dueNotices(for: requests, after: lastRun, through: AgendaFixtures.utc("2026-09-07 15:00:00"))
            let again = timetable.dueNotices(for: requests, after: lastRun, through: AgendaFixtures.utc("2026-09-07 15:00:00"))
            #expect(first == again)
            // lastRun was never saved: the restarted pass covers the same moments and more.
            let restarted = timetable.dueNotices(for: requests, after: lastRun, through: AgendaFixtures.utc("2026-09-07 17:00:00"))
            #expect(Set(first.map(\.key)).isSubset(of: Set(restarted.map(\.key))))
            #expect(first.map(\.key) == ["urgent-reminder:ARP-2026-00042:v3:2026-09-07"])
            #expect(restarted.map(\.key) == ["urgent-reminder:ARP-2026-00042:v3:2026-09-07",
                                             "urgent-overdue-worker:ARP-2026-00042:v3:2026-09-07", "urgent-overdue:ARP-2026-00042:v3:2026-09-07"])
        }

        @Test("a request completed again after being sent back is chased afresh under new keys")
        func newRevision() throws {
            let timetable = try AgendaFixtures.timetable()
            let (from, through) = (AgendaFixtures.utc("2026-09-07 09:00:00"), AgendaFixtures.utc("2026-09-07 10:00:00"))
            let v3 = timetable.dueNotices(for: [UrgentNoticesTests.urgent(completed: "2026-09-07 09:30:00", revision: 3)], after: from, through: through)
            let v4 = timetable.dueNotices(for: [UrgentNoticesTests.urgent(completed: "2026-09-07 09:30:00", revision: 4)], after: from, through: through)
            #expect(v3.map(\.key) == ["urgent-ready:ARP-2026-00042:v3:2026-09-07"])
            #expect(v4.map(\.key) == ["urgent-ready:ARP-2026-00042:v4:2026-09-07"])
        }
    }
}
