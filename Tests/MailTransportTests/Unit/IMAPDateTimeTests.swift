import Foundation
import Testing

@testable import MailTransport

@Suite("IMAP date-time")
struct IMAPDateTimeTests {
    @Test func parsesRFCExample() throws {
        let date = try #require(IMAPDateTime.parse("17-Jul-1996 02:44:25 -0700"))
        #expect(date == Date(timeIntervalSince1970: 837_596_665))
    }

    @Test(arguments: [
        (" 7-Jul-1996 02:44:25 +0000", 836_707_465),
        ("7-jul-1996 02:44:25 +0000", 836_707_465),
        ("29-Feb-2024 23:59:59 +0100", 1_709_247_599),
        ("01-Jan-1970 00:00:00 +0000", 0),
        ("31-Dec-1969 23:00:00 -0100", 0),
    ])
    func parsesVariants(text: String, epoch: Int) {
        #expect(IMAPDateTime.parse(text) == Date(timeIntervalSince1970: TimeInterval(epoch)))
    }

    @Test(arguments: ["", "17-Jul-96 02:44:25 -0700", "17-Jux-1996 02:44:25 -0700", "17-Jul-1996 02:44:25", "17-Jul-1996 24:00:00 +0000", "17-Jul-1996 02:44:25 +000"])
    func rejectsMalformed(text: String) {
        #expect(IMAPDateTime.parse(text) == nil)
    }

    @Test func formatsInUTCAndRoundTrips() {
        let date = Date(timeIntervalSince1970: 1_772_701_200)  // 2026-03-05 09:00:00 UTC
        #expect(IMAPDateTime.format(date) == "05-Mar-2026 09:00:00 +0000")
        for seconds in stride(from: -86_400 * 400, to: 86_400 * 365 * 80, by: 86_400 * 37 + 3_671) {
            let value = Date(timeIntervalSince1970: TimeInterval(seconds))
            #expect(IMAPDateTime.parse(IMAPDateTime.format(value)) == value)
        }
    }
}
