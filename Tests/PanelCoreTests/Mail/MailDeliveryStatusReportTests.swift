import Testing
@testable import PanelCore

@Suite("Delivery status reports (RFC 3464)")
struct MailDeliveryStatusReportTests {
    @Test(arguments: LineEndings.allCases)
    func postfixBounce(_ endings: LineEndings) throws {
        let report = try #require(DeliveryStatusReport.parse(try Fixture.message("postfix-dsn", endings)))
        #expect(report.originalMessageID == "abc@council.test")
        #expect(report.isStandard)
        #expect(report.isFailure)
        #expect(report.reportingMTA == "mail.council.test")
        let r = try #require(report.recipients.first)
        #expect(report.recipients.count == 1)
        #expect(r.address == "jo.bloggs@example.test")
        #expect(r.originalRecipient == "jo.bloggs@example.test")
        #expect(r.action == "failed")
        #expect(r.status == "5.1.1")
        #expect(r.remoteMTA == "mx.example.test")
        #expect(r.diagnosticCode == "smtp; 550 5.1.1 <jo.bloggs@example.test>: Recipient address rejected: User unknown in virtual mailbox table")
        #expect(report.summary.hasPrefix("delivery to jo.bloggs@example.test failed: 5.1.1 (bad destination mailbox address)"))
    }

    @Test(arguments: LineEndings.allCases)
    func exchangeNDR(_ endings: LineEndings) throws {
        let report = try #require(DeliveryStatusReport.parse(try Fixture.message("exchange-ndr", endings)))
        #expect(report.originalMessageID == "20260907094500.k7f3q2@council.test")
        #expect(report.recipients.map(\.address) == ["former.worker@council.test"])
        #expect(report.recipients.first?.status == "5.1.10")
        #expect(report.recipients.first?.isPermanentFailure == true)
        #expect(report.summary.contains("RESOLVER.ADR.RecipientNotFound"))
    }

    @Test(arguments: LineEndings.allCases)
    func eximBounceReadBestEffort(_ endings: LineEndings) throws {
        let report = try #require(DeliveryStatusReport.parse(try Fixture.message("exim-bounce", endings)))
        #expect(!report.isStandard)
        #expect(report.isFailure)
        #expect(report.originalMessageID == "ack-42@council.test")
        #expect(report.recipients.map(\.address) == ["j.smith@example.org"])
        #expect(report.recipients.first?.status == "5.1.1")
        #expect(report.summary.contains("non-standard"))
    }

    @Test(arguments: ["outlook-html-only", "gmail-reply", "forwarded-rfc822", "ooo-vacation", "exchange-ooo", "mailing-list", "smime-signed"])
    func otherMailIsNotAReport(_ fixture: String) throws {
        #expect(DeliveryStatusReport.parse(try Fixture.message(fixture)) == nil)
    }

    @Test func qmailStyleBounce() throws {
        let m = try parseMail("""
        From: MAILER-DAEMON@mx.example.net
        To: resource.panel@council.test
        Subject: failure notice

        Hi. This is the qmail-send program at mx.example.net.
        I'm afraid I wasn't able to deliver your message to the following addresses.
        This is a permanent error; I've given up. Sorry it didn't work out.

        <worker@example.net>:
        192.0.2.44 does not like recipient.
        Remote host said: 550 5.7.1 Mailbox unavailable
        Giving up on 192.0.2.44.

        --- Below this line is a copy of the message.

        Return-Path: <resource.panel@council.test>
        Message-ID: <qmail-case@council.test>
        Subject: Your request
        """)
        let report = try #require(DeliveryStatusReport.parse(m))
        #expect(report.recipients.map(\.address) == ["worker@example.net"])
        #expect(report.recipients.first?.status == "5.7.1")
        #expect(report.originalMessageID == "qmail-case@council.test")
        #expect(report.summary.contains("delivery not authorized"))
    }

    @Test func delayedAndSuccessfulReports() throws {
        let m = try parseMail("""
        From: MAILER-DAEMON@mx.test
        Content-Type: multipart/report; report-type=delivery-status; boundary=b

        --b
        Content-Type: text/plain

        Delayed.
        --b
        Content-Type: message/global-delivery-status

        Reporting-MTA: dns; mx.test

        Final-Recipient: rfc822; a@x.test
        Action: delayed
        Status: 4.4.7

        Final-Recipient: rfc822; b@x.test
        Action: delivered
        Status: 2.0.0
        --b
        Content-Type: message/global-headers

        Message-ID: <global@council.test>
        --b--
        """)
        let report = try #require(DeliveryStatusReport.parse(m))
        #expect(report.originalMessageID == "global@council.test")
        #expect(report.recipients.map(\.action) == ["delayed", "delivered"])
        #expect(!report.isFailure)
        #expect(report.summary == "delivery to a@x.test delayed: 4.4.7 (delivery time expired); delivered to b@x.test: 2.0.0 (other or undefined status)")
    }

    @Test func systemSenderWithoutBounceWordsIsNotABounce() throws {
        let m = try parseMail("From: postmaster@council.test\nSubject: Mailbox quota policy\n\nPlease keep mailboxes under 50 GB.\n")
        #expect(DeliveryStatusReport.parse(m) == nil)
    }

    @Test func bounceWithoutDetailsStillReports() throws {
        let m = try parseMail("From: MAILER-DAEMON@mx.test\nSubject: Undeliverable: hello\n\nSomething went wrong.\n")
        let report = try #require(DeliveryStatusReport.parse(m))
        #expect(report.recipients.isEmpty)
        #expect(report.originalMessageID == nil)
        #expect(report.summary == "bounce from MAILER-DAEMON@mx.test in a non-standard format; no details found")
    }

    @Test(arguments: [("5.1.1", "bad destination mailbox address"), ("4.2.2", "mailbox full"), ("5.9.9", "permanent failure"), ("x", nil)] as [(String, String?)])
    func statusMeanings(_ code: String, _ meaning: String?) {
        #expect(EnhancedStatusCode.meaning(code) == meaning)
    }

    @Test(arguments: [("said: 550 5.1.1 <a@b>", "5.1.1"), ("v1.2.3", nil), ("4.4.7.", "4.4.7"), ("15.1.1", nil), ("none", nil), ("2.0.0", "2.0.0")] as [(String, String?)])
    func findsStatusCodes(_ text: String, _ code: String?) {
        #expect(EnhancedStatusCode.find(in: text) == code)
    }
}
