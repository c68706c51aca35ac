/// A kind of resource the panel funds ("Placement", "School transport"), with the
/// other words workers use for it. Matched case-insensitively, ignoring punctuation.
public struct ResourceType: Hashable, Sendable, Codable {
    /// The name the panel uses, shown in emails and reports.
    public var name: String
    /// Other words for it: `Respite`, `Short breaks`, `IFA placement`.
    public var synonyms: [String]
    /// What the panel asks of every request of this type (the evidence it wants, what
    /// it does not fund), told to the worker when the request is acknowledged.
    public var guidance: String?

    public init(name: String, synonyms: [String] = [], guidance: String? = nil) {
        self.name = name
        self.synonyms = synonyms
        self.guidance = guidance
    }

    private enum CodingKeys: String, CodingKey { case name, synonyms, guidance }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        synonyms = try c.decodeIfPresent([String].self, forKey: .synonyms) ?? []
        guidance = try c.decodeIfPresent(String.self, forKey: .guidance).map { FormText.collapse($0) }.flatMap { $0.isEmpty ? nil : $0 }
    }
}
