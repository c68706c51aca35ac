import Foundation

/// Finds the decision tokens a reply carries, wherever mail clients leave them:
///
/// - the plus-address detail of any To, Cc or Delivered-To address whose local part
///   is the panel's local part and "+" (`panel+TOKEN@…`, any case, any domain: the
///   token itself is the proof, and routing domains differ from the public one);
/// - a `[#TOKEN]` tag in the subject, for clients and gateways that drop the
///   plus-address when replying.
///
/// Only syntactically valid tokens are returned, each once, in that order; whether
/// one is genuine is for `DecisionTokenSigner`.
public struct DecisionTokenFinder: Sendable {
    /// The panel mailbox's local part, lower-cased ("resource.panel").
    public let panelLocalPart: String

    public init(panel: EmailAddress) {
        self.panelLocalPart = panel.localPart.lowercased()
    }

    /// The address fields searched, in order.
    public static let addressFields = ["To", "Cc", "Delivered-To"]

    /// Every distinct token in the address fields, then in the subject.
    public func tokens(in headers: MIMEHeaders) -> [DecisionToken] {
        var found: [DecisionToken] = []
        for name in Self.addressFields {
            for field in headers.all(name) {
                for address in AddressParser.parseList(field.unfoldedValue) {
                    if let token = token(inAddress: address) { found.append(token) }
                }
            }
        }
        found += Self.tokens(inSubject: headers.first("Subject") ?? "")
        var seen: Set<DecisionToken> = []
        return found.filter { seen.insert($0).inserted }
    }

    /// The token in `panel+TOKEN@domain`, or nil.
    public func token(inAddress address: EmailAddress) -> DecisionToken? {
        let local = address.localPart.lowercased()
        let prefix = panelLocalPart + "+"
        guard local.hasPrefix(prefix) else { return nil }
        return DecisionToken(local.dropFirst(prefix.count))
    }

    /// Every `[#TOKEN]` tag in a subject, in order.
    public static func tokens(inSubject subject: String) -> [DecisionToken] {
        var found: [DecisionToken] = []
        var rest = subject[...]
        while let open = rest.range(of: "[#") {
            let after = rest[open.upperBound...]
            guard let close = after.firstIndex(of: "]") else { break }
            if let token = DecisionToken(after[..<close]) { found.append(token) }
            rest = after
        }
        return found
    }
}
