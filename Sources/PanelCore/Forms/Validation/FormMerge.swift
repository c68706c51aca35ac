/// The outcome of merging a reply's `Label: value` lines into a request.
public struct FormMerge: Hashable, Sendable {
    /// The request with the reply's values in place of the earlier ones.
    public let form: RequestForm
    /// The fields whose reading changed, in schema order; a field repeated with the
    /// same value is not a change.
    public let changes: [FormFieldChange]
    /// The reply had no form lines (nothing was merged).
    public let replyHadNoFormLines: Bool

    /// Decision-relevant fields that changed: a new version of the request when not empty.
    public var decisionFieldsChanged: [FormFieldKey] {
        form.decisionFingerprint.changedFields(since: previousFingerprint)
    }

    let previousFingerprint: DecisionFingerprint
}
