import Foundation
import Testing
@testable import PanelCore

extension AgendaTests {
    @Suite("Agenda slots")
    struct AgendaSlotsTests {
        static func listed(_ sequence: Int, _ locality: String, arrived: String) -> ListedRequest {
            ListedRequest(reference: RequestReference(year: 2026, sequence: sequence), locality: locality, arrivedAt: AgendaFixtures.utc(arrived))
        }

        static let requests = [
            listed(10, "Forest of Dean", arrived: "2026-09-01 09:00:00"),
            listed(11, "Cheltenham", arrived: "2026-09-02 09:00:00"),
            listed(12, " cheltenham ", arrived: "2026-09-01 09:00:00"),
            listed(13, "", arrived: "2026-08-30 09:00:00"),
            listed(14, "Cheltenham", arrived: "2026-09-02 09:00:00"),
            listed(9, "Forest of  Dean", arrived: "2026-09-01 09:00:00"),
        ]

        static let london = TimeZone(identifier: "Europe/London") ?? .gmt

        /// The Thursday panel on 10 September 2026, 10:00 BST.
        static func agenda(start: String? = nil, minutes: Int = 30, requests: [ListedRequest] = requests, sitting: String = "2026-09-10") throws -> AgendaSlots {
            try AgendaSlots(listing: requests, sitting: AgendaFixtures.sitting(sitting), start: start.map(AgendaFixtures.time),
                            slotMinutes: minutes, timeZone: london)
        }

        /// "ARP-2026-00012 10:00-10:30 #0" per slot.
        static func lines(_ slots: [AgendaSlot]) -> [String] { slots.map { "\($0.reference) \($0.timeText) #\($0.sequence)" } }

        @Test("slots in order of locality (case and spaces ignored, none last), then arrival, then reference")
        func order() throws {
            #expect(Self.lines(try Self.agenda().slots) == [
                "ARP-2026-00012 10:00-10:30 #0", "ARP-2026-00011 10:30-11:00 #0", "ARP-2026-00014 11:00-11:30 #0",
                "ARP-2026-00009 11:30-12:00 #0", "ARP-2026-00010 12:00-12:30 #0", "ARP-2026-00013 12:30-13:00 #0",
            ])
            let first = try #require(try Self.agenda().slots.first)
            #expect(AgendaFixtures.utcText(first.startsAt) == "2026-09-10 09:00:00")
            #expect(first.request.locality == "cheltenham")
            #expect(first.description == "ARP-2026-00012 2026-09-10 10:00-10:30 #0")
            #expect(try Self.agenda(requests: []).slots.isEmpty)
        }

        @Test("the first slot is at the configured start, or the sitting's time when that is later", arguments: [
            ("10:15", 20, ["10:15-10:35", "10:35-10:55"]),
            ("09:00", 45, ["10:00-10:45", "10:45-11:30"]),
            (nil, 5, ["10:00-10:05", "10:05-10:10"]),
        ] as [(String?, Int, [String])])
        func start(start: String?, minutes: Int, expected: [String]) throws {
            let agenda = try Self.agenda(start: start, minutes: minutes, requests: Array(Self.requests.prefix(2)))
            #expect(agenda.slots.map(\.timeText) == expected)
        }

        @Test("slot times are right either side of a clock change", arguments: [
            ("2026-10-22", "2026-10-22 09:00:00"),  // BST
            ("2026-10-29", "2026-10-29 10:00:00"),  // GMT
            ("2026-03-26", "2026-03-26 10:00:00"),  // GMT
            ("2026-04-02", "2026-04-02 09:00:00"),  // BST
        ])
        func clockChange(sitting: String, firstUTC: String) throws {
            let agenda = try Self.agenda(requests: Array(Self.requests.prefix(2)), sitting: sitting)
            #expect(agenda.slots.map(\.timeText) == ["10:00-10:30", "10:30-11:00"])
            #expect(agenda.slots.first.map { AgendaFixtures.utcText($0.startsAt) } == firstUTC)
        }

        @Test("LATE moves every slot not yet started, each with the next SEQUENCE")
        func late() throws {
            let agenda = try Self.agenda()
            // 11:00:00 BST: the 11:00 slot has not started (the panel is late), so it moves.
            let delay = try agenda.delayed(byMinutes: 30, at: AgendaFixtures.utc("2026-09-10 10:00:00"))
            #expect(Self.lines(delay.agenda.slots) == [
                "ARP-2026-00012 10:00-10:30 #0", "ARP-2026-00011 10:30-11:00 #0", "ARP-2026-00014 11:30-12:00 #1",
                "ARP-2026-00009 12:00-12:30 #1", "ARP-2026-00010 12:30-13:00 #1", "ARP-2026-00013 13:00-13:30 #1",
            ])
            #expect(Self.lines(delay.moved) == Array(Self.lines(delay.agenda.slots).suffix(4)))
            #expect(delay.minutes == 30)
            // A second LATE at 11:40: the 11:30 slot started; the rest move again.
            let again = try delay.agenda.delayed(byMinutes: 15, at: AgendaFixtures.utc("2026-09-10 10:40:00"))
            #expect(Self.lines(again.moved) == ["ARP-2026-00009 12:15-12:45 #2", "ARP-2026-00010 12:45-13:15 #2", "ARP-2026-00013 13:15-13:45 #2"])
            // One second after 11:00, the 11:00 slot has started and stays.
            let later = try agenda.delayed(byMinutes: 30, at: AgendaFixtures.utc("2026-09-10 10:00:01"))
            #expect(later.moved.map(\.reference.sequence) == [9, 10, 13])
            // Before the panel starts, everything moves.
            #expect(try agenda.delayed(byMinutes: 10, at: AgendaFixtures.utc("2026-09-10 07:00:00")).moved.count == 6)
            // Stored slots can be read back and delayed the same way.
            let stored = AgendaSlots(sitting: agenda.sitting, slots: delay.agenda.slots, timeZone: Self.london)
            #expect(stored == delay.agenda)
        }

        @Test("LATE refuses what it cannot do, and says why", arguments: [
            (0, "2026-09-10 10:00:00", AgendaSlotsError.zeroDelay,
             "LATE 0 moves nothing; write how many minutes the panel is running behind, e.g. LATE 30"),
            (-10, "2026-09-10 10:00:00", .negativeDelay(-10),
             "LATE -10 would bring the slots forward, which panelmail does not do: workers may not be there earlier. Write how many minutes the panel is running behind, e.g. LATE 30"),
            (241, "2026-09-10 10:00:00", .delayTooLong(241, maximum: 240),
             "LATE 241 is more than the 240 minutes panelmail accepts; if the panel cannot sit today, tell the workers and list their requests for another sitting"),
            (30, "2026-09-09 10:00:00", .notOnSittingDay(AgendaFixtures.day("2026-09-09"), sitting: AgendaFixtures.day("2026-09-10")),
             "LATE was sent on Wednesday 9 September 2026, but the panel sits on Thursday 10 September 2026; send it on the day of the panel"),
            (30, "2026-09-10 11:30:01", .noSlotWaiting(at: AgendaFixtures.time("12:30:01")),
             "at 12:30 every slot had already started, so nothing moved"),
            (30, "2026-09-10 23:30:00", .notOnSittingDay(AgendaFixtures.day("2026-09-11"), sitting: AgendaFixtures.day("2026-09-10")),
             "LATE was sent on Friday 11 September 2026, but the panel sits on Thursday 10 September 2026; send it on the day of the panel"),
        ])
        func lateRefused(minutes: Int, at: String, error: AgendaSlotsError, text: String) throws {
            let agenda = try Self.agenda()
            #expect(throws: error) { try agenda.delayed(byMinutes: minutes, at: AgendaFixtures.utc(at)) }
            #expect(error.description == text)
        }

        @Test("LATE 240 is the most, and an agenda may not be pushed past midnight")
        func lateLimits() throws {
            let agenda = try Self.agenda(start: "21:00", minutes: 60, requests: Array(Self.requests.prefix(2)))
            #expect(agenda.slots.map(\.timeText) == ["21:00-22:00", "22:00-23:00"])
            #expect(try agenda.delayed(byMinutes: 60, at: AgendaFixtures.utc("2026-09-10 19:00:00")).moved.last?.timeText == "23:00-00:00")
            #expect(throws: AgendaSlotsError.delayRunsPastMidnight(61, mostThatFits: 60)) {
                try agenda.delayed(byMinutes: 61, at: AgendaFixtures.utc("2026-09-10 19:00:00"))
            }
            #expect(AgendaSlotsError.delayRunsPastMidnight(61, mostThatFits: 60).description
                    == "LATE 61 would run the last slot past midnight; the most the waiting slots can move today is 60 minutes")
            let full = try agenda.delayed(byMinutes: 60, at: AgendaFixtures.utc("2026-09-10 19:00:00")).agenda
            #expect(throws: AgendaSlotsError.delayRunsPastMidnight(5, mostThatFits: 0)) {
                try full.delayed(byMinutes: 5, at: AgendaFixtures.utc("2026-09-10 19:30:00"))
            }
            #expect(AgendaSlotsError.delayRunsPastMidnight(5, mostThatFits: 0).description
                    == "LATE 5 would run the last slot past midnight, and the last slot already ends at midnight; list the waiting requests for another sitting")
            #expect(try Self.agenda().delayed(byMinutes: 240, at: AgendaFixtures.utc("2026-09-10 08:00:00")).moved.first?.timeText == "14:00-14:30")
        }

        @Test("an agenda that cannot be laid out says what to fix", arguments: [
            (4, Array(requests.prefix(1)), AgendaSlotsError.slotLengthOutOfRange(4),
             "a slot of 4 minutes is not allowed; set the slot length between 5 and 240 minutes"),
            (241, Array(requests.prefix(1)), .slotLengthOutOfRange(241),
             "a slot of 241 minutes is not allowed; set the slot length between 5 and 240 minutes"),
            (30, [requests[0], requests[1], requests[0]], .listedTwice(RequestReference(year: 2026, sequence: 10)),
             "ARP-2026-00010 is listed twice for the same sitting; list each request once"),
            (120, (1...8).map { listed($0, "Stroud", arrived: "2026-09-01 09:00:00") }, .runsPastMidnight(slots: 8, lastStarts: AgendaFixtures.local("2026-09-11 00:00")),
             "the 8 slots would run past midnight (the last would start at Friday 11 September 2026 at 00:00); shorten the slots, start earlier, or move some requests to another sitting"),
        ])
        func layoutErrors(minutes: Int, requests: [ListedRequest], error: AgendaSlotsError, text: String) {
            #expect(throws: error) { try Self.agenda(minutes: minutes, requests: requests) }
            #expect(error.description == text)
        }

        @Test("a request that leaves the agenda gets a cancelled slot with the next SEQUENCE; the others keep their times")
        func removing() throws {
            let agenda = try Self.agenda()
            let (rest, cancelled) = try #require(agenda.removing(RequestReference(year: 2026, sequence: 11)))
            #expect("\(cancelled.reference) \(cancelled.timeText) #\(cancelled.sequence)" == "ARP-2026-00011 10:30-11:00 #1")
            #expect(Self.lines(rest.slots) == [
                "ARP-2026-00012 10:00-10:30 #0", "ARP-2026-00014 11:00-11:30 #0",
                "ARP-2026-00009 11:30-12:00 #0", "ARP-2026-00010 12:00-12:30 #0", "ARP-2026-00013 12:30-13:00 #0",
            ])
            #expect(agenda.removing(RequestReference(year: 2026, sequence: 99)) == nil)
        }
    }
}
