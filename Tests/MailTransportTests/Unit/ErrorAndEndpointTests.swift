import Foundation
import CCurl
import Logging
import Testing

@testable import MailTransport

@Suite("Errors, endpoints and secrets")
struct ErrorAndEndpointTests {
    static let secret = "s3cr3t-Pa55"

    func endpoint(host: String = "imap.example.org", security: MailServerEndpoint.Security = .implicitTLS) -> MailServerEndpoint {
        MailServerEndpoint(host: host, port: 993, security: security, username: "panel@council.test", credential: .password(Self.secret))
    }

    @Test(arguments: [
        (CURLE_LOGIN_DENIED, MailTransportError.Kind.authentication),
        (CURLE_PEER_FAILED_VERIFICATION, .tls),
        (CURLE_SSL_CONNECT_ERROR, .tls),
        (CURLE_USE_SSL_FAILED, .tls),
        (CURLE_SSL_CACERT_BADFILE, .tls),
        (CURLE_COULDNT_CONNECT, .transient),
        (CURLE_COULDNT_RESOLVE_HOST, .transient),
        (CURLE_OPERATION_TIMEDOUT, .transient),
        (CURLE_RECV_ERROR, .transient),
        (CURLE_SEND_ERROR, .transient),
        (CURLE_GOT_NOTHING, .transient),
        (CURLE_URL_MALFORMAT, .configuration),
        (CURLE_UNSUPPORTED_PROTOCOL, .configuration),
        (CURLE_WEIRD_SERVER_REPLY, .protocolViolation),
        (CURLE_QUOTE_ERROR, .permanent),
        (CURLE_REMOTE_FILE_NOT_FOUND, .messageNotFound),
    ])
    func classifiesCurlCodes(code: CURLcode, kind: MailTransportError.Kind) {
        #expect(CurlFailure.kind(of: code) == kind)
        let error = CurlFailure.error(code, detail: "detail", operation: "IMAP login", endpoint: endpoint())
        #expect(error.kind == kind)
        #expect(error.isRetryable == (kind == .transient))
        #expect(error.curlCode == Int(code.rawValue))
    }

    @Test func descriptionsNeverShowTheSecret() {
        let endpoint = endpoint()
        let error = MailTransportError(
            kind: .authentication, operation: "IMAP login", endpoint: endpoint, curlCode: 67, curlMessage: "Login denied",
            serverResponse: "A002 NO [AUTHENTICATIONFAILED] bad password \(Self.secret)",
            message: "the server rejected the login", advice: "Check the password.")
        #expect(!error.description.contains(Self.secret))
        #expect(!(error.serverResponse ?? "").contains(Self.secret))
        #expect(error.description.contains("authentication"))
        #expect(error.description.contains("Check the password."))
        #expect(!endpoint.description.contains(Self.secret))
        #expect(!"\(endpoint.credential)".contains(Self.secret))
        #expect(!String(reflecting: endpoint).contains(Self.secret))
        var dumped = ""
        dump(endpoint, to: &dumped)
        #expect(!dumped.contains(Self.secret))
    }

    @Test func descriptionsMaskAddresses() {
        let error = MailTransportError(
            kind: .permanent, operation: "SMTP RCPT TO", serverResponse: "550 5.1.1 <jo.bloggs@example.org>: Recipient address rejected",
            message: "refused", advice: "Fix it.")
        #expect(!error.description.contains("jo.bloggs"))
        #expect(error.description.contains("***@example.org"))
        #expect(Redaction.maskAddresses(in: "from a@b.c to <d.e@f.g>, h@i") == "from ***@b.c to <***@f.g>, ***@i")
        #expect(Redaction.maskAddresses(in: "no address") == "no address")
    }

    @Test(arguments: [
        ("127.0.0.1", true), ("127.1.2.3", true), ("localhost", true), ("LOCALHOST.", true), ("::1", true), ("[::1]", true),
        ("128.0.0.1", false), ("127.0.0.256", false), ("127.0.0", false), ("10.0.0.1", false), ("mail.example.org", false),
        ("127.0.0.1.example.org", false), ("::2", false),
    ])
    func loopbackDetection(host: String, loopback: Bool) {
        #expect(MailServerEndpoint.isLoopback(host: host) == loopback)
    }

    @Test func plainIsRefusedForRemoteHosts() async throws {
        let mailbox = IMAPMailbox(endpoint: endpoint(security: .plain), logger: Logger(label: "test"))
        let error = await #expect(throws: MailTransportError.self) { try await mailbox.noop() }
        #expect(error?.kind == .configuration)
        #expect(error?.description.contains("loopback") == true || error?.description.contains("127.0.0.0/8") == true)

        let sender = SMTPSender(endpoint: endpoint(host: "smtp.example.org", security: .plain), logger: Logger(label: "test"))
        let smtpError = await #expect(throws: MailTransportError.self) {
            try await sender.send(from: "a@b.c", recipients: ["d@e.f"], message: Array("x".utf8))
        }
        #expect(smtpError?.kind == .configuration)
    }

    @Test func rejectsBadSettingsBeforeConnecting() async throws {
        for host in ["", "imap://x", "a b"] {
            let mailbox = IMAPMailbox(endpoint: endpoint(host: host), logger: Logger(label: "test"))
            let error = await #expect(throws: MailTransportError.self) { try await mailbox.noop() }
            #expect(error?.kind == .configuration)
        }
        var noLogin = endpoint()
        noLogin.credential = .none
        let error = await #expect(throws: MailTransportError.self) {
            try await IMAPMailbox(endpoint: noLogin, logger: Logger(label: "test")).noop()
        }
        #expect(error?.kind == .configuration)
        var newline = endpoint()
        newline.credential = .password("pw\n")
        let newlineError = await #expect(throws: MailTransportError.self) {
            try await IMAPMailbox(endpoint: newline, logger: Logger(label: "test")).noop()
        }
        #expect(newlineError?.kind == .configuration)
        #expect(newlineError?.description.contains("pw") == false)
    }

    @Test func missingTokenFileIsAConfigurationError() throws {
        let file = BearerTokenFile(path: "/nonexistent/panelmail-token")
        #expect(throws: MailTransportError.self) { try file.current() }
    }

    @Test func tokenFileIsReReadWhenItChanges() throws {
        let path = "/tmp/panelmail-mt-token-\(UInt64.random(in: 0...UInt64.max))"
        defer { unlink(path) }
        try "first-token\n".write(toFile: path, atomically: true, encoding: .utf8)
        let file = BearerTokenFile(path: path)
        #expect(try file.current() == "first-token")
        try "second-token-longer".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try file.current() == "second-token-longer")
    }
}
