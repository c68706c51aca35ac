/// Why a piece of sender evidence did not pass, or a header that was ignored.
///
/// Descriptions name domains and servers, never a person's address, so they can
/// be logged and shown to the sender and the administrator alike.
public enum AuthenticationProblem: Error, Hashable, Sendable, CustomStringConvertible {
    case noFrom
    case severalFromAddresses(count: Int)
    /// No `Received` field at all: the message did not come through a mail server.
    case noReceivedHeader(expected: [HostPattern])
    /// The topmost `Received` field is by another host (nil: it names none).
    case notReceivedByConfiguredServer(topmostBy: String?, expected: [HostPattern])
    /// No results header from the configured server in a trusted position.
    case noResults(authservID: String?)
    /// Results headers with our authserv-id written outside: may be forged.
    case resultsBelowForeignReceived(count: Int)
    /// Results headers just below the receipt, ignored because the server's own
    /// results stand above it: they came with the message.
    case resultsBelowReceipt(count: Int)
    /// A method that did not pass: `dmarc=fail for council.gov.uk`, `dkim=none`.
    case methodResult(method: String, result: String, domain: String?)
    /// A pass for a domain not aligned with the From domain.
    case notAligned(method: String, domain: String, fromDomain: String)
    /// Results from the server, but none about the From domain's DMARC, DKIM or SPF.
    case nothingAboutFromDomain(fromDomain: String)
    case noInternalMarker(field: String)
    case internalMarkerValue(field: String, value: String, expected: String)
    case internalMarkerRepeated(field: String, count: Int)
    /// The marker was written outside, so the sender may have added it.
    case internalMarkerOutside(field: String)
    /// The marker's source field is missing, repeated or names another host.
    case internalMarkerSource(field: String, value: String?)
    /// The internal marker is there, but the From domain is not the organisation's.
    case notAnInternalDomain(domain: String)

    public var description: String {
        switch self {
        case .noFrom:
            return "the message has no From address"
        case .severalFromAddresses(let count):
            return "the message has \(count) From addresses; a decision must come from one person"
        case .noReceivedHeader(let expected):
            return "the message has no Received header, so it did not arrive through \(Self.hosts(expected))"
        case .notReceivedByConfiguredServer(let by, let expected):
            return "the topmost Received header is by \(by ?? "an unnamed host"), not \(Self.hosts(expected)): the message did not arrive through the configured server, or the receiving hosts are set wrongly"
        case .noResults(let id):
            return "no Authentication-Results from \(id ?? "the receiving server (without an authserv-id)")"
        case .resultsBelowForeignReceived(let count):
            return count == 1 ? "results header below a foreign Received header ignored"
                : "\(count) results headers below a foreign Received header ignored"
        case .resultsBelowReceipt(let count):
            return count == 1 ? "results header below the receiving server's Received header ignored (it came with the message)"
                : "\(count) results headers below the receiving server's Received header ignored (they came with the message)"
        case .methodResult(let method, let result, let domain):
            return domain.map { "\(method)=\(result) for \($0)" } ?? "\(method)=\(result)"
        case .notAligned(let method, let domain, let fromDomain):
            return "\(method)=pass for \(domain), which is not aligned with the From domain \(fromDomain)"
        case .nothingAboutFromDomain(let domain):
            return "the Authentication-Results say nothing that passes for \(domain)"
        case .noInternalMarker(let field):
            return "no \(field) header"
        case .internalMarkerValue(let field, let value, let expected):
            return "\(field) is \(value), not \(expected)"
        case .internalMarkerRepeated(let field, let count):
            return "\(field) appears \(count) times, so it is not trusted"
        case .internalMarkerOutside(let field):
            return "\(field) below a foreign Received header ignored"
        case .internalMarkerSource(let field, let value):
            return value.map { "\(field) names \($0), not a receiving host" } ?? "no single \(field) header"
        case .notAnInternalDomain(let domain):
            return "\(domain) is not one of the organisation's mail domains"
        }
    }

    private static func hosts(_ hosts: [HostPattern]) -> String {
        hosts.isEmpty ? "any configured host (none is configured)" : FormText.list(hosts.map(\.pattern), conjunction: "or")
    }
}
