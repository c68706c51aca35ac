/// Which route a request is on, as decisions are permitted per route: urgent
/// requests are decided the same day by the duty member or the lead; weekly ones by
/// the panel, with the clerk recording the outcomes.
public enum DecisionScope: String, Hashable, Sendable, CaseIterable, Codable, CustomStringConvertible {
    case urgent
    case weekly

    public var description: String { rawValue }
}
