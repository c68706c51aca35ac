/// A panel list or permission table from config that cannot be used. The
/// description says what was wrong and what to do; members are named by their
/// position in the list, not by name or address.
public enum PanelConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A permission that is not `action` or `action:scope`.
    case unknownPermission(String, role: PanelRole)
    /// A member with no email address.
    case memberWithoutAddress(index: Int)
    /// A member address that is not an email address.
    case badAddress(index: Int)
    /// The same address given for two members.
    case addressRepeated(index: Int, firstIndex: Int)
    /// A role that comes from the request's record given in the panel list.
    case roleOfRecordInList(PanelRole, index: Int)
    /// A member with no roles.
    case memberWithoutRoles(index: Int)

    public var description: String {
        switch self {
        case .unknownPermission(let text, let role):
            let actions = PanelAction.allCases.map(\.rawValue).joined(separator: ", ")
            return "the permission \"\(text)\" of role \(role) is not understood; write an action (\(actions)), optionally followed by :urgent or :weekly"
        case .memberWithoutAddress(let index):
            return "panel member \(index + 1) has no email address; give the address they send from"
        case .badAddress(let index):
            return "panel member \(index + 1) has an address that is not an email address; write it as name@domain"
        case .addressRepeated(let index, let first):
            return "panel member \(index + 1) has an address already given for member \(first + 1); give each address once (a person with several roles is one member with several roles)"
        case .roleOfRecordInList(let role, let index):
            return "panel member \(index + 1) has the role \(role), which comes from each request's form, not from the panel list; remove it"
        case .memberWithoutRoles(let index):
            return "panel member \(index + 1) has no roles; give at least one, for example duty"
        }
    }
}
