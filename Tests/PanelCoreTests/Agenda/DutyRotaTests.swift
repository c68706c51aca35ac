import Foundation
import Testing
@testable import PanelCore

extension AgendaTests {
    @Suite("Duty rota")
    struct DutyRotaTests {
        struct Case: Sendable, CustomTestStringConvertible {
            let day: String
            let address: String
            let source: OnDuty.Source
            var testDescription: String { day }
        }

        static let overrides = ["2026-09-07": "Alex Morgan", "2026-09-09": "arp-duty@council.example", "2026-09-12": "sam.patel@council.example"]

        @Test("an override, else the weekday's member, else the shared mailbox", arguments: [
            Case(day: "2026-09-07", address: "alex.morgan@council.example", source: .override),   // Monday, overridden
            Case(day: "2026-09-14", address: "sam.patel@council.example", source: .weekday),      // Monday
            Case(day: "2026-09-08", address: "alex.morgan@council.example", source: .weekday),    // Tuesday
            Case(day: "2026-09-09", address: "arp-duty@council.example", source: .sharedMailbox), // Wednesday, given to the mailbox
            Case(day: "2026-09-12", address: "sam.patel@council.example", source: .override),     // Saturday, overridden
            Case(day: "2026-09-13", address: "arp-duty@council.example", source: .sharedMailbox), // Sunday: nobody on the rota
            Case(day: "2026-09-19", address: "arp-duty@council.example", source: .sharedMailbox), // Saturday: the mailbox, by address
            Case(day: "2026-08-31", address: "sam.patel@council.example", source: .weekday),      // bank holiday: still the rota's answer
        ])
        func onDuty(_ test: Case) throws {
            let rota = try AgendaFixtures.rota(overrides: Dictionary(uniqueKeysWithValues: Self.overrides.map { (AgendaFixtures.day($0.key), $0.value) }))
            let duty = rota.onDuty(on: AgendaFixtures.day(test.day))
            #expect(duty.address.address == test.address)
            #expect(duty.source == test.source)
            #expect((duty.contact == nil) == (test.source == .sharedMailbox))
        }

        @Test("contacts are the people on the panel list, each at their first address with their name")
        func contacts() throws {
            let rota = try AgendaFixtures.rota()
            #expect(rota.contacts.map(\.name) == ["Sam Patel", "Alex Morgan", "Chris Lee", "Dana Shaw"])
            #expect(rota.contacts.map(\.address.description) == [
                "Sam Patel <sam.patel@council.example>", "Alex Morgan <alex.morgan@council.example>",
                "Chris Lee <chris.lee@council.example>", "Dana Shaw <dana.shaw@council.example>",
            ])
            #expect(rota.leads == [AgendaFixtures.alex])
            #expect(rota.onDuty(on: AgendaFixtures.day("2026-09-08")).description == "Alex Morgan (weekday)")
            #expect(rota.onDuty(on: AgendaFixtures.day("2026-09-13")).description == "shared mailbox (sharedMailbox)")
            #expect(AgendaFixtures.sam.description == "Sam Patel")
            #expect(throws: DutyRotaError.memberWithoutUsableAddress("Pat")) {
                try PanelContact(PanelMember(name: "Pat", addresses: [], roles: [.duty]))
            }
        }

        struct ErrorCase: Sendable, CustomTestStringConvertible {
            let name: String
            var weekdays: [Int: String] = [:]
            var overrides: [String: String] = [:]
            let error: DutyRotaError
            let text: String
            var testDescription: String { name }
        }

        @Test("a rota that cannot be used says what to fix", arguments: [
            ErrorCase(name: "unknown member", weekdays: [1: "Pat"],
                      error: .unknownMember("Pat", setting: "the duty rota for Monday", known: ["Sam Patel", "Alex Morgan", "Chris Lee", "Dana Shaw"]),
                      text: "the duty rota for Monday names \"Pat\", who is not on the panel list; use a member's name or address (the panel list has: Sam Patel, Alex Morgan, Chris Lee, Dana Shaw)"),
            ErrorCase(name: "not on duty", overrides: ["2026-09-10": "chris.lee@council.example"],
                      error: .notADutyMember("Chris Lee", setting: "the duty override for 2026-09-10"),
                      text: "the duty override for 2026-09-10 names Chris Lee, who does not have the duty role; add duty to their roles or name another member"),
            ErrorCase(name: "bad weekday", weekdays: [8: "Sam Patel"], error: .badWeekday(8),
                      text: "the duty rota has weekday 8, which is not a weekday; use 1 (Monday) to 7 (Sunday)"),
        ])
        func errors(_ test: ErrorCase) throws {
            let panel = try AgendaFixtures.panel()
            #expect(throws: test.error) {
                try DutyRota(panel: panel, sharedMailbox: AgendaFixtures.dutyMailbox, weekdays: test.weekdays,
                             overrides: Dictionary(uniqueKeysWithValues: test.overrides.map { (AgendaFixtures.day($0.key), $0.value) }))
            }
            #expect(test.error.description == test.text)
        }
    }
}
