/// Where panelmail writes to a member of the panel list: the first address the list gives
/// for them, with their name as the display name.
public struct PanelContact: Hashable, Sendable, CustomStringConvertible {
    public let member: PanelMember
    public let address: EmailAddress

    /// - Throws: `DutyRotaError.memberWithoutUsableAddress` when the member's first address
    ///   is missing or not an address (`PanelDirectory` refuses both, so only for members
    ///   built by hand).
    public init(_ member: PanelMember) throws(DutyRotaError) {
        guard let first = member.addresses.first, let parsed = EmailAddress(first) else {
            throw DutyRotaError.memberWithoutUsableAddress(member.name)
        }
        self.member = member
        self.address = EmailAddress(name: member.name, localPart: parsed.localPart, domain: parsed.domain)
    }

    public var name: String { member.name }

    /// The name only: a member's address is personal data.
    public var description: String { member.description }
}
