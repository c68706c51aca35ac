/// One line of the agenda for panel members: a slot and what the panel needs to see
/// about the request. No child's name.
public struct AgendaRow: Hashable, Sendable {
    public var slot: AgendaSlot
    public var team: String
    /// The worker's name.
    public var worker: String
    /// The resource's kind, e.g. "Placement".
    public var resourceType: String
    /// Nil when the form gives none.
    public var cost: Cost?
    public var isUrgent: Bool
    /// The sign-offs as the panel should read them, e.g. "team manager; service manager; IRO".
    public var signOffs: String

    public init(slot: AgendaSlot, team: String, worker: String, resourceType: String, cost: Cost?, isUrgent: Bool, signOffs: String) {
        self.slot = slot
        self.team = team
        self.worker = worker
        self.resourceType = resourceType
        self.cost = cost
        self.isUrgent = isUrgent
        self.signOffs = signOffs
    }
}
