import Foundation
import Testing
@testable import PanelCore

@Suite("Request references")
struct RequestReferenceTests {
    @Test(arguments: [
        (2026, 42, "ARP-2026-00042"),
        (2026, 1, "ARP-2026-00001"),
        (2027, 99_999, "ARP-2027-99999"),
        (2027, 123_456, "ARP-2027-123456"),
    ])
    func formats(year: Int, sequence: Int, expected: String) {
        #expect(RequestReference(year: year, sequence: sequence).description == expected)
        #expect(RequestReference(expected) == RequestReference(year: year, sequence: sequence))
    }

    @Test(arguments: ["ARP-2026-0042", "ARP-26-00042", "XYZ-2026-00042", "ARP-2026-00000", "ARP-2026-0004a", "", "ARP--00042"])
    func rejects(text: String) {
        #expect(RequestReference(text) == nil)
    }

    @Test func parsesLowerCase() {
        #expect(RequestReference(" arp-2026-00042 ") == RequestReference(year: 2026, sequence: 42))
    }

    @Test(arguments: [
        ("Re: Placement [ARP-2026-00042]", ["ARP-2026-00042"]),
        ("RE: RE: [arp-2026-00007] and [ARP-2025-00100]", ["ARP-2026-00007", "ARP-2025-00100"]),
        ("Placement [ARP-2026] [urgent]", []),
        ("unclosed [ARP-2026-00042", []),
        ("[[ARP-2026-00042]]", ["ARP-2026-00042"]),
    ])
    func findsTags(subject: String, expected: [String]) {
        #expect(RequestReference.tags(inSubject: subject).map(\.description) == expected)
    }

    @Test func yearIsTheYearInLondon() throws {
        let london = try #require(TimeZone(identifier: "Europe/London"))
        // 23:30 UTC on 31 December 2026 is still 2026 in London (GMT in winter).
        let newYearsEve = Date(timeIntervalSince1970: 1_798_759_800) // 2026-12-31T23:30:00Z
        #expect(RequestReference.year(of: newYearsEve, in: london) == 2026)
        // 23:30 UTC on 31 December is already the new year in Paris.
        let paris = try #require(TimeZone(identifier: "Europe/Paris"))
        #expect(RequestReference.year(of: newYearsEve, in: paris) == 2027)
    }
}

@Suite("Reply subjects")
struct ReplySubjectTests {
    @Test(arguments: [
        ("Placement request", "Re: Placement request [ARP-2026-00042]"),
        ("RE: Placement request", "Re: Placement request [ARP-2026-00042]"),
        ("Re: Re[2]: AW: Placement request", "Re: Placement request [ARP-2026-00042]"),
        ("Re: Placement request [ARP-2026-00042]", "Re: Placement request [ARP-2026-00042]"),
        ("", "Re: [ARP-2026-00042]"),
        ("URGENT: stair gate", "Re: URGENT: stair gate [ARP-2026-00042]"),
    ])
    func reply(subject: String, expected: String) {
        #expect(ReplySubject.reply(to: subject, reference: RequestReference(year: 2026, sequence: 42)) == expected)
    }
}
