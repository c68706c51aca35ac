/// A command read from the first line of a reply (or from a clerk's outcome line).
/// The reason, what is needed, or the challenge's text is the reply's rationale
/// (`PanelReply.rationale`), since it may run over several lines.
public enum PanelCommand: Hashable, Sendable, CustomStringConvertible {
    /// `APPROVE`, `APPROVE £450`, `APPROVE £85 per day until 18/12/2026`, `APPROVE for 6 weeks`.
    case approve(ApprovalTerms)
    case decline
    case moreInfo
    /// `DEFER`: to the weekly panel.
    case deferToPanel
    /// `ALTERNATIVES <what to explore>`: explore the alternatives first.
    case alternatives
    case endorse
    case notEndorsed
    case challenge
    /// `LATE 30`: the panel runs this many minutes behind (0: back on time).
    case late(minutes: Int)
    /// `WITHDRAW [reason]`: the worker no longer needs the resource.
    case withdraw

    /// The command word, for permissions.
    public var action: PanelAction {
        switch self {
        case .approve: return .approve
        case .decline: return .decline
        case .moreInfo: return .moreInfo
        case .deferToPanel: return .deferToPanel
        case .alternatives: return .alternatives
        case .endorse: return .endorse
        case .notEndorsed: return .notEndorsed
        case .challenge: return .challenge
        case .late: return .late
        case .withdraw: return .withdraw
        }
    }

    /// "APPROVE £450 per week until 31/03/2027", "LATE 30", "DECLINE".
    public var description: String {
        switch self {
        case .approve(let terms): return terms.isAsRequested ? "APPROVE" : "APPROVE \(terms)"
        case .late(let minutes): return "LATE \(minutes)"
        default: return action.keyword
        }
    }
}
