import Foundation
import Logging
import MailTransport
import PanelCore
import PanelStore

/// Delivers the outbox over SMTP: what is due, oldest first, retrying transient failures
/// with growing back-off and giving up on permanent ones with the reason stored. The
/// bytes (and so the Message-ID) never change between attempts.
public struct OutboxSender: Sendable {
    let sender: any MailSending
    let database: AppDatabase
    let retry: RetryPolicy
    let clock: any PanelClock
    let logger: Logger

    public init(sender: any MailSending, database: AppDatabase, retry: RetryPolicy, clock: any PanelClock, logger: Logger) {
        self.sender = sender
        self.database = database
        self.retry = retry
        self.clock = clock
        self.logger = logger
    }

    public struct Summary: Sendable, Equatable {
        public var sent = 0
        public var retrying = 0
        public var failed = 0
        /// The connection itself failed: the rest of this round was left for later.
        public var serverUnavailable = false
    }

    /// Sends everything due now. Stops early when the server is unreachable, since every
    /// other message would fail the same way.
    public func sendDue(shouldStop: @Sendable () -> Bool = { false }) async throws -> Summary {
        var summary = Summary()
        while !shouldStop() {
            let due = try database.dueOutbox(now: clock.now, limit: 50)
            if due.isEmpty { break }
            for message in due {
                if shouldStop() { return summary }
                let outcome = await deliver(message)
                switch outcome {
                case .sent: summary.sent += 1
                case .retry: summary.retrying += 1
                case .failed: summary.failed += 1
                case .serverUnavailable:
                    summary.retrying += 1
                    summary.serverUnavailable = true
                    return summary
                }
            }
        }
        return summary
    }

    enum Outcome { case sent, retry, failed, serverUnavailable }

    /// Permanent: the server refused this message for good (5xx, a refused or invalid
    /// recipient). Everything else (no connection, 4xx, a failed login or TLS handshake
    /// that an operator can fix) is retried, so nothing is lost to a passing outage.
    static func failureKind(_ error: MailTransportError) -> RetryPolicy.FailureKind {
        switch error.kind {
        case .transient, .authentication, .tls: .transient
        default: .permanent
        }
    }

    /// Failures that say nothing about this message: the rest of the round would fail alike.
    static func affectsEveryMessage(_ error: MailTransportError) -> Bool {
        switch error.kind {
        case .authentication, .tls: true
        case .transient: error.smtpReplyCode == nil
        default: false
        }
    }

    func deliver(_ message: OutboxMessage) async -> Outcome {
        guard let id = message.id else { return .failed }
        let metadata: Logger.Metadata = ["outbox_id": "\(id)", "purpose": "\(message.purpose)", "message_id": "\(message.messageIDHeader)", "attempt": "\(message.attempts + 1)"]
        do {
            let delivery = try await sender.send(from: message.envelopeFrom, recipients: message.recipientList, message: [UInt8](message.message))
            try database.markSent(id, reply: "\(delivery.replyCode) \(delivery.replyText)", at: clock.now)
            logger.info("email sent", metadata: metadata)
            return .sent
        } catch let error as MailTransportError {
            let now = clock.now
            let verdict = retry.verdict(after: Self.failureKind(error), attempts: message.attempts + 1, firstAttempt: message.firstAttemptAt ?? now, now: now, reason: error.description)
            do {
                switch verdict {
                case .retry(let next):
                    try database.markRetry(id, next: next, reason: error.description, at: now)
                    logger.warning("email not sent, will retry", metadata: metadata.merging(["error": "\(error)", "next_attempt": "\(next)"]) { $1 })
                    return Self.affectsEveryMessage(error) ? .serverUnavailable : .retry
                case .giveUp(let reason):
                    try database.markFailed(id, reason: reason, at: now)
                    logger.error("email not sent, given up", metadata: metadata.merging(["error": "\(reason)"]) { $1 })
                    return .failed
                }
            } catch {
                logger.error("cannot record the outcome of a delivery attempt", metadata: metadata.merging(["error": "\(error)"]) { $1 })
                return .serverUnavailable
            }
        } catch {
            logger.error("unexpected error while sending", metadata: metadata.merging(["error": "\(error)"]) { $1 })
            try? database.markRetry(id, next: clock.now.addingTimeInterval(retry.delay(afterAttempts: message.attempts + 1).seconds), reason: "\(error)", at: clock.now)
            return .retry
        }
    }
}
