import Foundation

/// A request form as the store keeps it: what the worker wrote (entries, the entries
/// shared from the email's other blocks, unread label-like lines) and the sender.
/// Never the values read from it: `FormParser.restore(_:)` reads them again with the
/// configured schema, so a form stored before a schema change is read as the panel
/// reads forms today, and a later reply merges into exactly what was written.
///
/// Holds personal data: store it with the request, never log it.
public struct FormRecord: Codable, Hashable, Sendable {
    public struct Entry: Codable, Hashable, Sendable {
        public var key: String
        /// The label as written ("Csae ID").
        public var label: String
        public var value: String
        public var corrected: Bool?
    }

    public struct Suggestion: Codable, Hashable, Sendable {
        public var written: String
        public var keys: [String]
    }

    public var entries: [Entry]
    public var shared: [Entry]
    public var suggestions: [Suggestion]
    public var senderName: String?
    public var senderEmail: String?

    public init(_ form: RequestForm) {
        entries = form.entries.map(Self.entry)
        shared = form.sharedEntries.map(Self.entry)
        suggestions = form.suggestions.map { Suggestion(written: $0.written, keys: $0.keys.map(\.rawValue)) }
        senderName = form.sender?.name
        senderEmail = form.sender?.email
    }

    /// A form with nothing written in it.
    public static let empty = FormRecord(entries: [], shared: [], suggestions: [], senderName: nil, senderEmail: nil)

    init(entries: [Entry], shared: [Entry], suggestions: [Suggestion], senderName: String?, senderEmail: String?) {
        self.entries = entries
        self.shared = shared
        self.suggestions = suggestions
        self.senderName = senderName
        self.senderEmail = senderEmail
    }

    /// The JSON the store keeps (sorted keys, so equal forms give equal text).
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding plain strings, arrays and optionals cannot fail.
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// Reads the store's JSON; nil when it is not a form record.
    public init?(json: String) {
        guard let record = try? JSONDecoder().decode(FormRecord.self, from: Data(json.utf8)) else { return nil }
        self = record
    }

    private static func entry(_ e: FormEntry) -> Entry {
        Entry(key: e.key.rawValue, label: e.writtenLabel, value: e.value, corrected: e.labelWasCorrected ? true : nil)
    }

    var formEntries: [FormEntry] { entries.map(Self.formEntry) }
    var sharedFormEntries: [FormEntry] { shared.map(Self.formEntry) }
    var labelSuggestions: [LabelSuggestion] {
        suggestions.map { LabelSuggestion(written: $0.written, keys: $0.keys.map(FormFieldKey.init(rawValue:))) }
    }
    var sender: FormPerson? {
        senderName == nil && senderEmail == nil ? nil : FormPerson(name: senderName, email: senderEmail)
    }

    private static func formEntry(_ e: Entry) -> FormEntry {
        FormEntry(key: FormFieldKey(e.key), writtenLabel: e.label, value: e.value, labelWasCorrected: e.corrected ?? false)
    }
}

extension FormParser {
    /// The form a record holds, read with this parser's schema. Entries for fields the
    /// schema no longer has are kept in the record but read as nothing.
    public func restore(_ record: FormRecord) -> RequestForm {
        validate(entries: record.formEntries, shared: record.sharedFormEntries,
                 suggestions: record.labelSuggestions, sender: record.sender)
    }
}
