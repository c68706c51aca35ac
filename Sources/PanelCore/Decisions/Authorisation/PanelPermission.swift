/// One thing a role may do: an action, on every request or only on one route.
///
/// Written in config as `approve`, `approve:urgent`, `more-info:weekly`, `late`.
public struct PanelPermission: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let action: PanelAction
    /// Nil: on any route (and for LATE, which concerns a sitting, not a request).
    public let scope: DecisionScope?

    public init(_ action: PanelAction, scope: DecisionScope? = nil) {
        self.action = action
        self.scope = scope
    }

    /// Reads `action` or `action:scope`; nil when either word is unknown.
    public init?(_ text: String) {
        let parts = text.trimmingASCIIWhitespace.lowercased().split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let action = PanelAction(rawValue: String(parts[0])) else { return nil }
        if parts.count == 2 {
            guard let scope = DecisionScope(rawValue: String(parts[1])) else { return nil }
            self.init(action, scope: scope)
        } else {
            self.init(action)
        }
    }

    /// True when this permission covers `action` on `scope`.
    public func allows(_ action: PanelAction, on scope: DecisionScope?) -> Bool {
        self.action == action && (self.scope == nil || self.scope == scope)
    }

    /// `approve:urgent`, `late`: the config form.
    public var description: String { scope.map { "\(action.rawValue):\($0)" } ?? action.rawValue }

    public static func < (lhs: PanelPermission, rhs: PanelPermission) -> Bool { lhs.description < rhs.description }
}
