/// Which roles may do what: plain data that config can supply.
///
/// The standard table, from the panel's terms of reference:
///
/// | role | may |
/// |---|---|
/// | duty, lead | APPROVE, DECLINE, MORE INFO, DEFER urgent requests |
/// | clerk | record the weekly panel's outcomes (APPROVE, DECLINE, MORE INFO, DEFER on weekly requests); LATE |
/// | finance, commissioning | nothing: they advise, they do not decide |
/// | team manager, service manager, IRO of record | ENDORSE, NOT ENDORSED |
/// | worker of record | CHALLENGE |
public struct PanelPermissions: Hashable, Sendable {
    public let table: [PanelRole: Set<PanelPermission>]

    public init(table: [PanelRole: Set<PanelPermission>]) {
        self.table = table
    }

    /// Reads config: role name to permission words (`approve:urgent`, `late`). A
    /// role left out may do nothing; a role of record keeps its name
    /// (`team-manager`, `iro`).
    /// - Throws: `PanelConfigError.unknownPermission` naming the first bad word.
    public init(config: [String: [String]]) throws(PanelConfigError) {
        var table: [PanelRole: Set<PanelPermission>] = [:]
        for (name, words) in config.sorted(by: { $0.key < $1.key }) {
            let role = PanelRole(name)
            var permissions: Set<PanelPermission> = []
            for word in words {
                guard let permission = PanelPermission(word) else { throw .unknownPermission(word, role: role) }
                permissions.insert(permission)
            }
            table[role, default: []].formUnion(permissions)
        }
        self.table = table
    }

    public static let standard: PanelPermissions = {
        let decisions: [PanelAction] = [.approve, .decline, .moreInfo, .deferToPanel, .alternatives]
        let urgent = Set(decisions.map { PanelPermission($0, scope: .urgent) })
        let weekly = Set(decisions.map { PanelPermission($0, scope: .weekly) })
        let signOff: Set<PanelPermission> = [PanelPermission(.endorse), PanelPermission(.notEndorsed), PanelPermission(.withdraw)]
        return PanelPermissions(table: [
            .duty: urgent,
            .lead: urgent,
            .clerk: weekly.union([PanelPermission(.late)]),
            .finance: [],
            .commissioning: [],
            .teamManager: signOff,
            .serviceManager: signOff,
            .iro: signOff,
            .worker: [PanelPermission(.challenge), PanelPermission(.withdraw)],
        ])
    }()

    /// True when any of `roles` may do `action` on `scope`.
    public func allows(_ roles: Set<PanelRole>, _ action: PanelAction, on scope: DecisionScope?) -> Bool {
        !permitting(roles, action, on: scope).isEmpty
    }

    /// The roles among `roles` that may do `action` on `scope`, sorted.
    public func permitting(_ roles: Set<PanelRole>, _ action: PanelAction, on scope: DecisionScope?) -> [PanelRole] {
        roles.filter { table[$0]?.contains { $0.allows(action, on: scope) } ?? false }.sorted()
    }

    /// Every role that may do `action` on `scope`, sorted: for explanations.
    public func roles(allowedTo action: PanelAction, on scope: DecisionScope?) -> [PanelRole] {
        permitting(Set(table.keys), action, on: scope)
    }
}
