import Foundation

/// One complete server response: the line text (with `{n}` markers left in place) and the
/// literals that followed those markers, in order.
struct IMAPResponseFrame {
    var line: [UInt8]
    var literals: [[UInt8]]
    /// Set when the literals went to a sink as they arrived: each stands here as empty.
    var literalsStreamed = false

    init(line: [UInt8], literals: [[UInt8]] = []) {
        self.line = line
        self.literals = literals
    }

    init(_ text: String, literals: [[UInt8]] = []) {
        self.init(line: Array(text.utf8), literals: literals)
    }

    /// The line for messages, with literals shown as their size only.
    var text: String { String(decoding: line, as: UTF8.self) }
}

/// A status response: tagged completion, or untagged OK/NO/BAD/BYE/PREAUTH (RFC 9051 7.1).
struct IMAPCondition: Equatable {
    enum Status: String, Equatable {
        case ok = "OK", no = "NO", bad = "BAD", bye = "BYE", preauth = "PREAUTH"
    }

    var status: Status
    var code: IMAPResponseCode?
    var text: String
    /// The whole line as received, for error messages.
    var line: String
}

/// The bracketed response codes panelmail acts on (RFC 9051 7.1, RFC 4315, RFC 5530).
enum IMAPResponseCode: Equatable {
    case uidValidity(UInt32)
    case uidNext(UInt32)
    case copyUID(uidValidity: UInt32, source: [UInt32], destination: [UInt32])
    case appendUID(uidValidity: UInt32, uid: UInt32)
    case permanentFlags([String])
    case capability(Set<String>)
    case readOnly
    case readWrite
    case tryCreate
    case alreadyExists
    case nonExistent
    case authenticationFailed
    case other(String)
}

/// The attributes of one FETCH response that panelmail reads.
struct IMAPFetchAttributes: Equatable {
    var uid: UInt32?
    var flags: [String]?
    var internalDate: Date?
    var size: Int?
    /// `BODY[]` (or `BINARY[]`) content; nil when not in this response.
    var body: [UInt8]?
    /// True when the server answered `BODY[] NIL`.
    var bodyWasNil = false
}

/// A mailbox from a LIST response (RFC 9051 7.3.1), its name decoded from modified UTF-7.
struct IMAPListEntry: Equatable {
    var attributes: Set<String>
    var delimiter: Character?
    /// The name as the server sent it (modified UTF-7).
    var encodedName: String
    /// The readable name; the encoded name when it does not decode.
    var name: String

    /// `\NonExistent` or `\Noselect`: listed, but not a folder that holds messages.
    var isSelectable: Bool {
        !attributes.contains("\\noselect") && !attributes.contains("\\nonexistent")
    }
}

/// A parsed server response.
enum IMAPResponse: Equatable {
    case tagged(tag: String, IMAPCondition)
    case condition(IMAPCondition)
    case capability(Set<String>)
    case exists(UInt32)
    case recent(UInt32)
    case expunge(UInt32)
    case fetch(sequence: UInt32, IMAPFetchAttributes)
    case list(IMAPListEntry)
    case mailboxStatus(mailbox: String, values: [String: UInt64])
    case search([UInt32])
    case flags([String])
    case continuation(String)
    /// An untagged response panelmail does not use (ENABLED, ID, NAMESPACE, VANISHED, ...).
    case other(String)
}

struct IMAPParseError: Error, Equatable {
    var reason: String
    var line: String
}
