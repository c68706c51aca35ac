import Foundation
import GRDB
import PanelCore

/// A request for a resource, with its reference.
public struct StoredRequest: Codable, Sendable, Identifiable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "request"

    public enum Status: String, Codable, Sendable, DatabaseValueConvertible, CaseIterable {
        /// Recorded before requests had forms (schema v1).
        case open
        /// Something required is missing or unreadable; the worker has been told what.
        case incomplete
        /// Urgent and complete: for the duty panel member, by `dueAt`.
        case awaitingDecision
        /// Complete and listed for the weekly panel at `panelSittingAt`.
        case listed
        /// Decided by email: approved (perhaps for less), declined, alternatives to
        /// explore first, or sent back for more information.
        case approved
        case declined
        case alternativesAdvised
        /// Withdrawn by the worker or team manager before a decision.
        case withdrawn
        case moreInfoRequested
    }

    public var id: Int64?
    public var reference: String
    public var year: Int
    public var sequence: Int
    public var messageId: Int64
    public var arrivedAt: Date
    /// The address acknowledgements go to (Reply-To, else From).
    public var worker: String
    public var subject: String
    public var status: Status
    /// The form as written: `FormRecord` JSON ("{}" for requests from before forms).
    public var form: String = "{}"
    /// What keeps the request from the panel, one sentence per line as the worker was
    /// told; empty when complete.
    public var problems: String = ""
    public var caseID: String?
    /// `caseID` trimmed and in lower case, for the duplicate check.
    public var caseKey: String?
    public var resourceType: String?
    /// The social worker's and team manager's addresses from the form: with the sender,
    /// the people who may change the request.
    public var workerEmail: String?
    public var teamManagerEmail: String?
    public var urgent: Bool = false
    public var completedAt: Date?
    public var dueAt: Date?
    public var panelSittingAt: Date?
    public var panelDeadlineAt: Date?
    public var version: Int = 1
    public var possibleDuplicateOf: String?

    /// The form as written, nil for requests recorded before forms were read.
    public var formRecord: FormRecord? { FormRecord(json: form) }

    /// Before a decision: the worker or team manager of record may still change it.
    public var isUndecided: Bool {
        switch status {
        case .open, .incomplete, .awaitingDecision, .listed, .moreInfoRequested: return true
        case .approved, .declined, .alternativesAdvised, .withdrawn: return false
        }
    }

    /// The blocking problems, one per element.
    public var problemList: [String] { Self.problemList(problems) }

    /// The `problems` column, one problem per line.
    static func problemList(_ problems: String) -> [String] { problems.split(separator: "\n").map(String.init) }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension StoredRequest {
    /// Column by column (see `StoredMessage.encode(to:)`).
    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["reference"] = reference
        container["year"] = year
        container["sequence"] = sequence
        container["messageId"] = messageId
        container["arrivedAt"] = StoredDate.text(arrivedAt)
        container["worker"] = worker
        container["subject"] = subject
        container["status"] = status
        container["form"] = form
        container["problems"] = problems
        container["caseID"] = caseID
        container["caseKey"] = caseKey
        container["resourceType"] = resourceType
        container["workerEmail"] = workerEmail
        container["teamManagerEmail"] = teamManagerEmail
        container["urgent"] = urgent
        container["completedAt"] = StoredDate.text(completedAt)
        container["dueAt"] = StoredDate.text(dueAt)
        container["panelSittingAt"] = StoredDate.text(panelSittingAt)
        container["panelDeadlineAt"] = StoredDate.text(panelDeadlineAt)
        container["version"] = version
        container["possibleDuplicateOf"] = possibleDuplicateOf
    }
}

struct ThreadMessage: Codable, FetchableRecord, PersistableRecord {
    var messageIDHeader: String
    var requestId: Int64
}
