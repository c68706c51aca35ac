/// The people a request names (its record), by email address: they hold the roles
/// of record for that request alone.
public struct RequestParties: Hashable, Sendable {
    /// Lower-cased address to the roles it holds on this request.
    public let roles: [String: Set<PanelRole>]

    public init(worker: String? = nil, teamManager: String? = nil, serviceManager: String? = nil, iro: String? = nil) {
        var roles: [String: Set<PanelRole>] = [:]
        for (address, role) in [(worker, PanelRole.worker), (teamManager, .teamManager),
                                (serviceManager, .serviceManager), (iro, .iro)] {
            guard let key = address?.trimmingASCIIWhitespace.lowercased(), !key.isEmpty else { continue }
            roles[key, default: []].insert(role)
        }
        self.roles = roles
    }

    /// A request that names no one (and a sitting, which has no record).
    public static let none = RequestParties()

    /// The roles of record `address` holds on this request.
    public func roles(of address: String) -> Set<PanelRole> {
        roles[address.trimmingASCIIWhitespace.lowercased()] ?? []
    }
}
