import Foundation

/// How the outbox treats a failed delivery: try again later, or give up and say why.
///
/// Transient failures (connection errors, timeouts, SMTP 4xx) back off exponentially from
/// `initialDelay`, capped at `maximumDelay`, until the message has been failing for
/// `giveUpAfter`. Permanent failures (SMTP 5xx, a refused recipient) are final at once.
public struct RetryPolicy: Sendable, Equatable {
    public var initialDelay: Duration
    public var maximumDelay: Duration
    public var giveUpAfter: Duration

    public init(initialDelay: Duration = .seconds(30), maximumDelay: Duration = .seconds(3600), giveUpAfter: Duration = .seconds(2 * 86_400)) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.giveUpAfter = giveUpAfter
    }

    public enum FailureKind: Sendable, Equatable {
        case transient
        case permanent
    }

    public enum Verdict: Sendable, Equatable {
        case retry(at: Date)
        case giveUp(reason: String)
    }

    /// - Parameters:
    ///   - attempts: attempts made so far, including the one that just failed (1 after the first).
    ///   - firstAttempt: when delivery was first tried.
    public func verdict(after kind: FailureKind, attempts: Int, firstAttempt: Date, now: Date, reason: String) -> Verdict {
        switch kind {
        case .permanent:
            return .giveUp(reason: reason)
        case .transient:
            let elapsed = now.timeIntervalSince(firstAttempt)
            if elapsed >= giveUpAfter.seconds {
                return .giveUp(reason: "still failing after \(Self.describe(elapsed)): \(reason)")
            }
            return .retry(at: now.addingTimeInterval(delay(afterAttempts: attempts).seconds))
        }
    }

    /// The wait before the next try: initial × 2^(attempts-1), capped.
    public func delay(afterAttempts attempts: Int) -> Duration {
        let exponent = min(max(attempts - 1, 0), 30)
        let seconds = initialDelay.seconds * pow(2.0, Double(exponent))
        return .milliseconds(Int64(min(seconds, maximumDelay.seconds) * 1000))
    }

    static func describe(_ interval: TimeInterval) -> String {
        let minutes = Int(interval / 60)
        if minutes < 120 { return "\(minutes) minutes" }
        let hours = minutes / 60
        if hours < 48 { return "\(hours) hours" }
        return "\(hours / 24) days"
    }
}

extension Duration {
    /// The duration in seconds, as a `TimeInterval`.
    public var seconds: TimeInterval {
        let (s, attoseconds) = components
        return TimeInterval(s) + TimeInterval(attoseconds) / 1e18
    }
}
