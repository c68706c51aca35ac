import Foundation
import Testing
@testable import PanelCore

extension AgendaTests {
    @Suite("Calendar invitations")
    struct CalendarInvitationTests {
        /// ARP-2026-00042's slot, 10:30-11:00 BST on Thursday 10 September 2026.
        static func slot(sequence: Int = 0, start: String = "2026-09-10 09:30:00") -> AgendaSlot {
            let request = ListedRequest(reference: AgendaFixtures.reference("ARP-2026-00042"), locality: "Cheltenham", arrivedAt: AgendaFixtures.utc("2026-09-01 09:00:00"))
            let startsAt = AgendaFixtures.utc(start)
            return AgendaSlot(request: request, startsAt: startsAt, endsAt: startsAt + 1800, timeZone: AgendaSlotsTests.london, sequence: sequence)
        }

        static let stamp = AgendaFixtures.utc("2026-09-09 12:00:05")

        static func text(_ invitation: CalendarInvitation) -> String { String(decoding: invitation.render(), as: UTF8.self) }

        /// Hand-checked: every line at most 75 octets, continuation lines start with a space.
        @Test("a new slot: METHOD:REQUEST, SEQUENCE 0, UTC times, folded at 75 octets, CRLF")
        func request() {
            let invitation = CalendarInvitation(slot: Self.slot(), resourceType: "Placement", organizer: AgendaFixtures.panelMailbox,
                                                worker: AgendaFixtures.worker, location: "Room 2, Shire Hall; or Teams", stamp: Self.stamp)
            #expect(Self.text(invitation) == [
                "BEGIN:VCALENDAR",
                "PRODID:-//panelmail//Access to Resources Panel//EN",
                "VERSION:2.0",
                "CALSCALE:GREGORIAN",
                "METHOD:REQUEST",
                "BEGIN:VEVENT",
                "UID:ARP-2026-00042.2026-09-10@council.example",
                "SEQUENCE:0",
                "DTSTAMP:20260909T120005Z",
                "DTSTART:20260910T093000Z",
                "DTEND:20260910T100000Z",
                "SUMMARY:Access to Resources Panel: ARP-2026-00042 (Placement)",
                "DESCRIPTION:Your request ARP-2026-00042 (Placement) is on the agenda of the",
                "  Access to Resources Panel on Thursday 10 September 2026. Your slot is 10:",
                " 30 to 11:00.\\nIf the panel runs late\\, you will get an email with the new ",
                " time and this entry will be updated.",
                "LOCATION:Room 2\\, Shire Hall\\; or Teams",
                "ORGANIZER;CN=\"Access to Resources Panel\":mailto:panel@council.example",
                "ATTENDEE;CN=\"Jo Bloggs\";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FAL",
                " SE:mailto:jo.bloggs@council.example",
                "STATUS:CONFIRMED",
                "TRANSP:OPAQUE",
                "END:VEVENT",
                "END:VCALENDAR",
            ].map { $0 + "\r\n" }.joined())
            #expect(invitation.idempotencyKey == "invitation:ARP-2026-00042.2026-09-10@council.example:0")
            #expect(invitation.filename == "ARP-2026-00042-2026-09-10.ics")
            #expect(invitation.contentType == "text/calendar; charset=utf-8; method=REQUEST")
            let attachment = invitation.attachment()
            #expect(attachment.bytes == invitation.render())
            #expect(attachment.filename == "ARP-2026-00042-2026-09-10.ics")
        }

        @Test("a moved slot: the same UID, the next SEQUENCE, the new time")
        func moved() throws {
            let agenda = AgendaSlots(sitting: try AgendaFixtures.sitting("2026-09-10"), slots: [Self.slot()], timeZone: AgendaSlotsTests.london)
            let delay = try agenda.delayed(byMinutes: 30, at: AgendaFixtures.utc("2026-09-10 09:00:00"))
            let movedSlot = try #require(delay.moved.first)
            let invitation = CalendarInvitation(slot: movedSlot, resourceType: "Placement", organizer: AgendaFixtures.panelMailbox,
                                                worker: AgendaFixtures.worker, stamp: AgendaFixtures.utc("2026-09-10 09:00:30"))
            let lines = Self.text(invitation).components(separatedBy: "\r\n")
            #expect(lines.contains("UID:ARP-2026-00042.2026-09-10@council.example"))
            #expect(lines.contains("SEQUENCE:1"))
            #expect(lines.contains("DTSTAMP:20260910T090030Z"))
            #expect(lines.contains("DTSTART:20260910T100000Z"))
            #expect(lines.contains("DTEND:20260910T103000Z"))
            #expect(!lines.contains { $0.hasPrefix("LOCATION") })
            #expect(Array(lines[12...15]) == [
                "DESCRIPTION:Your request ARP-2026-00042 (Placement) is on the agenda of the",
                "  Access to Resources Panel on Thursday 10 September 2026. Your slot is 11:",
                " 00 to 11:30. This replaces the time sent before.\\nIf the panel runs late\\,",
                "  you will get an email with the new time and this entry will be updated.",
            ])
            #expect(invitation.idempotencyKey == "invitation:ARP-2026-00042.2026-09-10@council.example:1")
        }

        @Test("a slot that left the agenda: METHOD:CANCEL, STATUS:CANCELLED, the next SEQUENCE")
        func cancel() throws {
            let agenda = AgendaSlots(sitting: try AgendaFixtures.sitting("2026-09-10"), slots: [Self.slot()], timeZone: AgendaSlotsTests.london)
            let cancelled = try #require(agenda.removing(AgendaFixtures.reference("ARP-2026-00042"))).cancelled
            let invitation = CalendarInvitation(cancelling: cancelled, resourceType: "Placement", organizer: AgendaFixtures.panelMailbox,
                                                worker: AgendaFixtures.worker, stamp: Self.stamp)
            #expect(Self.text(invitation) == [
                "BEGIN:VCALENDAR",
                "PRODID:-//panelmail//Access to Resources Panel//EN",
                "VERSION:2.0",
                "CALSCALE:GREGORIAN",
                "METHOD:CANCEL",
                "BEGIN:VEVENT",
                "UID:ARP-2026-00042.2026-09-10@council.example",
                "SEQUENCE:1",
                "DTSTAMP:20260909T120005Z",
                "DTSTART:20260910T093000Z",
                "DTEND:20260910T100000Z",
                "SUMMARY:Access to Resources Panel: ARP-2026-00042 (Placement)",
                "DESCRIPTION:Your request ARP-2026-00042 (Placement) is no longer on the age",
                " nda of the Access to Resources Panel on Thursday 10 September 2026\\, so th",
                " is slot is cancelled.",
                "ORGANIZER;CN=\"Access to Resources Panel\":mailto:panel@council.example",
                "ATTENDEE;CN=\"Jo Bloggs\";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FAL",
                " SE:mailto:jo.bloggs@council.example",
                "STATUS:CANCELLED",
                "TRANSP:OPAQUE",
                "END:VEVENT",
                "END:VCALENDAR",
            ].map { $0 + "\r\n" }.joined())
            #expect(invitation.idempotencyKey == "cancellation:ARP-2026-00042.2026-09-10@council.example:1")
            #expect(invitation.contentType == "text/calendar; charset=utf-8; method=CANCEL")
        }

        @Test("the same 10:30 local is 09:30Z in summer and 10:30Z in winter", arguments: [
            ("2026-10-22 09:30:00", "DTSTART:20261022T093000Z"), ("2026-10-29 10:30:00", "DTSTART:20261029T103000Z"),
            ("2026-03-26 10:30:00", "DTSTART:20260326T103000Z"), ("2026-04-02 09:30:00", "DTSTART:20260402T093000Z"),
        ])
        func utcAcrossClockChanges(start: String, line: String) {
            let slot = Self.slot(start: start)
            #expect(CalendarText.time(slot.starts.time) == "10:30")
            let invitation = CalendarInvitation(slot: slot, resourceType: "Placement", organizer: AgendaFixtures.panelMailbox, worker: AgendaFixtures.worker, stamp: Self.stamp)
            #expect(Self.text(invitation).components(separatedBy: "\r\n").contains(line))
        }

        @Test("TEXT escaping: backslash, semicolon, comma, line breaks; other controls dropped", arguments: [
            ("a,b;c\\d", "a\\,b\\;c\\\\d"),
            ("one\ntwo\r\nthree\rfour", "one\\ntwo\\nthree\\nfour"),
            ("tab\there\u{07}bell\u{7F}", "tab\therebell"),
            ("£200 stair gate – café", "£200 stair gate – café"),
            ("", ""),
        ])
        func escape(_ text: String, expected: String) {
            #expect(ICalendarText.escape(text) == expected)
        }

        @Test("parameter values are quoted, with RFC 6868 caret escapes", arguments: [
            ("Jo Bloggs", "\"Jo Bloggs\""),
            ("Bloggs, Jo: Team; A", "\"Bloggs, Jo: Team; A\""),
            ("Jo \"JB\" Bloggs", "\"Jo ^'JB^' Bloggs\""),
            ("a^b\nc", "\"a^^b^nc\""),
        ])
        func parameter(_ text: String, expected: String) {
            #expect(ICalendarText.parameterValue(text) == expected)
        }

        @Test("mailto URIs percent-encode what a URI may not hold")
        func mailto() throws {
            #expect(ICalendarText.mailto(AgendaFixtures.worker) == "mailto:jo.bloggs@council.example")
            let quoted = EmailAddress(localPart: "jo bloggs", domain: "council.example")
            #expect(ICalendarText.mailto(quoted) == "mailto:%22jo%20bloggs%22@council.example")
        }

        struct FoldCase: Sendable, CustomTestStringConvertible {
            let name: String
            let line: String
            let expected: [String]
            var testDescription: String { name }
        }

        /// "DESCRIPTION:" is 12 octets: with 62 x's a line has 74, with 61 x's 73.
        static let x62 = String(repeating: "x", count: 62)
        static let x61 = String(repeating: "x", count: 61)

        @Test("folding never splits a UTF-8 sequence and never passes 75 octets", arguments: [
            FoldCase(name: "75 octets: one line", line: "DESCRIPTION:" + x62 + "x", expected: ["DESCRIPTION:" + x62 + "x"]),
            FoldCase(name: "76 octets: folded", line: "DESCRIPTION:" + x62 + "xy", expected: ["DESCRIPTION:" + x62 + "x", " y"]),
            FoldCase(name: "é ending at octet 75 fits", line: "DESCRIPTION:" + x61 + "é", expected: ["DESCRIPTION:" + x61 + "é"]),
            FoldCase(name: "é across octet 75 moves down", line: "DESCRIPTION:" + x62 + "xé", expected: ["DESCRIPTION:" + x62 + "x", " é"]),
            FoldCase(name: "€ across octet 75 moves down", line: "DESCRIPTION:" + x62 + "€", expected: ["DESCRIPTION:" + x62, " €"]),
            FoldCase(name: "a 4-octet emoji moves down", line: "DESCRIPTION:" + x62 + "x🙂", expected: ["DESCRIPTION:" + x62 + "x", " 🙂"]),
            FoldCase(name: "continuations hold 74 octets after the space", line: "S:" + String(repeating: "é", count: 80),
                     expected: ["S:" + String(repeating: "é", count: 36), " " + String(repeating: "é", count: 37), " " + String(repeating: "é", count: 7)]),
        ])
        func fold(_ test: FoldCase) {
            let folded = ICalendarText.fold(test.line)
            #expect(String(decoding: folded, as: UTF8.self) == test.expected.map { $0 + "\r\n" }.joined())
            let lines = String(decoding: folded, as: UTF8.self).components(separatedBy: "\r\n").dropLast()
            #expect(lines.allSatisfy { $0.utf8.count <= 75 })
            // Unfolding (RFC 5545 3.1: remove CRLF followed by one space) gives the line back.
            #expect(String(decoding: folded, as: UTF8.self).replacingOccurrences(of: "\r\n ", with: "") == test.line + "\r\n")
        }

        @Test("every line of a long invitation with non-ASCII text stays within 75 octets and unfolds to valid UTF-8")
        func longInvitation() {
            let organizer = EmailAddress(name: "Panel d’accès aux ressources – Gloucestershire", localPart: "panel", domain: "council.example")
            let worker = EmailAddress(name: "Zoë O’Brien-Łukasiewicz", localPart: "zoe", domain: "council.example")
            let invitation = CalendarInvitation(slot: Self.slot(), resourceType: "Équipement – stair gate, fitted; “urgent”",
                                                organizer: organizer, worker: worker, location: String(repeating: "Salle 🙂 ", count: 20), stamp: Self.stamp)
            let bytes = invitation.render()
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(Array(text.utf8) == bytes, "not valid UTF-8")
            #expect(text.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 75 })
            #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
            #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
            let unfolded = text.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n")
            #expect(unfolded.contains("ATTENDEE;CN=\"Zoë O’Brien-Łukasiewicz\";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:zoe@council.example"))
            #expect(unfolded.contains("SUMMARY:Panel d’accès aux ressources – Gloucestershire: ARP-2026-00042 (Équipement – stair gate\\, fitted\\; “urgent”)"))
        }
    }
}
