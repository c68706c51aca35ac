/// A kind of resource the panel funds ("Placement", "School transport"), with the
/// other words workers use for it. Matched case-insensitively, ignoring punctuation.
public struct ResourceType: Hashable, Sendable, Codable {
    /// The name the panel uses, shown in emails and reports.
    public var name: String
    /// Other words for it: `Respite`, `Short breaks`, `IFA placement`.
    public var synonyms: [String]

    public init(name: String, synonyms: [String] = []) {
        self.name = name
        self.synonyms = synonyms
    }

    private enum CodingKeys: String, CodingKey { case name, synonyms }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        synonyms = try c.decodeIfPresent([String].self, forKey: .synonyms) ?? []
    }
}
