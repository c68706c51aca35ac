/// One outcome from the clerk's email after a panel sitting:
/// `ARP-2026-00042: APPROVE £650 per week until 31/03/2027 - rationale`.
public struct OutcomeLine: Hashable, Sendable {
    /// 1-based, in the email body as given.
    public let lineNumber: Int
    public let reference: RequestReference
    public let command: PanelCommand
    /// The reason on the line, then any lines straight below it (no blank line
    /// between) that do not start another outcome; "" when none. Personal data.
    public let rationale: String

    public init(lineNumber: Int, reference: RequestReference, command: PanelCommand, rationale: String) {
        self.lineNumber = lineNumber
        self.reference = reference
        self.command = command
        self.rationale = rationale
    }
}
