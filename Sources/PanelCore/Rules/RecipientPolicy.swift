/// Where panelmail may send case details: only to addresses in the configured domains
/// (by default the panel mailbox's own). Anything else is held for a person to look at.
public struct RecipientPolicy: Sendable, Equatable {
    public let allowedDomains: Set<String>

    public init(allowedDomains: some Sequence<String>) {
        self.allowedDomains = Set(allowedDomains.map { $0.lowercased().trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    }

    /// The reason to hold a message for these recipients, or nil when all are allowed.
    /// Subdomains are not implied: list `social.council.test` to allow it.
    public func holdReason(for recipients: [String]) -> String? {
        let refused = recipients.filter { !isAllowed($0) }
        guard !refused.isEmpty else { return nil }
        let domains = refused.map { Self.domain(of: $0) ?? "(no domain)" }
        let unique = Array(Set(domains)).sorted()
        return "recipient domain \(unique.joined(separator: ", ")) is not in outbox.allowed_domains (\(allowedDomains.sorted().joined(separator: ", ")))"
    }

    public func isAllowed(_ address: String) -> Bool {
        guard let domain = Self.domain(of: address) else { return false }
        return allowedDomains.contains(domain)
    }

    static func domain(of address: String) -> String? {
        guard let at = address.lastIndex(of: "@") else { return nil }
        let domain = address[address.index(after: at)...].lowercased()
        return domain.isEmpty ? nil : domain
    }
}

import Foundation
