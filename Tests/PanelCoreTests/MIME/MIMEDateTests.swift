import Foundation
import Testing
@testable import PanelCore

@Suite("RFC 5322 dates")
struct MIMEDateTests {
    static let sept7 = 1_788_772_320.0 // Mon, 7 Sep 2026 10:12:00 +0100

    @Test(arguments: [
        ("Mon, 7 Sep 2026 10:12:00 +0100", sept7),
        ("Mon, 07 Sep 2026 10:12:00 +0100", sept7),
        ("Mon,  7 Sep 2026 10:12:00 +0100 (BST)", sept7),
        ("7 Sep 2026 10:12 +0100", sept7),
        ("Monday, 7 September 2026 10:12:00 +01:00", sept7),
        ("Mon 7 Sep 2026 10:12:00 +0100", sept7),
        ("mon, 7 sep 2026 10:12:00 +0100", sept7),
        ("Mon, 7 Sep 2026 09:12:00 GMT", sept7),
        ("Mon, 7 Sep 2026 09:12:00 UT", sept7),
        ("Mon, 7 Sep 2026 09:12:00 Z", sept7),
        ("Mon, 7 Sep 2026 09:12:00 -0000", sept7),
        ("Mon, 7 Sep 2026 09:12:00", sept7),
        ("Mon, 07 Sep 26 09:12:00 GMT", sept7),
        ("Mon, 7 Sep 2026 05:12:00 EDT", sept7),
        ("Mon, 7 Sep 2026 04:12:00 EST", sept7),
        ("Mon, 7 Sep 2026 10:12:00 BST", sept7),
        ("Mon, 7 Sep 2026 09:12:00 A", sept7),
        ("Mon Sep  7 09:12:00 2026", sept7),
        ("Sep 7 2026 10:12:00 +0100", sept7),
        ("2026-09-07T09:12:00Z", sept7),
        ("2026-09-07T10:12:00+01:00", sept7),
        ("2026-09-07 09:12:00", sept7),
        ("07/09/2026 09:12", sept7),
        ("Mon, 7 Sep 2026 09:12:00.123 +0000", sept7),
        ("Sun, 29 Feb 2032 12:00:00 +0000", 1_961_668_800),
        ("Sun, 31 Dec 2028 23:59:60 +0000", 1_861_919_999),
        ("Thu, 1 Jan 1970 00:00:00 +0000", 0),
        ("Mon, 7 Sep 99 09:12:00 +0000", 936_695_520),
    ])
    func parses(_ text: String, _ expected: TimeInterval) {
        #expect(RFC5322Date.parse(text)?.timeIntervalSince1970 == expected)
    }

    @Test(arguments: [
        "", "yesterday", "Mon, 32 Sep 2026 10:12:00 +0100", "Mon, 30 Feb 2026 10:12:00 +0000",
        "Mon, 7 Foo 2026 10:12:00 +0100", "Mon, 7 Sep 2026 25:12:00 +0100", "Mon, 7 Sep 2026",
        "10:12:00", "Mon, 7 Sep 20260 10:12:00 +0100", "99999999999999999999999 Sep 2026 10:12",
    ])
    func rejects(_ text: String) {
        #expect(RFC5322Date.parse(text) == nil)
    }

    @Test func formatsInRFC5322Form() {
        let date = Date(timeIntervalSince1970: Self.sept7)
        #expect(RFC5322Date.format(date) == "Mon, 07 Sep 2026 09:12:00 +0000")
        #expect(RFC5322Date.format(date, utcOffsetSeconds: 3600) == "Mon, 07 Sep 2026 10:12:00 +0100")
        #expect(RFC5322Date.format(date, utcOffsetSeconds: -(9 * 3600 + 1800)) == "Sun, 06 Sep 2026 23:42:00 -0930")
        #expect(RFC5322Date.format(Date(timeIntervalSince1970: -1)) == "Wed, 31 Dec 1969 23:59:59 +0000")
    }

    @Test func formatThenParseRoundTrips() {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<500 {
            let seconds = TimeInterval(rng.next() % 4_000_000_000)
            let offset = (Int(rng.next() % 53) - 26) * 1800
            let text = RFC5322Date.format(Date(timeIntervalSince1970: seconds), utcOffsetSeconds: offset)
            #expect(RFC5322Date.parse(text)?.timeIntervalSince1970 == seconds, "\(text)")
        }
    }
}

@Suite("format=flowed")
struct MIMEFlowedTextTests {
    @Test(arguments: [
        ("a long \nline\n", false, "a long line\n"),
        ("a long  \nline", true, "a long line"),
        ("fixed\nlines", false, "fixed\nlines"),
        ("> quoted \n> more\nplain", false, "> quoted more\nplain"),
        (">> deep \n>> er\n> less", false, ">> deep er\n> less"),
        ("> wrongly flowed \nunquoted", false, "> wrongly flowed \nunquoted"),
        (" >From stuffed", false, ">From stuffed"),
        ("sig\n-- \nJo", false, "sig\n-- \nJo"),
        (">\n> a", false, ">\n> a"),
        ("", false, ""),
    ])
    func unflows(_ text: String, _ delSp: Bool, _ expected: String) {
        #expect(FlowedText.unflow(text, deleteSpace: delSp) == expected)
    }
}
