/// Reads one command line: the command word (any case, optionally in `*bold*`, with
/// optional punctuation after it: `Approved.`, `DECLINE:`, `More info -`), the
/// command's argument, and whatever reason follows on the same line.
///
/// - `APPROVE` takes optional terms (`ApprovalTermsParser`); what follows them is reason.
/// - `LATE` takes minutes (`LateMinutesParser`); what follows is reason.
/// - The other commands take their whole remainder as reason (or what is needed).
enum PanelCommandParser {
    struct Reading: Hashable {
        var command: PanelCommand
        /// Reason given on the command line, "" if none.
        var inlineText: String
    }

    /// Characters allowed between a command word and its argument.
    static func isPunctuation(_ c: Character) -> Bool {
        FormText.isSpace(c) || ":.,;!-–—*_|".contains(c)
    }

    /// Nil when `line` does not start with a command word; otherwise the command, or
    /// why its argument could not be read.
    static func parse(_ line: some StringProtocol) -> Result<Reading, PanelReplyProblem>? {
        guard let (action, afterWord) = keyword(in: line) else { return nil }
        let argument = Substring(afterWord).drop(while: isPunctuation)
        switch action {
        case .approve:
            return ApprovalTermsParser.parse(argument).map { Reading(command: .approve($0.terms), inlineText: $0.rest) }
        case .late:
            return LateMinutesParser.parse(argument).map { Reading(command: .late(minutes: $0.minutes), inlineText: $0.rest) }
        case .decline: return .success(Reading(command: .decline, inlineText: reason(argument)))
        case .moreInfo: return .success(Reading(command: .moreInfo, inlineText: reason(argument)))
        case .deferToPanel: return .success(Reading(command: .deferToPanel, inlineText: reason(argument)))
        case .alternatives: return .success(Reading(command: .alternatives, inlineText: reason(argument)))
        case .endorse: return .success(Reading(command: .endorse, inlineText: reason(argument)))
        case .notEndorsed: return .success(Reading(command: .notEndorsed, inlineText: reason(argument)))
        case .challenge: return .success(Reading(command: .challenge, inlineText: reason(argument)))
        case .withdraw: return .success(Reading(command: .withdraw, inlineText: reason(argument)))
        }
    }

    /// True when `line` starts with a command word.
    static func startsWithCommand(_ line: some StringProtocol) -> Bool {
        keyword(in: line) != nil
    }

    /// The command word at the start of `line` and the text after it. The word must
    /// end the run of letters ("APPROVED" is a spelling, "APPROVEMENT" is not a
    /// command), and a question mark after it makes it a question, not a command.
    static func keyword<S: StringProtocol>(in line: S) -> (PanelAction, S.SubSequence)? {
        var index = line.startIndex
        let end = line.endIndex
        while index < end, FormText.isSpace(line[index]) || line[index] == "*" || line[index] == "_" {
            index = line.index(after: index)
        }
        var words: [(word: String, end: S.Index)] = []
        while words.count < 3, index < end {
            let start = index
            while index < end, line[index].isASCII, line[index].isLetter { index = line.index(after: index) }
            guard start < index, words.count < 3 else { break }
            words.append((line[start..<index].uppercased(), index))
            guard index < end, FormText.isSpace(line[index]) else { break }
            while index < end, FormText.isSpace(line[index]) { index = line.index(after: index) }
        }
        for (spelling, action) in PanelAction.spellings where spelling.count <= words.count {
            if zip(spelling, words).allSatisfy({ $0 == $1.word }) {
                let after = words[spelling.count - 1].end
                if after < end, line[after].isLetter { continue }
                // "Approve?" asks; it does not decide.
                if line[after...].first(where: { !FormText.isSpace($0) }) == "?" { return nil }
                return (action, line[after...])
            }
        }
        return nil
    }

    /// A reason on the command line, separators before it removed.
    static func reason(_ text: some StringProtocol) -> String {
        FormText.trim(Substring(text).drop(while: isPunctuation))
    }
}
