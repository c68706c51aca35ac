/// Why a reply (or one clerk's outcome line) could not be read as a command, specific
/// enough to fix by sending it again.
///
/// `message` may quote what the sender wrote, so it belongs in the answer to the
/// sender, never in a log; `code` names only the kind of problem, for logs.
public struct PanelReplyProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong, with what the sender wrote where it helps to quote it.
    public enum Kind: Hashable, Sendable {
        /// Nothing above the quoted email and signature.
        case noOwnText
        /// The first line is not a command; `laterCommand` is a later line that starts
        /// with one, quoted back as a hint.
        case notACommand(firstLine: String, laterCommand: String?)
        /// `APPROVE reduced to £400`: an amount on the command line that is not right
        /// after APPROVE, so it cannot be told from the reason.
        case amountNotAfterCommand(written: String)
        /// A command that must say why (or what) and says nothing.
        case textMissing(PanelAction)
        /// `APPROVE £abc`: `reason` follows the quoted amount ("is not an amount in pounds").
        case unreadableAmount(written: String, reason: String)
        /// `APPROVE £200 - £300`, `APPROVE £450 £500`.
        case moreThanOneAmount(written: String)
        /// `APPROVE until 31/02/2027`: `reason` follows the quoted date.
        case unreadableEndDate(written: String, reason: String)
        /// `APPROVE for 6 fortnights`: `reason` follows the quoted term.
        case unreadableTerm(written: String, reason: String)
        /// `LATE soon`, or minutes out of range.
        case unreadableMinutes(written: String)
    }

    public let kind: Kind

    public init(_ kind: Kind) {
        self.kind = kind
    }

    /// The most minutes `LATE` accepts: a working day.
    public static let maximumLateMinutes = 480

    /// The sentence(s) for the sender.
    public var message: String {
        switch kind {
        case .noOwnText:
            return "The reply has no text of its own above the quoted email. Write the command on the first line: "
                + PanelAction.usageList(PanelAction.allCases) + "."
        case .notACommand(let line, let later):
            var text = "The first line, \(FormText.quoted(line)), is not a panel command. Start the reply with "
                + PanelAction.usageList(PanelAction.allCases) + "."
            if let later { text += " The later line \(FormText.quoted(later)) starts with a command: move it to the first line." }
            return text
        case .textMissing(let action):
            return "\(action.keyword) needs \(Self.whatIsMissing(action)): write it after \(action.keyword) on the same line, or on the lines below, for example \(FormText.quoted(Self.example(action)))."
        case .unreadableAmount(let written, let reason):
            return "The amount \(FormText.quoted(written)) \(reason). Write the amount approved as, for example, APPROVE £450 per week, or APPROVE alone to approve the amount requested."
        case .amountNotAfterCommand(let written):
            return "The command line mentions an amount, \(FormText.quoted(written)), that is not straight after APPROVE, so it was not read as the amount approved. Write it as, for example, APPROVE £400 per week, and put the reason after a dash or on the next line."
        case .moreThanOneAmount(let written):
            return "\(FormText.quoted(written)) has more than one amount. Give the one amount approved, for example APPROVE £450 per week, and put the reason on the next line."
        case .unreadableEndDate(let written, _) where written.isEmpty:
            return "The end date is missing after \"until\". Write it as, for example, APPROVE until 31/03/2027."
        case .unreadableEndDate(let written, let reason):
            return "The end date \(FormText.quoted(written)) \(reason). Write it as, for example, APPROVE until 31/03/2027."
        case .unreadableTerm(let written, let reason):
            return "The term \(FormText.quoted(written)) \(reason). Write it as, for example, APPROVE for 6 weeks, or APPROVE until 31/03/2027."
        case .unreadableMinutes(let written):
            let what = written.isEmpty ? "nothing" : FormText.quoted(written)
            return "LATE needs the minutes the panel is running late, from 0 (back on time) to \(Self.maximumLateMinutes), for example LATE 30; it was followed by \(what)."
        }
    }

    public var description: String { message }

    /// "not-a-command", "text-missing decline": no personal data, for logs and metrics.
    public var code: String {
        switch kind {
        case .noOwnText: return "no-own-text"
        case .notACommand: return "not-a-command"
        case .textMissing(let action): return "text-missing \(action.rawValue)"
        case .unreadableAmount: return "unreadable-amount"
        case .amountNotAfterCommand: return "amount-not-after-command"
        case .moreThanOneAmount: return "more-than-one-amount"
        case .unreadableEndDate: return "unreadable-end-date"
        case .unreadableTerm: return "unreadable-term"
        case .unreadableMinutes: return "unreadable-minutes"
        }
    }

    private static func whatIsMissing(_ action: PanelAction) -> String {
        switch action {
        case .moreInfo: return "to say what information is needed"
        case .challenge: return "the text of the challenge"
        case .deferToPanel: return "a reason for sending the request to the weekly panel"
        case .alternatives: return "to say which alternatives to explore"
        default: return "a reason, so the worker knows why"
        }
    }

    private static func example(_ action: PanelAction) -> String {
        switch action {
        case .decline: return "DECLINE the IFA contract covers this transport"
        case .moreInfo: return "MORE INFO the provider's quote and the child's plan"
        case .deferToPanel: return "DEFER needs the legal planning strategy, so to the weekly panel"
        case .alternatives: return "ALTERNATIVES ask the IFA to meet transport under its contract"
        case .notEndorsed: return "NOT ENDORSED alternatives within the family have not been explored"
        case .challenge: return "CHALLENGE the panel did not see the updated risk assessment"
        default: return action.usage
        }
    }
}
