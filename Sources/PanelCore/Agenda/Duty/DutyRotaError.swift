/// A duty rota that cannot be used. Each is a configuration problem `panelmail
/// check-config` reports before the daemon starts; the description says what was wrong
/// and what to do. Members are named by name, never by address.
public enum DutyRotaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A member whose first address cannot be written to.
    case memberWithoutUsableAddress(String)
    /// A rota weekday outside 1 (Monday) ... 7 (Sunday).
    case badWeekday(Int)
    /// The rota names someone who is not on the panel list.
    case unknownMember(String, setting: String, known: [String])
    /// The rota names a member without the duty role.
    case notADutyMember(String, setting: String)

    public var description: String {
        switch self {
        case .memberWithoutUsableAddress(let name):
            return "panel member \(name) has no address panelmail can write to; give the address they read as their first"
        case .badWeekday(let weekday):
            return "the duty rota has weekday \(weekday), which is not a weekday; use 1 (Monday) to 7 (Sunday)"
        case .unknownMember(let name, let setting, let known):
            let list = known.isEmpty ? "the panel list is empty" : "the panel list has: \(known.joined(separator: ", "))"
            return "\(setting) names \"\(name)\", who is not on the panel list; use a member's name or address (\(list))"
        case .notADutyMember(let name, let setting):
            return "\(setting) names \(name), who does not have the duty role; add duty to their roles or name another member"
        }
    }
}
