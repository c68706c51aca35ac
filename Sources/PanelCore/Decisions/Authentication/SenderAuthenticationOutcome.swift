/// What `SenderAuthentication` found: the From address, the evidence that passed,
/// and the problems (why nothing passed, or notes when something did).
public struct SenderAuthenticationOutcome: Hashable, Sendable, CustomStringConvertible {
    /// The single From address, if there is one.
    public let from: EmailAddress?
    /// Everything that passed. Empty when an explicit `dmarc=fail` for the From
    /// domain was found, whatever else passed.
    public let evidence: [SenderEvidence]
    /// Why evidence failed, and headers that were ignored.
    public let problems: [AuthenticationProblem]

    public init(from: EmailAddress?, evidence: [SenderEvidence], problems: [AuthenticationProblem]) {
        self.from = from
        self.evidence = evidence
        self.problems = problems
    }

    /// True when there is one From address and some evidence passed.
    public var isAuthenticated: Bool { from != nil && !evidence.isEmpty }

    /// "authenticated: dmarc=pass for council.gov.uk" or "not authenticated: no
    /// Authentication-Results from mx.council.gov.uk; …". No local parts: loggable.
    public var description: String {
        if isAuthenticated { return "authenticated: " + evidence.map(\.description).joined(separator: "; ") }
        let reasons = problems.map(\.description)
        return "not authenticated: " + (reasons.isEmpty ? "no evidence configured" : reasons.joined(separator: "; "))
    }
}
