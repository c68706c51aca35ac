/// Reads the `Label: value` lines of a text into entries, grouped into blocks (one
/// block per request). Knows nothing of values beyond their kind, which decides
/// where a value ends:
///
/// - A value written on the label's line ends at the first blank line, the next
///   label, a separator, a sign-off ("Many thanks") or a line shaped like a label the
///   form does not have ("Joint letter of instruction: yes"). For every kind but text
///   it also ends at a bulleted line, which is the next item of a list.
/// - A label alone on its line ("Reason:") takes the lines below it. For text it
///   runs to the next label, separator or sign-off, blank lines included (a long
///   reason in paragraphs); for other kinds it is the next non-blank line(s) up to a
///   blank line.
/// - A label alone with no colon ("Provider", as an HTML table's empty cell leaves it)
///   counts only in a text with at least two "Label: value" lines, so that a chat
///   with a line reading "Reason" is not a form.
/// - Text that is not part of a value (greetings, narrative) is ignored.
/// - A sign-off after the first label ends the form: the signature below it
///   ("Social Worker | Cheltenham Locality", "Tel: ...") is not form content.
///
/// A new block starts when a field marked `startsBlock` (child's name, case ID,
/// resource type) is given a second time in the current block with another value, or
/// with the same value after the block's own request details (cost, dates, reason:
/// fields that neither start blocks nor are shared), or at a separator
/// line (`---`, `===`, `___`) once the current block has given such a field; before
/// that a separator is decoration, and the fields above it stay in the block.
struct FormTextReader {
    struct Block {
        var entries: [FormEntry] = []
        /// Label-like lines close to several fields: (written, candidates).
        var suggestions: [(written: String, keys: [FormFieldKey])] = []
    }

    let schema: FormSchema
    let labels: LabelIndex

    /// Lines checked for misspelt labels, at most: keeps a huge body linear.
    static let correctionBudget = 500

    /// Reads lines already split (`FormText.lines`, `QuotedText.keptLines`): none holds a
    /// line break.
    func read(lines raw: some Collection<Substring>) -> [Block] {
        var budget = Self.correctionBudget
        var lines: [FormLine] = []
        lines.reserveCapacity(raw.count)
        for line in raw {
            let mayCorrect = budget > 0
            if mayCorrect, FormLine.hasSeparator(line) { budget -= 1 }
            lines.append(FormLine.classify(line, labels: labels, allowCorrection: mayCorrect))
        }
        let labelled = lines.reduce(0) { count, line in
            if case .labels = line.kind { return count + 1 } else { return count }
        }
        var state = State(schema: schema, bareLabelsAllowed: labelled >= 2)
        for line in lines { state.consume(line) }
        return state.finish()
    }

    private struct State {
        struct Pending {
            var entryIndex: Int
            var kind: FormValueKind
            var startedOnLabelLine: Bool
            var lines: [Substring]
            var hasContent: Bool
        }

        let fields: [FormFieldKey: FormField]
        let bareLabelsAllowed: Bool
        var blocks: [Block] = []
        var current = Block()
        var pending: Pending?
        /// Kept as entries arrive, so each line costs O(1) whatever the block's size:
        /// the values given for start fields, whether a start field or the request's
        /// own details have been given.
        var startValues: [FormFieldKey: Set<String>] = [:]
        var hasStartField = false
        var hasOwnDetails = false
        /// A sign-off came after the form: the rest is a signature.
        var ended = false

        init(schema: FormSchema, bareLabelsAllowed: Bool) {
            var fields: [FormFieldKey: FormField] = [:]
            for field in schema.fields where fields[field.key] == nil { fields[field.key] = field }
            self.fields = fields
            self.bareLabelsAllowed = bareLabelsAllowed
        }

        mutating func consume(_ line: FormLine) {
            if ended { return }
            switch line.kind {
            case .labels(let hits):
                finishPending()
                for (i, hit) in hits.enumerated() {
                    start(hit, continues: i == hits.count - 1)
                }
            case .bareLabel(let hit) where bareLabelsAllowed:
                finishPending()
                start(hit, continues: true)
            case .separator:
                finishPending()
                if hasStartField { closeBlock() }
            case .blank:
                blank()
            case .text, .bareLabel:
                if let suggestion = line.suggestion {
                    finishPending()
                    current.suggestions.append(suggestion)
                } else if Self.isSignOff(line.content) {
                    finishPending()
                    ended = !current.entries.isEmpty || !blocks.isEmpty
                } else {
                    text(line)
                }
            }
        }

        mutating func start(_ hit: FormLine.Hit, continues: Bool) {
            let field = fields[hit.key]
            if field?.startsBlock == true, startsNewBlock(hit) {
                closeBlock()
            }
            current.entries.append(FormEntry(key: hit.key, writtenLabel: hit.written, value: hit.value,
                                             labelWasCorrected: hit.corrected))
            if field?.startsBlock == true {
                hasStartField = true
                startValues[hit.key, default: []].insert(FormText.labelKey(hit.value))
            } else if field?.sharing == FormField.Sharing.none {
                hasOwnDetails = true
            }
            guard continues else { return }
            let onLine = !hit.value.isEmpty
            pending = Pending(entryIndex: current.entries.count - 1, kind: field?.kind ?? .text,
                              startedOnLabelLine: onLine, lines: onLine ? [Substring(hit.value)] : [], hasContent: onLine)
        }

        /// A start field given again: a new block if its value differs, or if this block
        /// already gave the request's own details (a field neither starting a block nor
        /// shared). "Case ID | 123 | LCS ID | 123" at the top of a table is one block.
        func startsNewBlock(_ hit: FormLine.Hit) -> Bool {
            guard let earlier = startValues[hit.key] else { return false }
            let value = FormText.labelKey(hit.value)
            if value.isEmpty || earlier != [value] { return true }
            return hasOwnDetails
        }

        mutating func blank() {
            guard var p = pending else { return }
            if !p.hasContent { return } // still looking for the value below a label
            if p.kind == .text, !p.startedOnLabelLine {
                p.lines.append("")
                pending = p
            } else {
                finishPending()
            }
        }

        mutating func text(_ line: FormLine) {
            // In place: a copy of `pending` would copy its lines for every line added.
            guard pending != nil else { return }
            if pending!.startedOnLabelLine, line.looksLikeLabel {
                finishPending()
                return
            }
            if pending!.hasContent, line.bulleted, pending!.kind != .text {
                finishPending()
                return
            }
            pending!.lines.append(line.bulleted ? Substring("- " + line.content) : line.content)
            pending!.hasContent = true
        }

        mutating func finishPending() {
            guard let p = pending else { return }
            pending = nil
            var lines = p.lines
            while let last = lines.last, last.isEmpty { lines.removeLast() }
            if p.kind != .text, p.startedOnLabelLine == false, let first = lines.first, first.hasPrefix("- ") {
                lines[0] = first.dropFirst(2)
            }
            current.entries[p.entryIndex].value = FormText.joinedLines(lines)
        }

        mutating func closeBlock() {
            finishPending()
            if current.entries.isEmpty {
                return // keep its suggestions for the next block
            }
            blocks.append(current)
            current = Block()
            startValues = [:]
            hasStartField = false
            hasOwnDetails = false
        }

        mutating func finish() -> [Block] {
            finishPending()
            if !current.entries.isEmpty {
                blocks.append(current)
            } else if !current.suggestions.isEmpty, !blocks.isEmpty {
                blocks[blocks.count - 1].suggestions += current.suggestions
            }
            return blocks
        }

        static let signOffs = [
            "thanks", "thank you", "many thanks", "with thanks", "kind regards", "regards", "best wishes",
            "best regards", "warm regards", "warmest regards", "cheers", "yours sincerely", "yours faithfully",
            "all the best", "sent from my", "get outlook for",
        ]

        /// Sign-offs that are only one when alone on their line ("Best,", not "Best interests").
        static let shortSignOffs: Set<String> = ["best", "thx", "ta", "yours", "speak soon"]

        static func isSignOff(_ content: some StringProtocol) -> Bool {
            // A sign-off is six words at most: a longer line is not one, and is not scanned.
            guard content.utf8.count <= 64 else { return false }
            let key = FormText.labelKey(content)
            guard !key.isEmpty, key.split(separator: " ").count <= 6 else { return false }
            return shortSignOffs.contains(key) || signOffs.contains { key == $0 || key.hasPrefix($0 + " ") }
        }
    }
}
