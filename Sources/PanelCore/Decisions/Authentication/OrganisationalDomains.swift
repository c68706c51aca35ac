/// Relaxed domain alignment (RFC 7489 section 3.1): two domains are aligned when
/// they are the same, or share an organisational domain, so `mail.council.gov.uk`
/// is aligned with `council.gov.uk` and `bounces.council.gov.uk`, but `council.gov.uk`
/// is not aligned with `other.gov.uk`.
///
/// Kept simple and offline: the organisational domain is the public suffix plus one
/// label, where the public suffix is the longest entry of `publicSuffixes` the
/// domain ends with (an entry `*.sch.uk` makes any `x.sch.uk` public), or else the
/// last label. The standard list holds the UK second levels and a few common
/// others; a council whose correspondents use other multi-label suffixes adds them
/// in config rather than shipping the whole Public Suffix List.
public struct OrganisationalDomains: Hashable, Sendable {
    /// Multi-label public suffixes, lower-cased: `gov.uk`, `*.sch.uk`.
    public let publicSuffixes: Set<String>

    public init(publicSuffixes: Set<String>) {
        self.publicSuffixes = Set(publicSuffixes.map { $0.lowercased() })
    }

    /// UK second-level suffixes and a few common others.
    public static let standard = OrganisationalDomains(publicSuffixes: [
        "ac.uk", "co.uk", "gov.uk", "ltd.uk", "me.uk", "mod.uk", "net.uk", "nhs.uk", "org.uk", "plc.uk",
        "police.uk", "*.sch.uk", "parliament.uk",
        "com.au", "net.au", "org.au", "gov.au", "edu.au", "co.nz", "org.nz", "govt.nz", "co.za", "org.za",
        "co.in", "gov.in", "co.jp", "com.br",
    ])

    /// `council.gov.uk` for `mail.council.gov.uk`; `example.com` for `a.b.example.com`.
    public func organisationalDomain(of domain: String) -> String {
        let labels = Self.labels(domain)
        guard labels.count > 1 else { return labels.joined(separator: ".") }
        var suffixLength = 1
        for k in stride(from: labels.count - 1, through: 2, by: -1) {
            let suffix = labels[(labels.count - k)...].joined(separator: ".")
            let wildcard = "*." + labels[(labels.count - k + 1)...].joined(separator: ".")
            if publicSuffixes.contains(suffix) || publicSuffixes.contains(wildcard) {
                suffixLength = k
                break
            }
        }
        return labels.suffix(min(labels.count, suffixLength + 1)).joined(separator: ".")
    }

    /// True when `a` and `b` are the same domain or share an organisational domain.
    public func areAligned(_ a: String, _ b: String) -> Bool {
        let left = Self.labels(a).joined(separator: ".")
        let right = Self.labels(b).joined(separator: ".")
        guard !left.isEmpty, !right.isEmpty else { return false }
        return left == right || organisationalDomain(of: left) == organisationalDomain(of: right)
    }

    private static func labels(_ domain: String) -> [Substring] {
        domain.lowercased().split(separator: ".", omittingEmptySubsequences: true)
    }
}
