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

    /// The JSON the store keeps (sorted keys, so equal forms give equal text; absent
    /// optionals left out, as `JSONEncoder` does). Written by hand: a reason runs to tens
    /// of kilobytes, and `JSONEncoder` cost more than the rest of storing a request.
    public var json: String {
        var out = JSONText(capacity: 256 + entries.reduce(0) { $0 + $1.label.utf8.count + $1.value.utf8.count + 48 })
        out.raw("{\"entries\":")
        Self.write(entries, to: &out)
        if let senderEmail { out.raw(",\"senderEmail\":"); out.string(senderEmail) }
        if let senderName { out.raw(",\"senderName\":"); out.string(senderName) }
        out.raw(",\"shared\":")
        Self.write(shared, to: &out)
        out.raw(",\"suggestions\":[")
        for (i, suggestion) in suggestions.enumerated() {
            if i > 0 { out.raw(",") }
            out.raw("{\"keys\":[")
            for (j, key) in suggestion.keys.enumerated() {
                if j > 0 { out.raw(",") }
                out.string(key)
            }
            out.raw("],\"written\":")
            out.string(suggestion.written)
            out.raw("}")
        }
        out.raw("]}")
        return out.text
    }

    private static func write(_ entries: [Entry], to out: inout JSONText) {
        out.raw("[")
        for (i, entry) in entries.enumerated() {
            if i > 0 { out.raw(",") }
            out.raw("{")
            if let corrected = entry.corrected { out.raw(corrected ? "\"corrected\":true," : "\"corrected\":false,") }
            out.raw("\"key\":")
            out.string(entry.key)
            out.raw(",\"label\":")
            out.string(entry.label)
            out.raw(",\"value\":")
            out.string(entry.value)
            out.raw("}")
        }
        out.raw("]")
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

/// JSON text: strings escaped as RFC 8259 requires (quote, backslash, control
/// characters), the runs between escapes appended as slices of the original string, so
/// a reason of tens of kilobytes is copied once and never validated again as UTF-8.
struct JSONText {
    private(set) var text = ""

    init(capacity: Int) { text.reserveCapacity(capacity) }

    mutating func raw(_ json: String) {
        text += json
    }

    mutating func string(_ value: String) {
        text += "\""
        // Offsets of the bytes to escape, found on the contiguous UTF-8 bytes (walking the
        // UTF8View instead measured twice as slow); every one is ASCII, so each run
        // between them is whole characters.
        var escapes: [Int] = []
        var value = value
        value.withUTF8 { input in
            for (i, b) in input.enumerated() where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") {
                escapes.append(i)
            }
        }
        guard !escapes.isEmpty else {
            text += value
            text += "\""
            return
        }
        let utf8 = value.utf8
        var runStart = utf8.startIndex
        for offset in escapes {
            let index = utf8.index(utf8.startIndex, offsetBy: offset)
            text += value[runStart..<index]
            switch utf8[index] {
            case UInt8(ascii: "\""): text += "\\\""
            case UInt8(ascii: "\\"): text += "\\\\"
            case 0x0A: text += "\\n"
            case 0x0D: text += "\\r"
            case 0x09: text += "\\t"
            case let b:
                text += "\\u00"
                text.unicodeScalars.append(Self.hex(b >> 4))
                text.unicodeScalars.append(Self.hex(b & 0x0F))
            }
            runStart = utf8.index(after: index)
        }
        text += value[runStart...]
        text += "\""
    }

    private static func hex(_ nibble: UInt8) -> Unicode.Scalar {
        Unicode.Scalar(nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10)
    }
}
