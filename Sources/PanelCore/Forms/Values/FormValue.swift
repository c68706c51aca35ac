/// A field's value once read, by kind.
public enum FormValue: Hashable, Sendable, CustomStringConvertible {
    case text(String)
    case person(FormPerson)
    case cost(Cost)
    case date(CalendarDay)
    case end(ResourceEnd)
    case resourceType(ResourceType)

    /// For emails to people: "£450 per week", "03/09/2026", "Jane Smith <jane@council.test>".
    public var description: String {
        switch self {
        case .text(let s): return s
        case .person(let p): return p.description
        case .cost(let c): return c.description
        case .date(let d): return UKDateParser.numeric(d)
        case .end(let e): return e.description
        case .resourceType(let t): return t.name
        }
    }

    /// A stable text that is equal exactly when two values mean the same: dates in
    /// ISO form, costs in pence, text and names with case and spacing folded, emails
    /// in lower case. Used to compare values, never shown.
    public var canonical: String {
        switch self {
        case .text(let s): return FormText.collapsedLowercase(s)
        case .person(let p):
            return "\(p.name.map { FormText.collapsedLowercase($0) } ?? "")<\(p.email?.lowercased() ?? "")>"
        case .cost(let c): return "\(c.pence)p \(c.frequency.rawValue)"
        case .date(let d): return d.description
        case .end(let e):
            switch e {
            case .date(let d): return d.description
            case .ongoing: return "ongoing"
            case .duration(let count, let unit): return "\(count) \(unit.rawValue)"
            }
        case .resourceType(let t): return t.name.lowercased()
        }
    }
}
