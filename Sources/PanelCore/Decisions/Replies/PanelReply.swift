/// A reply to one of panelmail's emails about a request, read as a command.
///
/// The first non-blank line of the sender's own text (quoted text and signature cut,
/// see `ReplyText`) is the command, in any case, with optional punctuation after the
/// command word:
///
/// | command | example |
/// |---|---|
/// | APPROVE [amount] [term] | `APPROVE`, `APPROVE £450`, `APPROVE £85 per day until 18/12/2026`, `APPROVE until 31/03/2027`, `APPROVE for 6 weeks` |
/// | DECLINE reason | `DECLINE the IFA contract covers transport` |
/// | MORE INFO what is needed | `MORE INFO: the provider's quote` |
/// | DEFER reason | `DEFER - needs the legal planning strategy` (to the weekly panel) |
/// | ENDORSE | `Endorsed.` (team manager, service manager, IRO) |
/// | NOT ENDORSED reason | `NOT ENDORSED alternatives not explored` |
/// | CHALLENGE text | `CHALLENGE the panel did not see the new risk assessment` |
/// | LATE minutes | `LATE 30`, `LATE 1h15 - the previous case overran` (the clerk) |
///
/// What follows the command line, down to the quoted text or the sign-off, is the
/// rationale; a reason on the command line comes first in it. DECLINE, MORE INFO,
/// DEFER, NOT ENDORSED and CHALLENGE must say something, on either; an APPROVE
/// whose amount or term cannot be read is refused, never taken as approval in full.
public struct PanelReply: Hashable, Sendable {
    /// The command on the first line, with APPROVE's terms or LATE's minutes.
    public let command: PanelCommand
    /// The reason on the command line, then the lines below it; "" when none. May
    /// hold personal data: store it with the decision, never log it.
    public let rationale: String
    /// The name the reply is signed with (see `SignOff`), for decisions sent from a
    /// shared mailbox.
    public let signedName: String?

    public init(command: PanelCommand, rationale: String, signedName: String?) {
        self.command = command
        self.rationale = rationale
        self.signedName = signedName
    }

    /// The command word, for permissions.
    public var action: PanelAction { command.action }

    /// Reads a reply body (plain text, or HTML as the MIME layer renders it).
    public static func parse(_ body: String) -> Result<PanelReply, PanelReplyProblem> {
        let text = ReplyText(body)
        guard let first = text.lines.first else { return .failure(PanelReplyProblem(.noOwnText)) }
        guard let reading = PanelCommandParser.parse(first.text) else {
            let later = text.lines.dropFirst().first { PanelCommandParser.startsWithCommand($0.text) }
            return .failure(PanelReplyProblem(.notACommand(firstLine: FormText.trim(first.text), laterCommand: later.map { FormText.trim($0.text) })))
        }
        switch reading {
        case .failure(let problem):
            return .failure(problem)
        case .success(let read):
            let rationale = ReplyText.tidy([read.inlineText] + text.lines.dropFirst().map(\.text))
            if read.command.action.needsText, rationale.isEmpty {
                return .failure(PanelReplyProblem(.textMissing(read.command.action)))
            }
            return .success(PanelReply(command: read.command, rationale: rationale, signedName: text.signedName))
        }
    }
}
