/// Which sitting a complete non-urgent request is listed for, and why not an earlier one.
public struct PanelAssignment: Hashable, Sendable {
    /// The sitting the request is listed for.
    public let sitting: PanelSitting
    /// The first sitting after the request arrived, when the request missed its deadline
    /// and so moved to a later panel; nil when it was in time for the next sitting.
    public let missedDeadline: PanelSitting?
    /// The sitting the request was in time for but which had already sat when panelmail
    /// read the mail; nil when it had not.
    public let satBeforeRead: PanelSitting?

    public init(sitting: PanelSitting, missedDeadline: PanelSitting? = nil, satBeforeRead: PanelSitting? = nil) {
        self.sitting = sitting
        self.missedDeadline = missedDeadline
        self.satBeforeRead = satBeforeRead
    }

    /// In time for the first sitting after it arrived.
    public var isOnTime: Bool { missedDeadline == nil }

    /// Listed later than the first sitting after it arrived, for either reason: tell the worker.
    public var movedToALaterSitting: Bool { missedDeadline != nil || satBeforeRead != nil }
}
