/// Something the worker must fix (or check) on a request form, specific enough to fix
/// without guessing: what is missing, what could not be read and why, what is given
/// twice with different values, which label was not recognised.
///
/// `message` quotes what the worker wrote, so it belongs in the reply to the worker,
/// never in a log; `code` names only the field and the kind of problem, for logs.
public struct FormProblem: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// Not given, empty, or a placeholder such as "TBC" (kept in `placeholder`).
        case missing(placeholder: String?)
        /// Given but not readable as the field's kind; `reason` follows the quoted value.
        case unreadable(value: String, reason: String)
        /// Given more than once, with these different values (as written, in order).
        case contradicting(values: [String])
        /// A misspelt label that was read as this field: a note, not an obstacle.
        case labelCorrected(written: String)
        /// A label-like line close to several fields, so not read: did you mean…?
        case unrecognisedLabel(written: String, suggestions: [String])
        /// A date long before the request arrived: a note (a placement may have started
        /// already), since a wrong year is the likelier reading.
        case longPast(value: String)
        /// A start date before the request arrived: spend already incurred, which the
        /// panel reports to senior leaders as retrospective.
        case retrospective(value: String)
    }

    /// The field concerned (the best guess's field is not set for an unrecognised label).
    public let field: FormFieldKey?
    /// The field's display label, "Case ID".
    public let fieldLabel: String
    public let kind: Kind

    public init(field: FormFieldKey?, fieldLabel: String, kind: Kind) {
        self.field = field
        self.fieldLabel = fieldLabel
        self.kind = kind
    }

    /// True when the request cannot go to the panel until it is fixed. Notes about
    /// labels are not blocking: the value was read, or the line was not needed.
    public var isBlocking: Bool {
        switch kind {
        case .missing, .unreadable, .contradicting: return true
        case .labelCorrected, .unrecognisedLabel, .longPast, .retrospective: return false
        }
    }

    /// The sentence for the worker:
    /// - `Case ID is missing`
    /// - `Case ID is missing (it says "TBC")`
    /// - `Cost: "about 200" is not an amount in pounds`
    /// - `Start date is given twice with different values: "03/09/2026" and "10/09/2026"`
    /// - `"Csae ID" was read as Case ID: please check it`
    /// - `"Tema" is not a label on the form, so that line was not read: did you mean Team or Term?`
    public var message: String {
        switch kind {
        case .missing(nil):
            return "\(fieldLabel) is missing"
        case .missing(let placeholder?):
            return "\(fieldLabel) is missing (it says \(FormText.quoted(placeholder)))"
        case .unreadable(let value, let reason):
            return "\(fieldLabel): \(FormText.quoted(value)) \(reason)"
        case .contradicting(let values):
            let times = values.count == 2 ? "twice" : "\(values.count) times"
            var shown = values.prefix(5).map { FormText.quoted($0) }
            if values.count > 5 { shown.append("\(values.count - 5) more") }
            return "\(fieldLabel) is given \(times) with different values: \(FormText.list(shown))"
        case .labelCorrected(let written):
            return "\(FormText.quoted(written)) was read as \(fieldLabel): please check it"
        case .unrecognisedLabel(let written, let suggestions):
            return "\(FormText.quoted(written)) is not a label on the form, so that line was not read: did you mean \(FormText.list(suggestions, conjunction: "or"))?"
        case .longPast(let value):
            return "\(fieldLabel) \(value) is more than a month before the request arrived: please check the year"
        case .retrospective(let value):
            return "\(fieldLabel) \(value) is before the request arrived, so it is a retrospective request (the panel reports these to the senior leadership team)"
        }
    }

    public var description: String { message }

    /// "missing caseID", "unreadable cost": no personal data, for logs and metrics.
    public var code: String {
        let name = field?.rawValue ?? "label"
        switch kind {
        case .missing: return "missing \(name)"
        case .unreadable: return "unreadable \(name)"
        case .contradicting: return "contradicting \(name)"
        case .labelCorrected: return "label-corrected \(name)"
        case .unrecognisedLabel: return "unrecognised-label"
        case .longPast: return "long-past \(name)"
        case .retrospective: return "retrospective \(name)"
        }
    }
}
