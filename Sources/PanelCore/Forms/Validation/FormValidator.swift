/// Reads each field's entries into a value and lists what is wrong, field by field in
/// schema order:
///
/// - not given, empty, or a placeholder ("TBC", "N/A", "?"; for people, dates and
///   the like also "none") → missing if required, otherwise simply not given;
/// - not readable as the field's kind → unreadable, quoting the value and saying why;
/// - given more than once with values that read differently → contradicting (the same
///   value twice, even written differently such as "03/09/2026" and "3 Sept 2026",
///   is fine);
/// - a person without an email address → unreadable ("has no email address"), except
///   the social worker, who gets the sender's address when the names match;
/// - the end date before the start date → unreadable on the end date.
///
/// A field marked `defaultsToSender` and not given is the sender. A cost with no
/// frequency takes one from its label ("Weekly cost: £450").
struct FormValidator: Sendable {
    let schema: FormSchema
    let resourceTypes: ResourceTypeMatcher

    init(schema: FormSchema) {
        self.schema = schema
        self.resourceTypes = ResourceTypeMatcher(types: schema.resourceTypes)
    }

    private enum Reading {
        case value(FormValue)
        case absent
        case placeholder(String)
        case unreadable(String)
    }

    func validate(entries: [FormEntry], shared: [FormEntry], suggestions: [LabelSuggestion],
                  sender: FormPerson?) -> RequestForm
    {
        var values: [FormFieldKey: FormValue] = [:]
        var fromSender: Set<FormFieldKey> = []
        var problems: [FormProblem] = []
        var states: [FormFieldKey: String] = [:]

        for field in schema.fields where values[field.key] == nil && states[field.key] == nil {
            var given = entries.filter { $0.key == field.key }
            for entry in given where entry.labelWasCorrected {
                problems.append(FormProblem(field: field.key, fieldLabel: field.label,
                                            kind: .labelCorrected(written: entry.writtenLabel)))
            }
            if given.isEmpty { given = shared.filter { $0.key == field.key } }

            // Distinct readings, in order, each with the first text that gave it.
            var distinct: [(state: String, written: String, reading: Reading)] = []
            for entry in given {
                let written = written(entry.value, kind: field.kind)
                let reading = read(written, entry: entry, field: field)
                let state: String
                switch reading {
                case .absent: continue
                case .value(let v): state = v.canonical
                case .placeholder, .unreadable: state = "?" + FormText.collapsedLowercase(written)
                }
                // A field is given once or twice: a search beats hashing a long reason.
                if !distinct.contains(where: { $0.state == state }) { distinct.append((state, written, reading)) }
            }

            if distinct.count > 1 {
                problems.append(FormProblem(field: field.key, fieldLabel: field.label,
                                            kind: .contradicting(values: distinct.map { FormText.collapse($0.written) })))
                states[field.key] = "?" + distinct.map(\.state).joined(separator: " / ")
                continue
            }
            guard let only = distinct.first else {
                if field.defaultsToSender, let sender {
                    values[field.key] = .person(sender)
                    fromSender.insert(field.key)
                    states[field.key] = FormValue.person(sender).canonical
                } else if field.isRequired {
                    problems.append(FormProblem(field: field.key, fieldLabel: field.label, kind: .missing(placeholder: nil)))
                }
                continue
            }
            states[field.key] = only.state
            switch only.reading {
            case .absent:
                break
            case .placeholder(let text):
                problems.append(FormProblem(field: field.key, fieldLabel: field.label, kind: .missing(placeholder: text)))
            case .unreadable(let reason):
                problems.append(FormProblem(field: field.key, fieldLabel: field.label,
                                            kind: .unreadable(value: only.written, reason: reason)))
            case .value(var value):
                if case .person(var person) = value, person.email == nil {
                    if field.defaultsToSender, let sender, let senderEmail = sender.email,
                       person.isSamePerson(as: FormPerson(name: sender.name, email: nil))
                    {
                        person.email = senderEmail
                        value = .person(person)
                        states[field.key] = value.canonical
                    } else {
                        problems.append(FormProblem(field: field.key, fieldLabel: field.label,
                                                    kind: .unreadable(value: only.written, reason: "has no email address")))
                    }
                }
                values[field.key] = value
            }
        }

        checkEndAfterStart(&values, &problems, &states, entries: entries + shared)

        // Schema order (the end-date check comes last above), notes on labels after.
        let order = Dictionary(schema.fields.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { a, _ in a })
        problems = problems.enumerated().sorted {
            let a = $0.element.field.flatMap { order[$0] } ?? Int.max
            let b = $1.element.field.flatMap { order[$0] } ?? Int.max
            return (a, $0.offset) < (b, $1.offset)
        }.map(\.element)
        for suggestion in suggestions {
            problems.append(FormProblem(field: nil, fieldLabel: "",
                                        kind: .unrecognisedLabel(written: suggestion.written,
                                                                 suggestions: suggestion.keys.map { schema.label(of: $0) })))
        }
        var decision: [FormFieldKey: String] = [:]
        for field in schema.fields where field.affectsDecision {
            decision[field.key] = states[field.key]
        }
        return RequestForm(entries: entries, sharedEntries: shared, sender: sender, values: values,
                           valuesFromSender: fromSender, problems: problems,
                           decisionFingerprint: DecisionFingerprint(values: decision),
                           fieldStates: Self.comparable(states), suggestions: suggestions)
    }

    /// States as a form keeps them, only to compare two versions: a long one (a reason
    /// of several pages) by its SHA-256, so that a form in memory does not hold its text
    /// a third time.
    static func comparable(_ states: [FormFieldKey: String]) -> [FormFieldKey: String] {
        states.mapValues { $0.utf8.count > comparedWhole ? "#" + SHA256Hex.of(Array($0.utf8)) : $0 }
    }

    /// The longest state kept as it is.
    static let comparedWhole = 256

    /// The value as it is read: table cells and lines joined for one-line kinds.
    private func written(_ value: String, kind: FormValueKind) -> String {
        if kind == .text {
            return FormText.asciiTrimmedLines(value)
                ?? FormText.trim(FormText.joinedLines(FormText.lines(value).map { FormText.trim($0) }))
        }
        return FormText.collapse(value.split(separator: "|", omittingEmptySubsequences: true).joined(separator: " "))
    }

    private func read(_ text: String, entry: FormEntry, field: FormField) -> Reading {
        if FormText.trim(text).isEmpty { return .absent }
        let placeholder = field.kind == .text && !field.isRequired
            ? FormText.isPlaceholder(text) : FormText.isPlaceholderOrNone(text)
        if placeholder { return field.isRequired ? .placeholder(FormText.collapse(text)) : .absent }
        let result: Result<FormValue, UnreadableValue>
        switch field.kind {
        case .text:
            result = .success(.text(text))
        case .person:
            result = PersonParser.parse(text).map(FormValue.person)
        case .money:
            result = CostParser.read(text).map { reading in
                var cost = reading.cost
                if !reading.frequencyGiven, let frequency = CostParser.frequency(inLabel: entry.writtenLabel) {
                    cost.frequency = frequency
                }
                return .cost(cost)
            }
        case .date:
            result = UKDateParser.parse(text).map(FormValue.date)
        case .endDateOrDuration:
            result = ResourceEndParser.parse(text).map(FormValue.end)
        case .resourceType:
            result = resourceTypes.match(text).map(FormValue.resourceType)
        }
        switch result {
        case .success(let value): return .value(value)
        case .failure(let error): return .unreadable(error.reason)
        }
    }

    private func checkEndAfterStart(_ values: inout [FormFieldKey: FormValue], _ problems: inout [FormProblem],
                                    _ states: inout [FormFieldKey: String], entries: [FormEntry])
    {
        guard case .date(let start)? = values[.startDate], case .end(let end)? = values[.endDate],
              let last = end.lastDay(from: start), last < start,
              let field = schema.field(.endDate) else { return }
        let written = entries.first { $0.key == .endDate }.map { FormText.collapse($0.value) } ?? end.description
        values[.endDate] = nil
        problems.append(FormProblem(field: .endDate, fieldLabel: field.label,
                                    kind: .unreadable(value: written,
                                                      reason: "is before the start date (\(UKDateParser.numeric(start)))")))
        states[.endDate] = "?" + written.lowercased()
    }
}
