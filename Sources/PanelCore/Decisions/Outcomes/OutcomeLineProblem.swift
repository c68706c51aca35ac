/// A line of the clerk's outcomes email that was not applied, and why. The other
/// lines are unaffected.
///
/// `message` quotes the line, so it belongs in the answer to the clerk, never in a
/// log; `code` is for logs.
public struct OutcomeLineProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// Starts like a reference but is not one: `ARP-2026-42`.
        case notAReference(written: String)
        /// A command with no reference before it.
        case noReference
        /// A reference followed by something that is not a command: `explore alternatives`.
        case notACommand(written: String)
        /// The command after the reference could not be read.
        case command(PanelReplyProblem)
        /// The same request has outcomes on `count` lines (the first few are `lines`):
        /// none of them is applied.
        case repeated(RequestReference, lines: [Int], count: Int)
    }

    /// 1-based, in the email body as given.
    public let lineNumber: Int
    /// The line as written, trimmed.
    public let line: String
    public let kind: Kind

    public init(lineNumber: Int, line: String, kind: Kind) {
        self.lineNumber = lineNumber
        self.line = line
        self.kind = kind
    }

    /// `Line 4 ("ARP-2026-42: APPROVE"): "ARP-2026-42" is not a request reference; …`
    public var message: String {
        "Line \(lineNumber) (\(FormText.quoted(line))): \(detail)"
    }

    private var detail: String {
        switch kind {
        case .notAReference(let written):
            return "\(FormText.quoted(written)) is not a request reference. Write it as on the agenda, for example ARP-2026-00042."
        case .noReference:
            return "the outcome has no request reference. Start the line with it, for example ARP-2026-00042: APPROVE."
        case .notACommand(let written):
            let shown = written.isEmpty ? "nothing" : FormText.quoted(written)
            return "the reference is followed by \(shown), not an outcome. After the reference write "
                + PanelAction.usageList([.approve, .decline, .moreInfo, .deferToPanel, .alternatives]) + "."
        case .command(let problem):
            return problem.message
        case .repeated(let reference, let lines, let count):
            var others = lines.filter { $0 != lineNumber }.map(String.init)
            let unnamed = count - 1 - others.count
            if unnamed > 0 { others.append(unnamed == 1 ? "1 other" : "\(unnamed) others") }
            let where_ = others.count == 1 && unnamed <= 0 ? "line \(others[0])" : "lines \(FormText.list(others))"
            return "\(reference) also has an outcome on \(where_), so none of them was applied. Send the one outcome for \(reference) again."
        }
    }

    public var description: String { message }

    /// For logs: the line number and the kind of problem, no personal data.
    public var code: String {
        switch kind {
        case .notAReference: return "line \(lineNumber): not-a-reference"
        case .noReference: return "line \(lineNumber): no-reference"
        case .notACommand: return "line \(lineNumber): not-a-command"
        case .command(let problem): return "line \(lineNumber): \(problem.code)"
        case .repeated: return "line \(lineNumber): repeated-reference"
        }
    }
}
