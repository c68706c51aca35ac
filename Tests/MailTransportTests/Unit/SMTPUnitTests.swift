import Logging
import Testing

@testable import MailTransport

@Suite("SMTP envelope and replies")
struct SMTPUnitTests {
    @Test(arguments: ["panel@council.test", "panel+REF-1@council.test", "o'brien@example.org", "x@[127.0.0.1]", "jürgen@example.de"])
    func acceptsAddresses(address: String) {
        #expect(EnvelopeAddress.problem(with: address, isSender: false) == nil)
    }

    @Test(arguments: [
        "", "no-at-sign", "@council.test", "panel@", "a@b\r\nRCPT TO:<evil@x.org>", "a@b\nDATA", "<a@b.c>", "a b@c.d",
        "a@b.c,d@e.f", "a@b..c", "a@.b", "a\u{0}@b.c", String(repeating: "a", count: 250) + "@b.cd",
    ])
    func rejectsAddresses(address: String) {
        #expect(EnvelopeAddress.problem(with: address, isSender: false) != nil)
    }

    @Test func nullSenderIsAllowedOnlyAsSender() {
        #expect(EnvelopeAddress.problem(with: "", isSender: true) == nil)
        #expect(EnvelopeAddress.problem(with: "", isSender: false) != nil)
    }

    @Test func refusesInjectionBeforeConnecting() async throws {
        let endpoint = MailServerEndpoint(host: "127.0.0.1", port: 1, security: .plain, username: "", credential: .none)
        let sender = SMTPSender(endpoint: endpoint, logger: Logger(label: "test"))
        let error = await #expect(throws: MailTransportError.self) {
            try await sender.send(from: "a@b.c", recipients: ["x@y.z\r\nRCPT TO:<evil@x.org>"], message: Array("x".utf8))
        }
        #expect(error?.kind == .configuration)
        #expect(error?.curlCode == nil)
    }

    @Test(arguments: [
        ("250 2.0.0 Ok: queued as B2F8EF7A1A0", "B2F8EF7A1A0"),
        ("250 OK id=1qX2aB-0003xY-7Z", "1qX2aB-0003xY-7Z"),
        ("250 2.0.0 Ok", nil),
    ] as [(String, String?)])
    func findsQueueIDs(reply: String, queueID: String?) {
        #expect(SMTPTranscript.queueID(in: reply) == queueID)
    }

    @Test func transcriptTracksStagesAndRedactsAuth() {
        let transcript = SMTPTranscript(logger: Logger(label: "test"))
        func out(_ text: String) { Array(text.utf8).withUnsafeBytes { transcript.sent($0) } }
        func inn(_ text: String) { Array(text.utf8).withUnsafeBytes { transcript.received($0) } }
        inn("220 mail.council.test ESMTP\r\n")
        out("EHLO host\r\n")
        inn("250-mail.council.test\r\n")
        inn("250 AUTH PLAIN LOGIN\r\n")
        #expect(transcript.lastReply == ["250-mail.council.test", "250 AUTH PLAIN LOGIN"])
        out("AUTH LOGIN\r\n")
        inn("334 VXNlcm5hbWU6\r\n")
        out("cGFuZWw=\r\n")
        #expect(transcript.stage == .auth)
        inn("235 2.7.0 Authentication successful\r\n")
        #expect(transcript.authenticated)
        out("MAIL FROM:<panel@council.test>\r\n")
        inn("250 2.1.0 Ok\r\n")
        out("RCPT TO:<worker1@council.test>\r\n")
        inn("250 2.1.5 Ok\r\n")
        out("RCPT TO:<x@[300.1.1.1]>\r\n")
        inn("501 5.1.3 Bad recipient address syntax\r\n")
        #expect(transcript.stage == .rcptTo)
        #expect(transcript.currentRecipient == "x@[300.1.1.1]")
        #expect(transcript.replyCodeSinceCommand == 501)
    }

    @Test(arguments: [("mail.council.test", true), ("[127.0.0.1]", true), ("[IPv6:::1]", true), ("bad name", false), ("", false), ("a\r\nb", false), ("-x", false)])
    func heloNames(name: String, valid: Bool) {
        #expect(SMTPSender.isValidHeloName(name) == valid)
    }
}
