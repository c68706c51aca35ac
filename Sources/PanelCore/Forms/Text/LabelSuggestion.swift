/// A label-like line close to several fields, kept so a merged reply re-reports it.
struct LabelSuggestion: Hashable, Sendable {
    var written: String
    var keys: [FormFieldKey]
}
