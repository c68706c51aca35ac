/// A field a reply changed: what it said before and what it says now, as written.
public struct FormFieldChange: Hashable, Sendable {
    public let field: FormFieldKey
    public let fieldLabel: String
    /// Nil when the field had not been given (or came from the sender).
    public let before: String?
    /// Nil when the reply cleared it (e.g. "Provider: N/A").
    public let after: String?
}
