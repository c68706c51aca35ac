/// A failure talking to a mail server, classified so the caller knows whether to retry.
///
/// `description` says what went wrong and what to do. It never contains a password or token,
/// and the local parts of e-mail addresses quoted from server replies are masked.
public struct MailTransportError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// Network trouble, a timeout, an SMTP 4xx or a server going away: retry later.
        case transient
        /// The server refused for good (SMTP 5xx, IMAP NO/BAD): retrying the same thing will fail again.
        case permanent
        /// The server rejected the login (IMAP NO [AUTHENTICATIONFAILED], SMTP 535; curl code 67).
        case authentication
        /// TLS could not be set up or the certificate did not verify.
        case tls
        /// The settings are unusable (bad host, plain text to a remote host, unreadable token file, bad address).
        case configuration
        /// The folder's UIDVALIDITY is not the one the caller expected: its UIDs now mean other messages.
        case uidValidityChanged
        /// No message has that UID (anymore).
        case messageNotFound
        /// The folder does not exist.
        case folderNotFound
        /// The message is larger than the caller's limit; the transfer was aborted.
        case messageTooLarge
        /// The server lacks an extension this operation needs.
        case unsupported
        /// The server said something that does not follow the protocol.
        case protocolViolation
    }

    public var kind: Kind
    /// What was being done, e.g. "IMAP UID MOVE" or "SMTP RCPT TO".
    public var operation: String
    /// `host:port` of the server, when known.
    public var server: String?
    /// libcurl's CURLcode, when curl reported the failure.
    public var curlCode: Int?
    /// libcurl's own explanation (its error buffer), when it gave one.
    public var curlMessage: String?
    /// The server's answer: the tagged NO/BAD line or the SMTP reply, with credentials removed.
    public var serverResponse: String?
    /// The SMTP reply code of the failing step, when there was one.
    public var smtpReplyCode: Int?
    /// The envelope recipient the SMTP server refused, when that was the failure.
    public var rejectedRecipient: String?
    /// What was wrong, in a phrase.
    public var message: String
    /// What to do about it.
    public var advice: String

    public init(
        kind: Kind,
        operation: String,
        server: String? = nil,
        curlCode: Int? = nil,
        curlMessage: String? = nil,
        serverResponse: String? = nil,
        smtpReplyCode: Int? = nil,
        rejectedRecipient: String? = nil,
        message: String,
        advice: String
    ) {
        self.kind = kind
        self.operation = operation
        self.server = server
        self.curlCode = curlCode
        self.curlMessage = curlMessage
        self.serverResponse = serverResponse
        self.smtpReplyCode = smtpReplyCode
        self.rejectedRecipient = rejectedRecipient
        self.message = message
        self.advice = advice
    }

    init(
        kind: Kind,
        operation: String,
        endpoint: MailServerEndpoint,
        curlCode: Int? = nil,
        curlMessage: String? = nil,
        serverResponse: String? = nil,
        message: String,
        advice: String
    ) {
        self.init(
            kind: kind,
            operation: operation,
            server: endpoint.hostAndPort,
            curlCode: curlCode,
            curlMessage: curlMessage,
            serverResponse: serverResponse.map { Redaction.removeSecrets(from: $0, credential: endpoint.credential) },
            message: message,
            advice: advice
        )
    }

    /// Worth trying again later without changing anything.
    public var isRetryable: Bool { kind == .transient }

    public var description: String {
        var text = operation
        if let server { text += " on \(server)" }
        text += " failed (\(kind.rawValue)): \(message)"
        if let serverResponse, !serverResponse.isEmpty {
            text += "; the server said \"\(Redaction.maskAddresses(in: serverResponse).trimmingCharacters(in: .whitespacesAndNewlines))\""
        }
        if let curlCode {
            text += "; curl error \(curlCode)"
            if let curlMessage, !curlMessage.isEmpty { text += ": \(Redaction.maskAddresses(in: curlMessage))" }
        }
        text += ". \(advice)"
        return text
    }
}
