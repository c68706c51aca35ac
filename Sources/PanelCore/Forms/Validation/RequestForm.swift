/// One request read from a form (one block of an email, or a Word form): what was
/// written, the values read from it, and the problems the worker must fix.
///
/// The accessors for standard fields (`cost`, `startDate`, ...) use the standard
/// keys; a configured schema that keeps those keys keeps these features.
public struct RequestForm: Hashable, Sendable {
    /// The entries written in this block, in order.
    public let entries: [FormEntry]
    /// Entries this block took from the email's other blocks (see `FormField.Sharing`).
    public let sharedEntries: [FormEntry]
    /// The email's sender, who is the social worker unless the form names another.
    public let sender: FormPerson?
    /// The values read, by field. A field that is missing, unreadable or contradictory
    /// has no value (a person without an email address keeps the name it has).
    public let values: [FormFieldKey: FormValue]
    /// Fields whose value is the sender's, as the form did not give them.
    public let valuesFromSender: Set<FormFieldKey>
    /// In schema order, then notes about unrecognised labels.
    public let problems: [FormProblem]
    public let decisionFingerprint: DecisionFingerprint

    /// Per field, the canonical value, or "?" and the text as written when given but
    /// unreadable: what `merge` compares to report changes.
    let fieldStates: [FormFieldKey: String]
    let suggestions: [LabelSuggestion]

    /// How many days the start date is before `day`, the day the request arrived; nil
    /// when it is not before it. Such a request is retrospective: the spend came first.
    public func daysRetrospective(arrivedOn day: CalendarDay) -> Int? {
        guard let start = startDate, start.days(to: day) > 0 else { return nil }
        return start.days(to: day)
    }

    /// The form with a note when its start date is before `day`, the day the request
    /// arrived: retrospective, or, more than `days` before, probably a slipped year
    /// ("03/09/2025" for 2026 is a slip more often than a placement a year old).
    public func notingStartBeforeArrival(arrivedOn day: CalendarDay, days: Int = 31) -> RequestForm {
        guard let start = startDate, let before = daysRetrospective(arrivedOn: day), !problems.contains(where: { $0.field == .startDate }) else { return self }
        let label = "Start date"
        let text = CalendarText.day(start)
        let note = FormProblem(field: .startDate, fieldLabel: label, kind: before > days ? .longPast(value: text) : .retrospective(value: text))
        return RequestForm(entries: entries, sharedEntries: sharedEntries, sender: sender, values: values, valuesFromSender: valuesFromSender,
                           problems: problems + [note], decisionFingerprint: decisionFingerprint, fieldStates: fieldStates, suggestions: suggestions)
    }

    /// No blocking problems: the form can go to the panel.
    public var isComplete: Bool { !problems.contains { $0.isBlocking } }
    public var blockingProblems: [FormProblem] { problems.filter(\.isBlocking) }

    public func value(_ key: FormFieldKey) -> FormValue? { values[key] }

    public func text(_ key: FormFieldKey) -> String? {
        if case .text(let s)? = values[key] { return s }
        return nil
    }

    public func person(_ key: FormFieldKey) -> FormPerson? {
        if case .person(let p)? = values[key] { return p }
        return nil
    }

    public var childName: String? { text(.childName) }
    public var caseID: String? { text(.caseID) }

    public var resourceType: ResourceType? {
        if case .resourceType(let t)? = values[.resourceType] { return t }
        return nil
    }

    public var cost: Cost? {
        if case .cost(let c)? = values[.cost] { return c }
        return nil
    }

    public var startDate: CalendarDay? {
        if case .date(let d)? = values[.startDate] { return d }
        return nil
    }

    public var end: ResourceEnd? {
        if case .end(let e)? = values[.endDate] { return e }
        return nil
    }

    /// The last day of the resource, from the end date or the duration and the start.
    public var lastDay: CalendarDay? {
        guard let end else { return nil }
        if case .date(let d) = end { return d }
        guard let startDate else { return nil }
        return end.lastDay(from: startDate)
    }

    /// The whole cost in pence: a one-off amount, or the amount over the start date to
    /// the last day (see `Cost.total(from:through:)`). Nil when ongoing or unknown.
    public var totalPence: Int? {
        guard let cost else { return nil }
        if cost.frequency == .oneOff { return cost.pence }
        guard let startDate, let lastDay else { return nil }
        return cost.total(from: startDate, through: lastDay)
    }
}
