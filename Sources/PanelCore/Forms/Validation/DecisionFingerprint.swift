/// The values a panel decision depends on (the fields marked `affectsDecision`:
/// child, case ID, resource type, cost, start and end, provider, placement type), in
/// a canonical text form, so two versions of a request can be compared without
/// hashing: store `text`, read it back with `init?(text:)`, and bump the request's
/// version when `changedFields(since:)` is not empty.
///
/// A field given but unreadable is recorded as "?" and what was written, so fixing
/// it counts as a change; a field not given is absent. The text holds personal data
/// (the child's name): store it with the request, never log it (`description` does
/// not show it).
public struct DecisionFingerprint: Hashable, Sendable, CustomStringConvertible {
    /// Canonical value per field (see `FormValue.canonical`).
    public let values: [FormFieldKey: String]

    public init(values: [FormFieldKey: String]) {
        self.values = values
    }

    /// One "key=value" line per field, sorted by key: stable across runs and releases
    /// as long as the canonical forms are.
    public var text: String {
        values.sorted { $0.key < $1.key }.map { "\($0.key.rawValue)=\($0.value)" }.joined(separator: "\n")
    }

    /// Reads `text` back; nil if a line has no "=".
    public init?(text: String) {
        var values: [FormFieldKey: String] = [:]
        for line in text.split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { return nil }
            values[FormFieldKey(String(line[..<eq]))] = String(line[line.index(after: eq)...])
        }
        self.values = values
    }

    /// The fields whose value differs from `earlier` (given, changed or removed), sorted.
    public func changedFields(since earlier: DecisionFingerprint) -> [FormFieldKey] {
        Set(values.keys).union(earlier.values.keys).filter { values[$0] != earlier.values[$0] }.sorted()
    }

    public var description: String { "DecisionFingerprint(\(values.count) fields)" }
}
