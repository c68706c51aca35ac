import Foundation
import Testing

@testable import MailTransport

/// Against the dev stack's Postfix, which delivers to Dovecot. Mail goes to `clerk` and is found
/// again by a unique token, so other tests using that inbox do not matter.
@Suite("Integration: SMTP")
struct SMTPIntegrationTests {
    let stack: MailStack

    init() throws { stack = try MailStack.load() }

    /// Waits for a message containing `token` in `user`'s INBOX and returns its bytes.
    func delivered(to user: String, token: String) async throws -> [UInt8] {
        let mailbox = stack.mailbox(user)
        defer { Task { await mailbox.logout() } }
        var seen: Set<UInt32> = []
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            let listing = try await mailbox.listMessages(in: "INBOX")
            for message in listing.messages.reversed() where !seen.contains(message.uid) {
                seen.insert(message.uid)
                let bytes = try await mailbox.fetch(uid: message.uid, uidValidity: listing.uidValidity, folder: "INBOX", maxBytes: 200 << 20)
                if String(decoding: bytes, as: UTF8.self).contains(token) { return bytes }
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw MailStack.NotRunning(detail: "the message \(token) did not arrive in \(user)'s INBOX within 20 s (check `deploy/dev/mailstack.sh mailq`)")
    }

    @Test func relaySendIsDeliveredIntact() async throws {
        let sender = SMTPSender(endpoint: stack.smtp(nil, security: .plain), heloName: "panelmail.council.test", logger: MailStack.logger)
        let token = UUID().uuidString
        let message = MailStack.message(subject: "relay \(token)", token: token, bodyLines: 200)
        let delivery = try await sender.send(from: stack.address("panel"), recipients: [stack.address("clerk")], message: message)
        #expect(delivery.replyCode == 250)
        #expect(delivery.queueID?.isEmpty == false)
        #expect(delivery.recipients == [stack.address("clerk")])
        let received = try await delivered(to: "clerk", token: token)
        // Postfix prepends Return-Path, Delivered-To and Received; the message follows unchanged
        // (including the line starting with a dot, which curl dot-stuffs on the wire).
        let text = String(decoding: received, as: UTF8.self)
        let original = String(decoding: message, as: UTF8.self)
        #expect(text.hasSuffix(original))
        await sender.close()
    }

    @Test(arguments: [MailServerEndpoint.Security.startTLS, .implicitTLS])
    func authenticatedSendOverTLS(security: MailServerEndpoint.Security) async throws {
        let sender = SMTPSender(endpoint: stack.smtp("lead", security: security), logger: MailStack.logger)
        try await sender.verifyLogin()
        let token = UUID().uuidString
        let delivery = try await sender.send(
            from: stack.address("lead"), recipients: [stack.address("clerk")], message: MailStack.message(subject: "tls \(token)", token: token))
        #expect(delivery.replyCode == 250)
        // Several sends on the held connection.
        let started = ContinuousClock.now
        for index in 0..<20 {
            _ = try await sender.send(
                from: stack.address("lead"), recipients: [stack.address("clerk")], message: MailStack.message(subject: "burst \(index) \(token)"))
        }
        print("SMTP (\(security.rawValue), AUTH): 20 sends on a held connection: \(ContinuousClock.now - started)")
        _ = try await delivered(to: "clerk", token: token)
        await sender.close()
    }

    @Test func nullSenderIsAccepted() async throws {
        let sender = SMTPSender(endpoint: stack.smtp("lead"), logger: MailStack.logger)
        let token = UUID().uuidString
        let delivery = try await sender.send(from: "", recipients: [stack.address("clerk")], message: MailStack.message(subject: "null \(token)", token: token))
        #expect(delivery.replyCode == 250)
        let received = String(decoding: try await delivered(to: "clerk", token: token), as: UTF8.self)
        #expect(received.hasPrefix("Return-Path: <>"))
    }

    @Test func wrongPasswordIsAnAuthenticationError() async throws {
        let wrong = "wrong-\(UInt32.random(in: 0...UInt32.max))"
        for security in [MailServerEndpoint.Security.startTLS, .implicitTLS] {
            let sender = SMTPSender(endpoint: stack.smtp("lead", security: security, password: wrong), logger: MailStack.logger)
            let verify = await #expect(throws: MailTransportError.self) { try await sender.verifyLogin() }
            #expect(verify?.kind == .authentication)
            let send = await #expect(throws: MailTransportError.self) {
                try await sender.send(from: stack.address("lead"), recipients: [stack.address("clerk")], message: MailStack.message(subject: "x"))
            }
            #expect(send?.kind == .authentication)
            #expect(send?.curlCode == 67)
            #expect(send?.description.contains(wrong) == false)
            #expect(send?.description.contains(stack.password) == false)
        }
    }

    @Test func rejectedSenderIsPermanent() async throws {
        let sender = SMTPSender(endpoint: stack.smtp("lead"), logger: MailStack.logger)
        let error = await #expect(throws: MailTransportError.self) {
            try await sender.send(from: "x@[300.1.1.1]", recipients: [stack.address("clerk")], message: MailStack.message(subject: "x"))
        }
        #expect(error?.kind == .permanent)
        #expect(error?.smtpReplyCode == 501)
        #expect(error?.operation == "SMTP MAIL FROM")
        #expect(error?.rejectedRecipient == nil)
        #expect(error?.serverResponse?.contains("5.1.7") == true)
    }

    @Test func rejectedRecipientIsNamed() async throws {
        let sender = SMTPSender(endpoint: stack.smtp("lead"), logger: MailStack.logger)
        let error = await #expect(throws: MailTransportError.self) {
            try await sender.send(
                from: stack.address("lead"), recipients: [stack.address("clerk"), "x@[300.1.1.1]", stack.address("worker3")],
                message: MailStack.message(subject: "x"))
        }
        #expect(error?.kind == .permanent)
        #expect(error?.smtpReplyCode == 501)
        #expect(error?.rejectedRecipient == "x@[300.1.1.1]")
        #expect(error?.curlCode == 55)
        // The sender keeps working afterwards.
        _ = try await sender.send(from: stack.address("lead"), recipients: [stack.address("clerk")], message: MailStack.message(subject: "after"))
    }

    @Test func messageOverTheSizeLimitIsPermanent() async throws {
        // Postfix advertises SIZE 104857600; curl declares the size in MAIL FROM, so nothing is uploaded.
        let sender = SMTPSender(endpoint: stack.smtp("lead"), logger: MailStack.logger)
        let huge = [UInt8](repeating: 0x41, count: 104_857_601)
        let error = await #expect(throws: MailTransportError.self) {
            try await sender.send(from: stack.address("lead"), recipients: [stack.address("clerk")], message: huge)
        }
        #expect(error?.kind == .permanent)
        #expect(error?.smtpReplyCode == 552)
        #expect(error?.description.contains("too large") == true)
    }

    @Test func serverDownIsTransient() async throws {
        let sender = SMTPSender(endpoint: stack.smtp(nil, security: .plain, port: 1), logger: MailStack.logger)
        let error = await #expect(throws: MailTransportError.self) {
            try await sender.send(from: stack.address("panel"), recipients: [stack.address("clerk")], message: MailStack.message(subject: "x"))
        }
        #expect(error?.kind == .transient)
        #expect(error?.curlCode == 7)
        let verify = await #expect(throws: MailTransportError.self) { try await sender.verifyLogin() }
        #expect(verify?.kind == .transient)
    }

    @Test func unknownCertificateAuthorityFailsTLS() async throws {
        var endpoint = stack.smtp("lead", security: .implicitTLS)
        endpoint.caFile = "/etc/ssl/certs/ca-certificates.crt"
        let error = await #expect(throws: MailTransportError.self) {
            try await SMTPSender(endpoint: endpoint, logger: MailStack.logger).verifyLogin()
        }
        #expect(error?.kind == .tls)
    }
}
