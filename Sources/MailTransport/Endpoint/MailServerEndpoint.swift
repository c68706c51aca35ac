/// Where and how to reach one mail server: host, port, transport security, and the login.
///
/// The description names the user, host, port and security but never the credential.
public struct MailServerEndpoint: Sendable, CustomStringConvertible {
    /// How the connection is protected.
    public enum Security: String, Sendable, Hashable, CaseIterable {
        /// TLS from the first byte: `imaps://` (993) or `smtps://` (465, RFC 8314).
        case implicitTLS
        /// A plain connection upgraded with STARTTLS; the upgrade is required, never optional.
        case startTLS
        /// No TLS at all. Refused unless the host is a loopback address.
        case plain
    }

    /// Time limits for one connection. libcurl's defaults (300 s to connect, no transfer
    /// limit) would let a dead server hold the daemon for hours.
    public struct Timeouts: Sendable, Hashable {
        /// Limit for TCP connect, TLS handshake and login together.
        public var connect: Duration
        /// Longest wait for any server response. For IMAP commands it bounds every wait for
        /// data, so a transfer that stalls this long is abandoned (the connection is dropped).
        public var response: Duration
        /// SMTP (and the IMAP login): a transfer slower than `lowSpeedBytesPerSecond` for
        /// `lowSpeedTime` is aborted.
        public var lowSpeedBytesPerSecond: Int
        public var lowSpeedTime: Duration

        public init(
            connect: Duration = .seconds(15),
            response: Duration = .seconds(60),
            lowSpeedBytesPerSecond: Int = 1,
            lowSpeedTime: Duration = .seconds(60)
        ) {
            self.connect = connect
            self.response = response
            self.lowSpeedBytesPerSecond = lowSpeedBytesPerSecond
            self.lowSpeedTime = lowSpeedTime
        }

        /// Defaults for IMAP: connect 15 s, response 60 s.
        public static let imap = Timeouts()
        /// Defaults for SMTP: RFC 5321 4.5.3.2 asks clients to wait up to 10 minutes for the
        /// reply to the end of DATA, and Postfix can take that long under load.
        public static let smtp = Timeouts(response: .seconds(600), lowSpeedTime: .seconds(120))
    }

    public var host: String
    public var port: Int
    public var security: Security
    /// PEM bundle of the CAs to trust; nil uses the system store.
    public var caFile: String?
    public var username: String
    public var credential: MailCredential
    public var timeouts: Timeouts

    public init(
        host: String,
        port: Int,
        security: Security,
        caFile: String? = nil,
        username: String,
        credential: MailCredential,
        timeouts: Timeouts = .imap
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.caFile = caFile
        self.username = username
        self.credential = credential
        self.timeouts = timeouts
    }

    public var description: String {
        "\(username)@\(host):\(port) (\(security.rawValue))"
    }

    /// `host:port` for messages, with IPv6 literals bracketed.
    var hostAndPort: String { "\(urlHost):\(port)" }

    /// The host as it goes into a URL.
    var urlHost: String {
        host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
    }

    /// True for 127.0.0.0/8, ::1 and localhost: the only hosts `.plain` may reach.
    public var isLoopback: Bool { Self.isLoopback(host: host) }

    static func isLoopback(host: String) -> Bool {
        var name = host.lowercased()
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if name.hasSuffix(".") { name.removeLast() }
        if name == "localhost" || name.hasSuffix(".localhost") { return true }
        if name == "::1" || name == "0:0:0:0:0:0:0:1" { return true }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "127" else { return false }
        return parts.allSatisfy { part in
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCIIDigit), let value = Int(part) else { return false }
            return value <= 255
        }
    }

    /// Checks what can be checked without the network. Errors are `.configuration`.
    func validate(protocolName: String) throws(MailTransportError) {
        func fail(_ problem: String, _ advice: String) -> MailTransportError {
            MailTransportError(kind: .configuration, operation: "\(protocolName) setup", endpoint: self, message: problem, advice: advice)
        }
        if host.isEmpty || host.contains(where: { $0.isWhitespace || $0 == "/" || $0 == "@" || $0 == "?" || $0 == "#" }) {
            throw fail("the host name \"\(host)\" is not valid", "Set a plain host name or IP address, without a scheme or path.")
        }
        guard (1...65535).contains(port) else {
            throw fail("the port \(port) is out of range", "Use the server's port, for example 993 for IMAPS or 465/587 for mail submission.")
        }
        if security == .plain && !isLoopback {
            throw fail(
                "security 'plain' would send the login unencrypted to \(host)",
                "Use implicitTLS or startTLS; 'plain' is only allowed for 127.0.0.0/8, ::1 and localhost."
            )
        }
        if username.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
            throw fail("the username contains a line break or NUL", "Correct the username in the configuration.")
        }
        if case .password(let secret) = credential, secret.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
            throw fail("the password contains a line break or NUL", "Check the password setting; a trailing newline from a file is a common cause.")
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
