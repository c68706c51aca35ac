import Logging

/// Sends mail over SMTP (RFC 5321) through libcurl, keeping one connection open between sends.
///
/// An actor whose executor is a dedicated thread, so blocking libcurl calls stay off Swift's
/// cooperative pool and sends are serialised. A connection the server closed while idle is
/// replaced; one that dies under a send before any of the message went out is retried once.
public actor SMTPSender: MailSending {
    public nonisolated let endpoint: MailServerEndpoint
    private let executor: ThreadExecutor
    private let cancellation = CancellationFlag()
    private let session: SMTPSession
    private let configurationError: MailTransportError?

    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// `heloName` is the name given in EHLO; nil uses this machine's host name.
    public init(endpoint: MailServerEndpoint, heloName: String? = nil, logger: Logger) {
        self.endpoint = endpoint
        executor = ThreadExecutor(name: "smtp \(endpoint.host):\(endpoint.port)")
        session = SMTPSession(endpoint: endpoint, heloName: heloName, logger: logger, cancellation: cancellation)
        var problem: MailTransportError?
        do {
            try endpoint.validate(protocolName: "SMTP")
        } catch {
            problem = error
        }
        if problem == nil, let heloName, !Self.isValidHeloName(heloName) {
            problem = MailTransportError(
                kind: .configuration, operation: "SMTP setup", endpoint: endpoint,
                message: "the EHLO name \"\(heloName)\" is not a domain name or address literal",
                advice: "Use this host's fully qualified domain name, e.g. panelmail.council.example.")
        }
        configurationError = problem
    }

    deinit {
        executor.shutdown()
    }

    public func send(from: String, recipients: [String], message: [UInt8]) async throws -> SMTPDelivery {
        try await run { session throws in try session.send(from: from, recipients: recipients, message: message) }
    }

    /// Connects, starts TLS and logs in without sending a message: for checking the configuration.
    /// Fails with `.authentication` if a credential is configured but the server offered no AUTH.
    public func verifyLogin() async throws {
        try await run { session throws in try session.verifyLogin() }
    }

    /// Closes the held connection (QUIT); the next send connects again.
    public func close() async {
        session.close()
    }

    private func run<T: Sendable>(_ body: (SMTPSession) throws -> T) async throws -> T {
        if let configurationError { throw configurationError }
        try Task.checkCancellation()
        cancellation.reset()
        return try await withTaskCancellationHandler {
            try body(session)
        } onCancel: { [cancellation] in
            cancellation.set()
        }
    }

    static func isValidHeloName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 255 else { return false }
        if name.hasPrefix("["), name.hasSuffix("]") {
            let inner = name.dropFirst().dropLast()
            return !inner.isEmpty && inner.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == ":") }
        }
        return name.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" || $0 == "." }
            && !name.hasPrefix(".") && !name.hasPrefix("-")
    }
}
