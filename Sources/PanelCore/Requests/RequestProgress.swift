import Foundation

/// Where a request stands after the email that last changed it: missing something,
/// urgent and owed a decision, or listed for a weekly panel. Pure: the store records it.
public enum RequestProgress: Sendable, Equatable {
    /// Something required is missing, unreadable or contradictory.
    case incomplete
    /// Urgent and complete: the duty panel member decides by `due.due`.
    case awaitingDecision(UrgentDecisionDue)
    /// Complete and listed for a weekly panel.
    case listed(PanelAssignment)
    /// Complete, but the panel calendar offers no sitting (all cancelled, say): listed
    /// for whichever panel the clerk sets. `reason` is for the log.
    case unplaced(reason: String)

    /// What the acknowledgement says happens next; nil while incomplete.
    public var nextStepText: String? {
        switch self {
        case .incomplete: return nil
        case .awaitingDecision(let due): return NextStep.urgentDecision(due).text
        case .listed(let assignment): return NextStep.weeklyPanel(assignment).text
        case .unplaced:
            return "your request will go to a weekly panel, but the panel's calendar has no sitting to offer yet. The panel team will write with the date."
        }
    }
}

extension RequestRules {
    /// The progress of a request whose form is `form` after an email that reached the
    /// mailbox at `eventTime` made it complete (or left it incomplete).
    public func progress(of form: RequestForm, urgent: Bool, eventTime: Date, now: Date) -> RequestProgress {
        guard form.isComplete else { return .incomplete }
        do {
            switch try nextStep(urgent: urgent, eventTime: eventTime, now: now) {
            case .urgentDecision(let due): return .awaitingDecision(due)
            case .weeklyPanel(let assignment): return .listed(assignment)
            }
        } catch {
            return .unplaced(reason: error.description)
        }
    }
}

/// Who may change a request by replying with form lines: the worker or team manager of
/// record, and only before a decision.
public enum RequestChangeRule {
    /// Nil when `sender` may change the request, else why not (for the log).
    public static func refusal(sender: String?, people: [String?], decided: Bool) -> String? {
        if decided { return "the request has been decided" }
        guard let sender = sender?.lowercased(), !sender.isEmpty else { return "the reply has no sender address" }
        if people.contains(where: { $0?.lowercased() == sender }) { return nil }
        return "the sender is neither the worker nor the team manager of record"
    }
}

extension RequestReference {
    /// Every reference written anywhere in a text (`ARP-2026-00042`, in any case,
    /// bracketed or not), in order, without repeats.
    public static func mentions(in text: String) -> [RequestReference] {
        var found: [RequestReference] = []
        let separators = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-")).inverted
        for token in text.components(separatedBy: separators) where token.count >= 14 {
            if let reference = RequestReference(token), !found.contains(reference) { found.append(reference) }
        }
        return found
    }
}

extension ReplySubject {
    /// `Re: <their subject> [ARP-2026-00042] [ARP-2026-00043]`: every reference once.
    public static func reply(to subject: String, references: [RequestReference]) -> String {
        guard let first = references.first else { return reply(to: subject, reference: nil) }
        var line = reply(to: subject, reference: first)
        for reference in references.dropFirst() where !line.localizedCaseInsensitiveContains("[\(reference)]") {
            line += " [\(reference)]"
        }
        return line
    }
}
