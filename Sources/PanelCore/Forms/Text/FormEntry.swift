/// One `Label: value` as the worker wrote it, before the value is read.
public struct FormEntry: Hashable, Sendable {
    public var key: FormFieldKey
    /// The label as written ("Csae ID", "LCS ID"), without bullets or bold markers.
    public var writtenLabel: String
    /// The value as written; a value over several lines keeps its line breaks.
    public var value: String
    /// The label was a misspelling read as `key`; the form carries a note about it.
    public var labelWasCorrected: Bool

    public init(key: FormFieldKey, writtenLabel: String, value: String, labelWasCorrected: Bool = false) {
        self.key = key
        self.writtenLabel = writtenLabel
        self.value = value
        self.labelWasCorrected = labelWasCorrected
    }
}
