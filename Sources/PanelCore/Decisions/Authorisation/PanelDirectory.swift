/// The panel list: who may act on the panel's emails, found by the address they
/// send from (compared without regard to case; local parts are case-sensitive in
/// theory, never in councils' mail systems).
public struct PanelDirectory: Hashable, Sendable {
    public let members: [PanelMember]
    private let byAddress: [String: Int]

    /// - Throws: `PanelConfigError` for a member without an address or roles, an
    ///   address that is not one, an address given twice, or a role of record.
    public init(_ members: [PanelMember]) throws(PanelConfigError) {
        var byAddress: [String: Int] = [:]
        for (index, member) in members.enumerated() {
            guard !member.addresses.isEmpty else { throw .memberWithoutAddress(index: index) }
            guard !member.roles.isEmpty else { throw .memberWithoutRoles(index: index) }
            if let role = member.roles.sorted().first(where: \.isOfRecord) { throw .roleOfRecordInList(role, index: index) }
            for address in member.addresses {
                guard EmailAddress(address) != nil else { throw .badAddress(index: index) }
                if let first = byAddress[address] { throw .addressRepeated(index: index, firstIndex: first) }
                byAddress[address] = index
            }
        }
        self.members = members
        self.byAddress = byAddress
    }

    /// The member who sends from `address`, if any.
    public func member(for address: String) -> PanelMember? {
        byAddress[address.trimmingASCIIWhitespace.lowercased()].map { members[$0] }
    }
}
