/// The server's acceptance of one message.
public struct SMTPDelivery: Sendable, Hashable {
    /// The reply code to the end of DATA (250).
    public var replyCode: Int
    /// The reply text, e.g. "250 2.0.0 Ok: queued as 4B2F8EF7A1A0".
    public var replyText: String
    /// The server's queue id, when the reply names one: worth logging to trace a message.
    public var queueID: String?
    /// The envelope recipients the server accepted.
    public var recipients: [String]

    public init(replyCode: Int, replyText: String, queueID: String?, recipients: [String]) {
        self.replyCode = replyCode
        self.replyText = replyText
        self.queueID = queueID
        self.recipients = recipients
    }
}

/// Sends mail, so the daemon can be tested with a fake and the transport swapped.
public protocol MailSending: Sendable {
    /// Sends `message` (RFC 5322 bytes with CRLF line ends) to every recipient, or to none:
    /// a refused recipient fails the whole send (`MailTransportError.rejectedRecipient` says
    /// which). `from` is the envelope sender; "" sends the null sender `<>` (RFC 3834 replies).
    func send(from: String, recipients: [String], message: [UInt8]) async throws -> SMTPDelivery
}
