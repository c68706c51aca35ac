/// How often an amount is paid.
public enum CostFrequency: String, Hashable, Sendable, Codable, CaseIterable {
    /// The amount is the whole cost (also an amount written with no frequency).
    case oneOff = "one_off"
    case perDay = "per_day"
    /// Respite and short breaks are priced by the night.
    case perNight = "per_night"
    case perWeek = "per_week"
    case perMonth = "per_month"
    case perYear = "per_year"

    /// "one-off", "per week".
    public var phrase: String {
        switch self {
        case .oneOff: return "one-off"
        case .perDay: return "per day"
        case .perNight: return "per night"
        case .perWeek: return "per week"
        case .perMonth: return "per month"
        case .perYear: return "per year"
        }
    }
}
