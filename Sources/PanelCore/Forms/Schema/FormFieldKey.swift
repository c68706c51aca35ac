/// The stable identifier of a form field (`caseID`, `cost`): what the code, the
/// database and the configuration call a field, whatever label the worker typed.
///
/// Keys are plain strings so that a configured schema can add fields; the standard
/// ones have static constants.
public struct FormFieldKey: RawRepresentable, Hashable, Comparable, Sendable, Codable,
    ExpressibleByStringLiteral, CustomStringConvertible
{
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    public static func < (lhs: FormFieldKey, rhs: FormFieldKey) -> Bool { lhs.rawValue < rhs.rawValue }

    public static let childName: FormFieldKey = "childName"
    public static let caseID: FormFieldKey = "caseID"
    public static let locality: FormFieldKey = "locality"
    public static let team: FormFieldKey = "team"
    public static let socialWorker: FormFieldKey = "socialWorker"
    public static let teamManager: FormFieldKey = "teamManager"
    public static let resourceType: FormFieldKey = "resourceType"
    public static let cost: FormFieldKey = "cost"
    public static let startDate: FormFieldKey = "startDate"
    public static let reason: FormFieldKey = "reason"
    public static let serviceManager: FormFieldKey = "serviceManager"
    public static let iro: FormFieldKey = "iro"
    public static let provider: FormFieldKey = "provider"
    /// An end date or a duration (`6 weeks`, `ongoing`).
    public static let endDate: FormFieldKey = "endDate"
    /// Legal status or PLO stage.
    public static let legalStatus: FormFieldKey = "legalStatus"
    /// e.g. IFA, in-house foster care, residential.
    public static let placementType: FormFieldKey = "placementType"
    public static let alternativesConsidered: FormFieldKey = "alternativesConsidered"
    public static let otherFunding: FormFieldKey = "otherFunding"
}
