import Foundation

/// A role someone holds towards the panel, named as config names it.
///
/// Standing roles come from the panel list (`PanelDirectory`): `duty`, `lead`,
/// `clerk`, `finance`, `commissioning`, or any other name config uses. Roles of
/// record come from the request itself (`RequestParties`) and cannot be given in
/// the panel list: `worker`, `team-manager`, `service-manager`, `iro`.
public struct PanelRole: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// Lower-case, words joined by "-": "duty", "team-manager".
    public let name: String

    public init(_ name: String) {
        self.name = FormText.collapse(name).lowercased().replacingOccurrences(of: " ", with: "-")
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    /// The duty panel member, who answers urgent requests that day.
    public static let duty: PanelRole = "duty"
    /// The panel's chair.
    public static let lead: PanelRole = "lead"
    /// Records the weekly panel's outcomes and runs the sitting.
    public static let clerk: PanelRole = "clerk"
    public static let finance: PanelRole = "finance"
    public static let commissioning: PanelRole = "commissioning"
    /// The social worker who made the request (of record).
    public static let worker: PanelRole = "worker"
    /// The team manager named on the request (of record).
    public static let teamManager: PanelRole = "team-manager"
    /// The service manager named on the request (of record).
    public static let serviceManager: PanelRole = "service-manager"
    /// The child's Independent Reviewing Officer named on the request (of record).
    public static let iro: PanelRole = "iro"

    /// The roles that come from a request's record, not from the panel list.
    public static let ofRecord: Set<PanelRole> = [.worker, .teamManager, .serviceManager, .iro]

    public var isOfRecord: Bool { Self.ofRecord.contains(self) }

    /// "the duty panel member", "the child's IRO": how explanations name the role.
    public var phrase: String {
        switch self {
        case .duty: return "the duty panel member"
        case .lead: return "the panel lead"
        case .clerk: return "the panel clerk"
        case .worker: return "the worker who made the request"
        case .teamManager: return "the request's team manager"
        case .serviceManager: return "the request's service manager"
        case .iro: return "the child's IRO"
        default: return "a panel member with the \(name) role"
        }
    }

    /// The role as an email names it: "team manager", "IRO".
    public var spokenName: String { self == .iro ? "IRO" : name.replacingOccurrences(of: "-", with: " ") }

    public var description: String { name }

    public static func < (lhs: PanelRole, rhs: PanelRole) -> Bool { lhs.name < rhs.name }
}
