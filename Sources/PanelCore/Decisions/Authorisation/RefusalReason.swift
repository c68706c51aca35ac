/// One reason a command was not applied.
public enum RefusalReason: Hashable, Sendable {
    /// The From address is not backed by the receiving server's evidence.
    case notAuthenticated([AuthenticationProblem])
    /// The sender is neither on the panel list nor named on the request.
    case notOnPanel(allowed: [PanelRole])
    /// The sender's roles do not include the action.
    case roleMayNot(roles: [PanelRole], allowed: [PanelRole])
    /// No reply token: the email is not a reply to one panelmail sent.
    case noToken
    /// A token panelmail did not make.
    case wrongToken
    /// A token for another request: a reply in the wrong thread.
    case tokenForAnotherRequest(RequestReference)
    /// An agenda token whose agenda does not list the request.
    case tokenNotOnAgenda
    /// A token for an earlier version: the request changed after the email was sent.
    case staleToken(tokenVersion: Int, currentVersion: Int)
    /// From the shared duty mailbox with no name to record.
    case sharedMailboxUnsigned

    /// One or two plain sentences for the sender. `subject` is "ARP-2026-00042" or
    /// "the panel sitting".
    public func explanation(action: PanelAction, subject: String) -> String {
        switch self {
        case .notAuthenticated(let problems):
            let why = problems.prefix(3).map(\.description).joined(separator: "; ")
            return "panelmail could not confirm that this email came from the mailbox it names"
                + (why.isEmpty ? "." : " (\(why)).")
                + " Send it from your work mailbox; if you did, forward this to the panel administrator to check the mail settings."
        case .notOnPanel(let allowed):
            return "\(action.keyword) on \(subject) is for \(Self.phrases(allowed)), and this address is not on the panel list or named on the request. If it should be, ask the panel administrator."
        case .roleMayNot(let roles, let allowed):
            return "\(action.keyword) on \(subject) is for \(Self.phrases(allowed)); your role (\(FormText.list(roles.map(\.name)))) does not include it."
        case .noToken:
            return "This email does not carry the reply code that panelmail's emails carry, so it cannot safely be matched to \(subject). Reply to panelmail's latest email about \(subject), without changing the To address or the [#…] code in the subject."
        case .wrongToken:
            return "The reply code in this email was not made by panelmail (it may have been changed, or come from another email). Reply to panelmail's latest email about \(subject)."
        case .tokenForAnotherRequest(let other):
            return "This email replies to panelmail's email about \(other), not \(subject). Reply to the email about \(subject)."
        case .tokenNotOnAgenda:
            return "\(subject) is not on the agenda this email replies to. Reply to the agenda that lists it, or to panelmail's email about it."
        case .staleToken(let token, let current) where token < current:
            return "\(subject) has changed since the email you replied to was sent (it is now version \(current); that email showed version \(token)), so your reply may be about old details. Read panelmail's latest email about \(subject) and reply to that."
        case .staleToken(let token, let current):
            return "The email you replied to shows version \(token) of \(subject), but panelmail's record is at version \(current). Nothing was applied; the panel administrator has been told."
        case .sharedMailboxUnsigned:
            return "Decisions from a shared mailbox must say who made them. Send it again with your name on a line of its own after the reason, for example \"Name: Sam Patel\"."
        }
    }

    /// For logs and metrics: no personal data.
    public var code: String {
        switch self {
        case .notAuthenticated: return "not-authenticated"
        case .notOnPanel: return "not-on-panel"
        case .roleMayNot(let roles, _): return "role-may-not (\(roles.map(\.name).joined(separator: ",")))"
        case .noToken: return "no-token"
        case .wrongToken: return "wrong-token"
        case .tokenForAnotherRequest: return "token-for-another-request"
        case .tokenNotOnAgenda: return "token-not-on-agenda"
        case .staleToken(let token, let current): return "stale-token (v\(token), now v\(current))"
        case .sharedMailboxUnsigned: return "shared-mailbox-unsigned"
        }
    }

    private static func phrases(_ roles: [PanelRole]) -> String {
        roles.isEmpty ? "no one under the current settings" : FormText.list(roles.map(\.phrase), conjunction: "or")
    }
}
