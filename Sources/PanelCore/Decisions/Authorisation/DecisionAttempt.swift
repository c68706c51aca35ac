/// Everything authorisation needs about one command in one email.
public struct DecisionAttempt: Sendable {
    /// What the command concerns.
    public enum Target: Hashable, Sendable {
        /// One request: its reference, current version, route and record.
        case request(RequestReference, version: Int, scope: DecisionScope, parties: RequestParties)
        /// The panel sitting as a whole (LATE): the reply must carry that sitting's agenda token.
        case sitting
    }

    /// The command's action (`PanelReply.action`, `OutcomeLine.command.action`).
    public var action: PanelAction
    /// The request (or the sitting) the command concerns.
    public var target: Target
    /// The tokens the email carries (`DecisionTokenFinder`).
    public var tokens: [DecisionToken]
    /// The agenda stored under an agenda token's number, if the email carries one.
    public var agenda: SentAgenda?
    /// The sender check of the email (`SenderAuthentication.check`); its From is the sender.
    public var authentication: SenderAuthenticationOutcome
    /// The name the email is signed with (`PanelReply.signedName`, `OutcomeLines.signedName`).
    public var signedName: String?

    public init(action: PanelAction, target: Target, tokens: [DecisionToken], agenda: SentAgenda? = nil,
                authentication: SenderAuthenticationOutcome, signedName: String? = nil) {
        self.action = action
        self.target = target
        self.tokens = tokens
        self.agenda = agenda
        self.authentication = authentication
        self.signedName = signedName
    }
}
