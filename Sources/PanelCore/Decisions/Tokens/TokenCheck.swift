/// What checking the decision tokens of a reply found, best first.
public enum TokenCheck: Hashable, Sendable, CustomStringConvertible {
    /// Made by us for this request at its current version (or for an agenda that
    /// lists it at its current version).
    case valid
    /// Made by us for this request, but for another version: the request changed
    /// after the email was sent (or, if higher, the store went back in time).
    case stale(tokenVersion: Int, currentVersion: Int)
    /// Made by us, for a different request.
    case anotherRequest(RequestReference)
    /// A genuine agenda token whose agenda does not list this request.
    case notOnAgenda(agendaNumber: UInt32)
    /// Not made with our key (or made for an agenda we cannot find): forged, mistyped
    /// or from another system.
    case wrong
    /// The reply carries no token at all.
    case missing

    /// Lower is better; picks the most useful finding among several tokens.
    var rank: Int {
        switch self {
        case .valid: return 0
        case .stale: return 1
        case .anotherRequest: return 2
        case .notOnAgenda: return 3
        case .wrong: return 4
        case .missing: return 5
        }
    }

    /// True only for `.valid`.
    public var isValid: Bool { self == .valid }

    /// For logs: no personal data.
    public var description: String {
        switch self {
        case .valid: return "valid"
        case .stale(let token, let current): return "stale (token v\(token), request v\(current))"
        case .anotherRequest(let reference): return "for \(reference)"
        case .notOnAgenda(let number): return "agenda \(number) does not list the request"
        case .wrong: return "wrong"
        case .missing: return "missing"
        }
    }
}
