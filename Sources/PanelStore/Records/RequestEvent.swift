import Foundation
import GRDB

/// One change of a request's state: when, who, what, and the email that caused it.
public struct RequestEvent: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "requestEvent"

    public enum Kind: String, Codable, Sendable, DatabaseValueConvertible {
        /// Opened by an email (status and what is missing in the detail).
        case received
        /// Became complete: listed for a panel, or owed an urgent decision.
        case completed
        /// Form lines from the worker or team manager changed it.
        case updated
        /// Was complete, and a reply made it incomplete again.
        case reopened
        /// An email in its thread that changed nothing.
        case correspondence
        /// The duty panel member was sent the request to decide.
        case dutyNotified
        /// A decision by email was applied.
        case decided
        /// A decision by email was refused; the detail says why.
        case refused
        /// The worker's answer to MORE INFO went back to the member who asked.
        case returned
        /// The worker (or team manager) challenged the decision; the panel lead was sent it.
        case challenged
        /// A timed notice went out: a reminder, or a report that a decision is late.
        case reminded
        /// The parties of record were asked to sign it off.
        case signOffRequested
        /// A party of record replied ENDORSE or NOT ENDORSED.
        case signedOff
        /// Given a slot on a weekly panel's agenda, fixed at the deadline.
        case slotted
        /// Withdrawn by the worker or team manager; the detail gives their reason.
        case withdrawn
    }

    public var id: Int64?
    public var requestId: Int64
    /// When the email that caused it reached the panel mailbox.
    public var at: Date
    /// When panelmail recorded it.
    public var recordedAt: Date
    /// The address of whoever caused it.
    public var actor: String
    public var messageIDHeader: String?
    public var event: Kind
    public var detail: String

    public init(requestId: Int64, at: Date, recordedAt: Date, actor: String, messageIDHeader: String?, event: Kind, detail: String) {
        self.requestId = requestId
        self.at = at
        self.recordedAt = recordedAt
        self.actor = actor
        self.messageIDHeader = messageIDHeader
        self.event = event
        self.detail = detail
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension RequestEvent {
    /// Column by column (see `StoredMessage.encode(to:)`).
    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["requestId"] = requestId
        container["at"] = StoredDate.text(at)
        container["recordedAt"] = StoredDate.text(recordedAt)
        container["actor"] = actor
        container["messageIDHeader"] = messageIDHeader
        container["event"] = event
        container["detail"] = detail
    }
}
