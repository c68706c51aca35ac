import Foundation

/// What `LATE n` did: the agenda after it, and the slots that moved (with their new times
/// and SEQUENCE), whose workers are told.
public struct AgendaDelay: Hashable, Sendable {
    public let minutes: Int
    /// When the clerk's command took effect.
    public let at: Date
    public let agenda: AgendaSlots
    /// In agenda order.
    public let moved: [AgendaSlot]

    public init(minutes: Int, at: Date, agenda: AgendaSlots, moved: [AgendaSlot]) {
        self.minutes = minutes
        self.at = at
        self.agenda = agenda
        self.moved = moved
    }
}
