/// What a reply asks panelmail to do, named by the command word the panel uses.
///
/// The raw values are the words a configuration uses for permissions
/// (`PanelPermissions`): `approve`, `decline`, `more-info`, `defer`, `endorse`,
/// `not-endorsed`, `challenge`, `late`.
public enum PanelAction: String, Hashable, Sendable, CaseIterable, Codable, Comparable, CustomStringConvertible {
    /// Approve, possibly a lower amount or a shorter term.
    case approve
    case decline
    /// Send back for more information.
    case moreInfo = "more-info"
    /// Send an urgent request to the weekly panel.
    case deferToPanel = "defer"
    /// Not funded as asked: explore the alternatives named first (family network,
    /// the placing agency's contract, universal services), then come back if need be.
    case alternatives
    /// A sign-off: the team manager, service manager or IRO supports the request.
    case endorse
    case notEndorsed = "not-endorsed"
    /// The worker disputes a decision.
    case challenge
    /// The clerk: the panel is running late.
    case late
    /// The worker (or team manager) no longer needs the resource.
    case withdraw

    /// The command as written in a reply: "APPROVE", "MORE INFO".
    public var keyword: String {
        switch self {
        case .approve: return "APPROVE"
        case .decline: return "DECLINE"
        case .moreInfo: return "MORE INFO"
        case .deferToPanel: return "DEFER"
        case .alternatives: return "ALTERNATIVES"
        case .endorse: return "ENDORSE"
        case .notEndorsed: return "NOT ENDORSED"
        case .challenge: return "CHALLENGE"
        case .late: return "LATE"
        case .withdraw: return "WITHDRAW"
        }
    }

    /// How the command is written with its argument, for help texts: "DECLINE <reason>".
    public var usage: String {
        switch self {
        case .approve, .endorse: return keyword
        case .decline, .deferToPanel, .notEndorsed: return "\(keyword) <reason>"
        case .moreInfo: return "MORE INFO <what is needed>"
        case .alternatives: return "ALTERNATIVES <what to explore>"
        case .challenge: return "CHALLENGE <text>"
        case .late: return "LATE <minutes>"
        case .withdraw: return "WITHDRAW [reason]"
        }
    }

    /// True for the commands that must say why (or what), on the command line or below it.
    public var needsText: Bool {
        switch self {
        case .decline, .moreInfo, .deferToPanel, .alternatives, .notEndorsed, .challenge: return true
        case .approve, .endorse, .late, .withdraw: return false
        }
    }

    /// Decisions on a request, as opposed to sign-offs, challenges and LATE.
    public var isDecision: Bool {
        switch self {
        case .approve, .decline, .moreInfo, .deferToPanel, .alternatives: return true
        case .endorse, .notEndorsed, .challenge, .late, .withdraw: return false
        }
    }

    /// Words read as each command, upper case, longest first. Past tenses are
    /// accepted because people write "Approved." as readily as "APPROVE".
    static let spellings: [([String], PanelAction)] = {
        let table: [(PanelAction, [[String]])] = [
            (.approve, [["APPROVE"], ["APPROVED"]]),
            (.decline, [["DECLINE"], ["DECLINED"]]),
            (.moreInfo, [["MORE", "INFO"], ["MORE", "INFORMATION"], ["MORE", "INFO", "NEEDED"],
                         ["MORE", "INFORMATION", "NEEDED"], ["MORE", "INFO", "REQUIRED"], ["MORE", "INFORMATION", "REQUIRED"]]),
            (.deferToPanel, [["DEFER"], ["DEFERRED"]]),
            (.alternatives, [["ALTERNATIVES"], ["EXPLORE", "ALTERNATIVES"]]),
            (.endorse, [["ENDORSE"], ["ENDORSED"]]),
            (.notEndorsed, [["NOT", "ENDORSED"], ["NOT", "ENDORSE"]]),
            (.challenge, [["CHALLENGE"]]),
            (.late, [["LATE"]]),
            (.withdraw, [["WITHDRAW"], ["WITHDRAWN"]]),
        ]
        return table.flatMap { action, spellings in spellings.map { ($0, action) } }.sorted { $0.0.count > $1.0.count }
    }()

    /// "APPROVE, DECLINE <reason>, … or LATE <minutes>".
    static func usageList(_ actions: [PanelAction]) -> String {
        FormText.list(actions.map(\.usage), conjunction: "or")
    }

    public static func < (lhs: PanelAction, rhs: PanelAction) -> Bool {
        let order = allCases
        return (order.firstIndex(of: lhs) ?? 0) < (order.firstIndex(of: rhs) ?? 0)
    }

    public var description: String { keyword }
}
