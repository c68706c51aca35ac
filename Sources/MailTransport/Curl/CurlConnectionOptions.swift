import CCurl

/// The two mail protocols panelmail speaks through libcurl.
enum MailProtocol: String, Sendable {
    case imap = "IMAP"
    case smtp = "SMTP"

    func scheme(for security: MailServerEndpoint.Security) -> String {
        switch (self, security) {
        case (.imap, .implicitTLS): "imaps"
        case (.imap, _): "imap"
        case (.smtp, .implicitTLS): "smtps"
        case (.smtp, _): "smtp"
        }
    }

    var allowedSchemes: String {
        switch self {
        case .imap: "imap,imaps"
        case .smtp: "smtp,smtps"
        }
    }
}

/// The secret handed to libcurl for one login.
enum LoginSecret {
    case none
    case password(String)
    case bearer(String)

    var secrets: [String] {
        switch self {
        case .none: []
        case .password(let value), .bearer(let value): [value]
        }
    }
}

/// Resolves the credential to what libcurl needs now, re-reading a token file when it changed.
final class LoginSecretSource {
    private let credential: MailCredential
    private let tokenFile: BearerTokenFile?

    init(_ credential: MailCredential) {
        self.credential = credential
        if case .oauth2BearerFile(let path) = credential {
            tokenFile = BearerTokenFile(path: path)
        } else {
            tokenFile = nil
        }
    }

    func current() throws(MailTransportError) -> LoginSecret {
        switch credential {
        case .none: .none
        case .password(let value): .password(value)
        case .oauth2BearerFile: .bearer(try tokenFile!.current())
        }
    }
}

extension CurlEasy {
    /// Security, timeouts and login shared by every panelmail transfer.
    ///
    /// TLS always verifies the peer and the host name. `.startTLS` sets `CURLUSESSL_ALL`, so a
    /// server that does not offer STARTTLS fails (curl code 64) instead of getting the login in
    /// clear text. `.plain` is only reachable for loopback hosts (checked by `validate`).
    func applyConnectionOptions(
        endpoint: MailServerEndpoint,
        protocol mailProtocol: MailProtocol,
        path: String,
        secret: LoginSecret
    ) throws(MailTransportError) {
        try set(CURLOPT_URL, "\(mailProtocol.scheme(for: endpoint.security))://\(endpoint.urlHost):\(endpoint.port)/\(path)")
        try set(CURLOPT_PROTOCOLS_STR, mailProtocol.allowedSchemes)
        try set(CURLOPT_NOSIGNAL, true)
        try set(CURLOPT_VERBOSE, false)
        try set(CURLOPT_NOPROGRESS, true)
        try set(CURLOPT_TCP_KEEPALIVE, true)

        let timeouts = endpoint.timeouts
        try set(CURLOPT_CONNECTTIMEOUT_MS, timeouts.connect.wholeMilliseconds)
        try set(CURLOPT_SERVER_RESPONSE_TIMEOUT, max(1, timeouts.response.wholeSeconds))
        try set(CURLOPT_LOW_SPEED_LIMIT, max(1, timeouts.lowSpeedBytesPerSecond))
        try set(CURLOPT_LOW_SPEED_TIME, max(1, timeouts.lowSpeedTime.wholeSeconds))

        switch endpoint.security {
        case .implicitTLS, .startTLS:
            try set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
            try set(CURLOPT_SSL_VERIFYPEER, true)
            try set(CURLOPT_SSL_VERIFYHOST, 2)
            try set(CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_2)
            if let caFile = endpoint.caFile { try set(CURLOPT_CAINFO, caFile) }
        case .plain:
            try set(CURLOPT_USE_SSL, Int(CURLUSESSL_NONE.rawValue))
        }

        switch secret {
        case .none:
            try set(CURLOPT_USERNAME, nil as String?)
            try set(CURLOPT_PASSWORD, nil as String?)
            try set(CURLOPT_XOAUTH2_BEARER, nil as String?)
        case .password(let password):
            try set(CURLOPT_USERNAME, endpoint.username)
            try set(CURLOPT_PASSWORD, password)
            try set(CURLOPT_XOAUTH2_BEARER, nil as String?)
        case .bearer(let token):
            try set(CURLOPT_USERNAME, endpoint.username)
            try set(CURLOPT_PASSWORD, nil as String?)
            try set(CURLOPT_XOAUTH2_BEARER, token)
        }
    }
}

extension Duration {
    var wholeMilliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }

    var wholeSeconds: Int { Int(components.seconds) }
}
