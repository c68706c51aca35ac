import Foundation

/// A notice that has fallen due: what it is about, who gets it, when it was meant for, and
/// the key that lets the daemon send it exactly once.
///
/// The key depends only on the request (or sitting) and the moment the notice was meant
/// for, never on when panelmail happened to run, so the same notice computed again after a
/// crash and restart has the same key: store it with a unique constraint in the outbox.
public struct DueNotice: Hashable, Sendable, CustomStringConvertible {
    public let kind: NoticeKind
    /// E.g. "urgent-reminder:ARP-2026-00042:v3:2026-09-07".
    public let key: String
    /// The moment the notice belonged to: 15:00 for the urgent reminder, the deadline for the agenda.
    public let meantFor: Date
    public let meantForLocal: LocalDateTime
    /// How long after `meantFor` the run that found it took place: near zero while the
    /// daemon runs, hours when it was stopped. Templates may say "this was due at 15:00".
    public let lateBy: Duration
    /// In a stable order, each address once.
    public let recipients: [NoticeRecipient]

    public init(kind: NoticeKind, key: String, meantFor: Date, meantForLocal: LocalDateTime, lateBy: Duration, recipients: [NoticeRecipient]) {
        self.kind = kind
        self.key = key
        self.meantFor = meantFor
        self.meantForLocal = meantForLocal
        self.lateBy = lateBy
        var seen: Set<String> = []
        self.recipients = recipients.filter { seen.insert($0.address.address.lowercased()).inserted }
    }

    /// The addresses to write to.
    public var addresses: [EmailAddress] { recipients.map(\.address) }

    /// Whether the notice goes out more than `tolerance` after its moment (the daemon was stopped).
    public func isLate(beyond tolerance: Duration) -> Bool { lateBy > tolerance }

    /// `urgent-reminder:ARP-2026-00042:v3:2026-09-07 for 2026-09-07 15:00`, for logs: no personal data.
    public var description: String { "\(key) for \(meantForLocal)" }
}
