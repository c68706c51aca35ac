/// What a message carries for a decision by email: the decision tokens in its reply
/// address or subject, and whether the receiving server vouched for its sender.
/// Checked against a request (and its version) by `DecisionAuthorisation`.
public struct DecisionEvidence: Sendable, Equatable {
    public var tokens: [DecisionToken]
    public var authentication: SenderAuthenticationOutcome

    public init(tokens: [DecisionToken], authentication: SenderAuthenticationOutcome) {
        self.tokens = tokens
        self.authentication = authentication
    }
}

/// Reads `DecisionEvidence` from a parsed message: configured with the panel mailbox
/// (whose plus-addresses carry tokens) and the evidence the receiving server adds.
public struct DecisionReader: Sendable {
    public let finder: DecisionTokenFinder
    public let authentication: SenderAuthentication

    public init(panel: EmailAddress, authentication: SenderAuthentication) {
        self.finder = DecisionTokenFinder(panel: panel)
        self.authentication = authentication
    }

    public func evidence(in message: MIMEMessage) -> DecisionEvidence {
        DecisionEvidence(tokens: finder.tokens(in: message.headers), authentication: authentication.check(message.headers))
    }
}
