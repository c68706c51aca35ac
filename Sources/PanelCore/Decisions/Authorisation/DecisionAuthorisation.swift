/// Decides whether a command in an email may be applied. Three checks, all made,
/// every failure reported:
///
/// 1. **Authentication**: the From address is backed by the receiving server's
///    evidence (`SenderAuthenticationOutcome.isAuthenticated`).
/// 2. **Role**: the sender's roles allow the action on the request's route
///    (`PanelPermissions`); roles are the panel list's (`PanelDirectory`) plus the
///    roles of record the request gives that address (`RequestParties`).
/// 3. **Token**: the email carries a genuine token for this request at its current
///    version, or an agenda token whose agenda lists it so (`DecisionTokenSigner`);
///    for LATE, a genuine token for the sitting's agenda.
///
/// A shared mailbox (`PanelMember.isSharedMailbox`) acts with the mailbox's roles,
/// and the decision is recorded with the name the email is signed with; unsigned,
/// it is refused, as no one could be held to it.
///
/// ```swift
/// let authorisation = DecisionAuthorisation(directory: panel, signer: signer)
/// switch authorisation.authorise(attempt) {
/// case .apply(let actor): record(decision, by: actor)
/// case .refuse(let refusal): reply(refusal.explanation); log(refusal.description)
/// }
/// ```
public struct DecisionAuthorisation: Sendable {
    public let directory: PanelDirectory
    public let permissions: PanelPermissions
    public let signer: DecisionTokenSigner

    public init(directory: PanelDirectory, permissions: PanelPermissions = .standard, signer: DecisionTokenSigner) {
        self.directory = directory
        self.permissions = permissions
        self.signer = signer
    }

    /// Apply, as whom; or refuse, with every reason.
    public func authorise(_ attempt: DecisionAttempt) -> AuthorisationResult {
        var reasons: [RefusalReason] = []
        let authentication = attempt.authentication
        if !authentication.isAuthenticated { reasons.append(.notAuthenticated(authentication.problems)) }

        let reference: RequestReference?
        let scope: DecisionScope?
        let parties: RequestParties
        switch attempt.target {
        case .request(let ref, _, let routeScope, let recordParties):
            (reference, scope, parties) = (ref, routeScope, recordParties)
        case .sitting:
            (reference, scope, parties) = (nil, nil, .none)
        }

        // Role.
        let address = authentication.from?.address.lowercased()
        let member = address.flatMap(directory.member(for:))
        var roles = member?.roles ?? []
        if let address { roles.formUnion(parties.roles(of: address)) }
        let permitting = permissions.permitting(roles, attempt.action, on: scope)
        if address != nil, permitting.isEmpty {
            let allowed = permissions.roles(allowedTo: attempt.action, on: scope)
            reasons.append(roles.isEmpty ? .notOnPanel(allowed: allowed) : .roleMayNot(roles: roles.sorted(), allowed: allowed))
        }

        // Token.
        if let reason = tokenReason(attempt) { reasons.append(reason) }

        // Shared mailbox signature.
        let signed = attempt.signedName.map(FormText.collapse).flatMap { $0.isEmpty ? nil : $0 }
        let shared = member?.isSharedMailbox == true
        if shared, signed == nil { reasons.append(.sharedMailboxUnsigned) }

        guard reasons.isEmpty, let address else {
            return .refuse(AuthorisationRefusal(action: attempt.action, reference: reference, reasons: reasons))
        }
        return .apply(DecisionActor(address: address, name: shared ? signed : member?.name,
                                    roles: permitting, viaSharedMailbox: shared))
    }

    private func tokenReason(_ attempt: DecisionAttempt) -> RefusalReason? {
        let check: TokenCheck
        switch attempt.target {
        case .request(let reference, let version, _, _):
            check = signer.check(attempt.tokens, for: reference, currentVersion: version, agenda: attempt.agenda)
        case .sitting:
            if attempt.tokens.isEmpty {
                check = .missing
            } else if let agenda = attempt.agenda, attempt.tokens.contains(where: { signer.isGenuine($0, agenda: agenda) }) {
                check = .valid
            } else {
                check = .wrong
            }
        }
        switch check {
        case .valid: return nil
        case .stale(let token, let current): return .staleToken(tokenVersion: token, currentVersion: current)
        case .anotherRequest(let other): return .tokenForAnotherRequest(other)
        case .notOnAgenda: return .tokenNotOnAgenda
        case .wrong: return .wrongToken
        case .missing: return .noToken
        }
    }
}
