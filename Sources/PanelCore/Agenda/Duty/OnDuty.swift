/// Who answers urgent requests on one day, and why: a dated override, the weekly rota, or
/// (when neither names anyone) the shared duty mailbox.
public struct OnDuty: Hashable, Sendable, CustomStringConvertible {
    public enum Source: String, Hashable, Sendable {
        /// A dated override in the rota.
        case override
        /// The rota's entry for that weekday.
        case weekday
        /// Nobody is named for the day: the shared duty mailbox.
        case sharedMailbox
    }

    /// The duty panel member, or nil when the shared mailbox covers the day.
    public let contact: PanelContact?
    /// Where duty notices go: the member's address or the shared mailbox.
    public let address: EmailAddress
    public let source: Source

    public init(contact: PanelContact?, address: EmailAddress, source: Source) {
        self.contact = contact
        self.address = address
        self.source = source
    }

    /// The member on duty.
    init(_ contact: PanelContact, source: Source) {
        self.init(contact: contact, address: contact.address, source: source)
    }

    /// The shared mailbox on duty.
    init(sharedMailbox: EmailAddress) {
        self.init(contact: nil, address: sharedMailbox, source: .sharedMailbox)
    }

    /// "Sam Patel (weekday)", "shared mailbox (sharedMailbox)", for logs: no address.
    public var description: String { "\(contact?.name ?? "shared mailbox") (\(source.rawValue))" }
}
