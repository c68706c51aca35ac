/// An email ready for the outbox: final bytes and envelope.
public struct OutgoingMail: Sendable {
    /// Why panelmail sends it: `acknowledgement`, `bounce-notice`, ...
    public var purpose: String
    /// The Message-ID in `bytes`, without brackets.
    public var messageID: String
    public var envelopeFrom: String
    public var recipients: [String]
    public var bytes: [UInt8]

    public init(purpose: String, messageID: String, envelopeFrom: String, recipients: [String], bytes: [UInt8]) {
        self.purpose = purpose
        self.messageID = messageID
        self.envelopeFrom = envelopeFrom
        self.recipients = recipients
        self.bytes = bytes
    }
}
