/// A request at one version: what a decision was asked about. A request's version
/// goes up when a value the decision depends on changes (`DecisionFingerprint`), so
/// a decision on version 2 must not apply to version 3.
public struct VersionedReference: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let reference: RequestReference
    public let version: Int

    public init(_ reference: RequestReference, version: Int) {
        self.reference = reference
        self.version = version
    }

    /// `ARP-2026-00042 v3`.
    public var description: String { "\(reference) v\(version)" }

    public static func < (lhs: VersionedReference, rhs: VersionedReference) -> Bool {
        (lhs.reference, lhs.version) < (rhs.reference, rhs.version)
    }
}
