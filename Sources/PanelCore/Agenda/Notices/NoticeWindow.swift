import Foundation

/// The stretch of time one run covers: after the last run, up to and including now.
struct NoticeWindow: Sendable {
    let lastRun: Date
    let now: Date

    /// lastRun < moment <= now: a moment at exactly `lastRun` belonged to the previous run.
    func contains(_ moment: Date) -> Bool { lastRun < moment && moment <= now }

    func notice(_ kind: NoticeKind, key: String, meantFor: Date, local: LocalDateTime, recipients: [NoticeRecipient]) -> DueNotice {
        DueNotice(kind: kind, key: key, meantFor: meantFor, meantForLocal: local,
                  lateBy: .seconds(max(0, now.timeIntervalSince(meantFor))), recipients: recipients)
    }
}
