/// What a field's value is, and so how it is read and checked.
public enum FormValueKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// Free text, kept as written (multi-line allowed).
    case text
    /// A name and an email address: `Jane Smith, jane.smith@council.test`.
    case person
    /// An amount in pounds with a frequency: `£450 per week`. See `CostParser`.
    case money
    /// A UK date, day first: `03/09/2026`, `3rd Sept 2026`. See `UKDateParser`.
    case date
    /// An end date, a length (`6 weeks`, `12 nights`) or `ongoing`. See `ResourceEndParser`.
    case endDateOrDuration = "end_date_or_duration"
    /// One of the schema's resource types, matched by name or synonym.
    case resourceType = "resource_type"
}
