import Foundation
import Testing
@testable import PanelCore

extension AgendaTests {
    @Suite("Agenda CSV")
    struct AgendaCSVTests {
        static func row(_ slot: AgendaSlot, team: String, worker: String, resource: String, cost: Cost?, urgent: Bool, signOffs: String) -> AgendaRow {
            AgendaRow(slot: slot, team: team, worker: worker, resourceType: resource, cost: cost, isUrgent: urgent, signOffs: signOffs)
        }

        @Test("a header, one CRLF record per slot, quoting where RFC 4180 needs it, a BOM first")
        func document() throws {
            let agenda = try AgendaSlotsTests.agenda(requests: [
                AgendaSlotsTests.listed(12, "Cheltenham", arrived: "2026-09-01 09:00:00"),
                AgendaSlotsTests.listed(10, "Forest of Dean", arrived: "2026-09-01 09:00:00"),
            ])
            let rows = [
                Self.row(agenda.slots[0], team: "Cheltenham CIN", worker: "Jo Bloggs", resource: "Placement",
                         cost: Cost(pence: 125_050, frequency: .perWeek), urgent: false, signOffs: "team manager; service manager; IRO"),
                Self.row(agenda.slots[1], team: "=HYPERLINK(\"http://evil.example\",\"x\")", worker: "Sam \"SJ\" O'Neil",
                         resource: "School transport", cost: nil, urgent: true, signOffs: "team manager\nIRO missing"),
            ]
            let bytes = AgendaCSV.render(rows)
            #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
            #expect(String(decoding: bytes.dropFirst(3), as: UTF8.self) == [
                "Slot,Reference,Locality,Team,Worker,Resource type,Cost,Urgent,Sign-offs\r\n",
                "10:00-10:30,ARP-2026-00012,Cheltenham,Cheltenham CIN,Jo Bloggs,Placement,\"£1,250.50 per week\",no,team manager; service manager; IRO\r\n",
                "10:30-11:00,ARP-2026-00010,Forest of Dean,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",\"Sam \"\"SJ\"\" O'Neil\",School transport,,yes,\"team manager\nIRO missing\"\r\n",
            ].joined())
            let sitting = try AgendaFixtures.sitting("2026-09-10")
            #expect(AgendaCSV.filename(for: sitting) == "agenda-2026-09-10.csv")
            let attachment = AgendaCSV.attachment(rows, sitting: sitting)
            #expect(attachment.bytes == bytes)
            #expect(attachment.contentType == "text/csv; charset=utf-8; header=present")
            #expect(AgendaCSV.render([]) == [0xEF, 0xBB, 0xBF] + Array("Slot,Reference,Locality,Team,Worker,Resource type,Cost,Urgent,Sign-offs\r\n".utf8))
        }

        @Test("fields: formula starts get an apostrophe; commas, quotes and line breaks are quoted", arguments: [
            ("plain", "plain"),
            ("", ""),
            ("=1+2", "'=1+2"),
            ("+44 1452 000000", "'+44 1452 000000"),
            ("-£5", "'-£5"),
            ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
            ("\tindent", "'\tindent"),
            ("\rcmd", "\"'\ncmd\""),
            ("\r\ncmd", "\"'\ncmd\""),
            ("a=b", "a=b"),
            (" =not at the start", " =not at the start"),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("line\r\nbreak\rand\nmore", "\"line\nbreak\nand\nmore\""),
            ("=cmd|' /C calc'!A0,x", "\"'=cmd|' /C calc'!A0,x\""),
            ("Forêt – £200", "Forêt – £200"),
        ])
        func field(_ value: String, expected: String) {
            #expect(CSVWriter.field(value) == expected)
        }
    }
}
