/// Reads the panel's request form from an email body or a Word attachment, and merges
/// replies into it. The entry point the daemon calls:
///
/// ```swift
/// let parser = FormParser(schema: .standard)
/// switch parser.parse(text: body, sender: FormPerson(name: "Jane Smith", email: "jane.smith@council.test")) {
/// case .notARequest: ...
/// case .forms(let forms): for form in forms where !form.isComplete { form.problems.map(\.message) ... }
/// }
/// ```
///
/// How a text is read:
/// 1. The quoted earlier message and the signature are removed (`QuotedText`).
/// 2. Lines are classified (`FormLine`): "Label: value" with bullets, bold markers,
///    " | " table cells, tabs; a label alone on its line with the value below; a
///    separator line. Labels are matched by `LabelIndex`: misspellings close to one
///    label are read with a note ("Csae ID" was read as Case ID: please check it),
///    since sending a request back for a typo is the delay workers complain of;
///    misspellings close to several labels are not read and the note asks which.
/// 3. Values are gathered and split into blocks, one per request (`FormTextReader`).
/// 4. Blocks share the worker's details, and the child's when a block names no
///    child (`FormBlockSharing`).
/// 5. Each block is validated (`FormValidator`) into a `RequestForm`.
public struct FormParser: Sendable {
    public let schema: FormSchema
    private let labels: LabelIndex
    private let validator: FormValidator

    public init(schema: FormSchema = .standard) {
        self.schema = schema
        self.labels = LabelIndex(schema: schema)
        self.validator = FormValidator(schema: schema)
    }

    /// Reads an email body (plain text, or HTML as the MIME layer renders it).
    /// `sender` is the email's From: the social worker unless the form names another.
    public func parse(text: String, sender: FormPerson?) -> FormParseResult {
        read(lines: QuotedText.keptLines(text), sender: sender)
    }

    /// Reads a forwarded request: a team manager or business support officer forwards
    /// the worker's email, and the form sits below the forwarding note, where a reply
    /// would quote. Everything is read, with "> " quoting markers removed. Only for a
    /// new email whose own text holds no form: in a reply, quoted text is the panel's
    /// own earlier message and must stay ignored.
    public func parse(forwarded text: String, sender: FormPerson?) -> FormParseResult {
        let unquoted = FormText.joinedLines(FormText.lines(text).map { line -> Substring in
            var rest = line
            while let first = rest.first, first == ">" {
                rest = rest.dropFirst()
                if rest.first == " " { rest = rest.dropFirst() }
            }
            return rest
        })
        return read(unquoted, sender: sender)
    }

    /// Reads a Word (.docx) form: paragraphs and table rows (`DocxText`), then as text.
    public func parse(docx bytes: [UInt8], sender: FormPerson?) throws(DocxError) -> FormParseResult {
        read(try DocxText.text(fromDocx: bytes), sender: sender)
    }

    /// Merges the `Label: value` lines of a reply into an earlier request: a reply
    /// with just the missing or corrected lines completes the request without the
    /// worker retyping it. Each field the reply gives replaces all earlier values of
    /// that field (written or shared); the rest stay. The reply's quoted text is
    /// ignored, and its block structure too: every line applies to this request.
    public func merge(reply: String, into form: RequestForm) -> FormMerge {
        let blocks = reader.read(lines: QuotedText.keptLines(reply))
        let replyEntries = blocks.flatMap(\.entries)
        let replySuggestions = blocks.flatMap(\.suggestions).map { LabelSuggestion(written: $0.written, keys: $0.keys) }
        guard !replyEntries.isEmpty || !replySuggestions.isEmpty else {
            return FormMerge(form: form, changes: [], replyHadNoFormLines: true,
                             previousFingerprint: form.decisionFingerprint)
        }
        let replyKeys = Set(replyEntries.map(\.key))
        var entries: [FormEntry] = []
        var placed: Set<FormFieldKey> = []
        for entry in form.entries {
            if replyKeys.contains(entry.key) {
                if placed.insert(entry.key).inserted { entries += replyEntries.filter { $0.key == entry.key } }
            } else {
                entries.append(entry)
            }
        }
        entries += replyEntries.filter { !placed.contains($0.key) }
        let shared = form.sharedEntries.filter { !replyKeys.contains($0.key) }
        let suggestions = form.suggestions.filter { !$0.keys.contains(where: replyKeys.contains) } + replySuggestions
        let merged = validator.validate(entries: entries, shared: shared, suggestions: suggestions, sender: form.sender)

        var changes: [FormFieldChange] = []
        for field in schema.fields where replyKeys.contains(field.key) {
            guard form.fieldStates[field.key] != merged.fieldStates[field.key] else { continue }
            changes.append(FormFieldChange(field: field.key, fieldLabel: field.label,
                                           before: Self.written(field.key, in: form),
                                           after: Self.written(field.key, in: merged)))
        }
        return FormMerge(form: merged, changes: changes, replyHadNoFormLines: false,
                         previousFingerprint: form.decisionFingerprint)
    }

    private var reader: FormTextReader { FormTextReader(schema: schema, labels: labels) }

    /// Validates written entries into a form (see `restore(_:)`).
    func validate(entries: [FormEntry], shared: [FormEntry], suggestions: [LabelSuggestion], sender: FormPerson?) -> RequestForm {
        validator.validate(entries: entries, shared: shared, suggestions: suggestions, sender: sender)
    }

    private func read(_ text: String, sender: FormPerson?) -> FormParseResult {
        read(lines: FormText.lines(text), sender: sender)
    }

    private func read(lines: some Collection<Substring>, sender: FormPerson?) -> FormParseResult {
        let blocks = reader.read(lines: lines)
        guard !blocks.isEmpty else { return .notARequest }
        let shared = FormBlockSharing.shared(blocks.map(\.entries), schema: schema)
        let forms = zip(blocks, shared).map { block, shared in
            validator.validate(entries: block.entries, shared: shared,
                               suggestions: block.suggestions.map { LabelSuggestion(written: $0.written, keys: $0.keys) },
                               sender: sender)
        }
        return .forms(forms)
    }

    /// The field's values as written ("a / b" when given twice), or nil.
    private static func written(_ key: FormFieldKey, in form: RequestForm) -> String? {
        var given = form.entries.filter { $0.key == key }
        if given.isEmpty { given = form.sharedEntries.filter { $0.key == key } }
        let texts = given.map { FormText.collapse($0.value) }.filter { !$0.isEmpty }
        return texts.isEmpty ? nil : texts.joined(separator: " / ")
    }
}
