/// Who a decision is recorded against.
public struct DecisionActor: Hashable, Sendable, CustomStringConvertible {
    /// The address the email came from (a person's, or the shared mailbox's).
    public let address: String
    /// The member's name from the panel list; for a shared mailbox, the name the
    /// email was signed with; nil for a party of record not on the panel list.
    public let name: String?
    /// The roles that permitted the action.
    public let roles: [PanelRole]
    /// True when the email came from a shared mailbox and `name` is the signed name.
    public let viaSharedMailbox: Bool

    public init(address: String, name: String?, roles: [PanelRole], viaSharedMailbox: Bool) {
        self.address = address
        self.name = name
        self.roles = roles
        self.viaSharedMailbox = viaSharedMailbox
    }

    /// Roles only: name and address are personal data.
    public var description: String {
        let roles = self.roles.map(\.name).joined(separator: ", ")
        return viaSharedMailbox ? "shared mailbox (\(roles)), signed" : "member (\(roles))"
    }
}
