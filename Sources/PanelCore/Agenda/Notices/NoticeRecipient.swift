/// Who a timed notice goes to, and in what capacity (the template may greet them differently).
public enum NoticeRecipient: Hashable, Sendable {
    /// The worker who sent the request.
    case worker(EmailAddress)
    /// The duty panel member of the day, or the shared duty mailbox when nobody is named.
    case duty(OnDuty)
    /// A panel lead.
    case lead(PanelContact)
    /// A panel member receiving the agenda.
    case member(PanelContact)
    /// The shared duty mailbox, standing in when no member holds the role a notice is for.
    case sharedMailbox(EmailAddress)

    public var address: EmailAddress {
        switch self {
        case .worker(let address), .sharedMailbox(let address): return address
        case .duty(let onDuty): return onDuty.address
        case .lead(let contact), .member(let contact): return contact.address
        }
    }
}
