/// Someone on the panel list, or a shared mailbox the panel uses.
public struct PanelMember: Hashable, Sendable, CustomStringConvertible {
    /// For greetings and the decision record.
    public let name: String
    /// The addresses they send from, lower-cased.
    public let addresses: [String]
    public let roles: Set<PanelRole>
    /// A mailbox several people send from (the duty mailbox): a decision from it
    /// must be signed with the name of the person who made it.
    public let isSharedMailbox: Bool

    public init(name: String, addresses: [String], roles: Set<PanelRole>, isSharedMailbox: Bool = false) {
        self.name = FormText.collapse(name)
        self.addresses = addresses.map { $0.trimmingASCIIWhitespace.lowercased() }
        self.roles = roles
        self.isSharedMailbox = isSharedMailbox
    }

    /// The name only: a member's address is personal data.
    public var description: String { isSharedMailbox ? "\(name) (shared mailbox)" : name }
}
