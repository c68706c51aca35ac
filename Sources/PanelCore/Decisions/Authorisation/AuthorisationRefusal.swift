/// A command that was not applied, with every reason.
public struct AuthorisationRefusal: Hashable, Sendable, CustomStringConvertible {
    public let action: PanelAction
    /// The request concerned; nil for the sitting as a whole (LATE).
    public let reference: RequestReference?
    /// Every reason, in a fixed order: authentication, role, token, signature.
    public let reasons: [RefusalReason]

    public init(action: PanelAction, reference: RequestReference?, reasons: [RefusalReason]) {
        self.action = action
        self.reference = reference
        self.reasons = reasons
    }

    /// The text for the sender: what was not done, then each reason.
    ///
    ///     Your APPROVE for ARP-2026-00042 was not applied:
    ///     - APPROVE on ARP-2026-00042 is for the duty panel member or the panel lead; …
    public var explanation: String {
        let subject = reference?.description ?? "the panel sitting"
        let head = "Your \(action.keyword) for \(subject) was not applied"
        let lines = reasons.map { $0.explanation(action: action, subject: subject) }
        if lines.count == 1, let only = lines.first { return "\(head). \(only)" }
        return "\(head):\n" + lines.map { "- \($0)" }.joined(separator: "\n")
    }

    /// "refused APPROVE ARP-2026-00042: no-token, role-may-not (finance)": for logs.
    public var description: String {
        "refused \(action.keyword) \(reference?.description ?? "sitting"): " + reasons.map(\.code).joined(separator: ", ")
    }
}
