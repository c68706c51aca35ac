/// Reads the clerk's outcomes email after a weekly panel sitting: one or many lines
///
///     ARP-2026-00042: APPROVE £650 per week until 31/03/2027 - within the framework rate
///     ARP-2026-00043 - DECLINE IFA contract covers transport
///     • [ARP-2026-00044] MORE INFO the legal planning strategy
///     ARP-2026-00045 | DEFER | needs the child's plan       (a table, as HTML renders it)
///
/// each read as a reference (optionally in brackets, after a bullet or number) and
/// a command (as in `PanelReply`), with what follows the command as rationale.
///
/// - A line that starts with a command but has no reference is reported.
/// - Other lines straight below an outcome (no blank line between) continue its
///   rationale; the rest (greetings, "Outcomes from today's panel:") are ignored.
/// - A bad line is reported by line number; the good ones still count.
/// - A request given more than once is reported on every such line and none of
///   them counts: which one the clerk meant cannot be known.
/// - Quoted text and the sign-off are cut first (`ReplyText`).
public struct OutcomeLines: Hashable, Sendable {
    /// The outcomes to apply, in the order written.
    public let outcomes: [OutcomeLine]
    /// Lines that were not applied, in line order.
    public let problems: [OutcomeLineProblem]
    /// The name the email is signed with (see `SignOff`).
    public let signedName: String?

    public init(outcomes: [OutcomeLine], problems: [OutcomeLineProblem], signedName: String?) {
        self.outcomes = outcomes
        self.problems = problems
        self.signedName = signedName
    }

    public static func parse(_ body: String) -> OutcomeLines {
        let text = ReplyText(body)
        var drafts: [Draft] = []
        var problems: [OutcomeLineProblem] = []
        var current: Int?
        for line in text.lines {
            let trimmed = FormText.trim(line.text)
            if trimmed.isEmpty {
                current = nil
                continue
            }
            let body = withoutBullet(trimmed)
            func problem(_ kind: OutcomeLineProblem.Kind) {
                problems.append(OutcomeLineProblem(lineNumber: line.number, line: trimmed, kind: kind))
                current = nil
            }
            if let (written, rest) = referencePrefix(body) {
                guard let reference = RequestReference(written) else {
                    problem(.notAReference(written: written))
                    continue
                }
                let commandText = rest.drop(while: PanelCommandParser.isPunctuation)
                switch PanelCommandParser.parse(commandText) {
                case nil:
                    problem(.notACommand(written: FormText.collapse(commandText)))
                case .failure(let error)?:
                    problem(.command(error))
                case .success(let read)?:
                    drafts.append(Draft(line: line, trimmed: trimmed, reference: reference, command: read.command,
                                        rationale: read.inlineText.isEmpty ? [] : [read.inlineText]))
                    current = drafts.count - 1
                }
            } else if PanelCommandParser.startsWithCommand(body) {
                problem(.noReference)
            } else if let index = current {
                drafts[index].rationale.append(trimmed)
            }
        }

        var outcomes: [OutcomeLine] = []
        let linesByReference = Dictionary(grouping: drafts, by: \.reference).mapValues { $0.map(\.line.number) }
        for draft in drafts {
            let rationale = ReplyText.tidy(draft.rationale)
            let lines = linesByReference[draft.reference] ?? []
            if lines.count > 1 {
                problems.append(OutcomeLineProblem(lineNumber: draft.line.number, line: draft.trimmed,
                                                   kind: .repeated(draft.reference, lines: Array(lines.prefix(5)), count: lines.count)))
            } else if draft.command.action.needsText, rationale.isEmpty {
                problems.append(OutcomeLineProblem(lineNumber: draft.line.number, line: draft.trimmed,
                                                   kind: .command(PanelReplyProblem(.textMissing(draft.command.action)))))
            } else {
                outcomes.append(OutcomeLine(lineNumber: draft.line.number, reference: draft.reference,
                                            command: draft.command, rationale: rationale))
            }
        }
        problems.sort { $0.lineNumber < $1.lineNumber }
        return OutcomeLines(outcomes: outcomes, problems: problems, signedName: text.signedName)
    }

    private struct Draft {
        var line: ReplyText.Line
        var trimmed: String
        var reference: RequestReference
        var command: PanelCommand
        var rationale: [String]
    }

    /// The line without a leading bullet or number: `-`, `*`, `•`, `1.`, `1)`, `(1)`.
    static func withoutBullet(_ line: String) -> Substring {
        var s = Substring(line)
        if let first = s.first, "-*•·–—▪◦".contains(first) {
            s = s.dropFirst()
        } else {
            let opened = s.first == "(" ? s.dropFirst() : s
            let digits = opened.prefix { $0.isASCII && $0.isNumber }
            let after = opened[digits.endIndex...]
            if !digits.isEmpty, digits.count <= 3, let mark = after.first, mark == "." || mark == ")" {
                s = after.dropFirst()
            }
        }
        return s.drop(while: FormText.isSpace)
    }

    /// `ARP…` at the start (optionally in `[ ]`): the reference as written, and the rest.
    /// "ARPs" and other words that merely start with the letters are not references.
    static func referencePrefix(_ line: Substring) -> (String, Substring)? {
        var s = line
        let bracketed = s.first == "["
        if bracketed { s = s.dropFirst().drop(while: FormText.isSpace) }
        guard s.count >= 3, s.prefix(3).uppercased() == RequestReference.prefix else { return nil }
        let afterPrefix = s.dropFirst(3)
        if let next = afterPrefix.first, next.isLetter { return nil }
        let run = s.utf8.prefix { ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == UInt8(ascii: "-") }
        let written = s[..<run.endIndex].droppingASCIISuffix("-")
        var rest = s[written.endIndex...]
        if bracketed, let close = rest.firstIndex(of: "]"), rest[..<close].allSatisfy(FormText.isSpace) {
            rest = rest[rest.index(after: close)...]
        }
        return (String(written), rest)
    }
}
