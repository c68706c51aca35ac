import Foundation
import Logging
import PanelCore
import ServiceLifecycle

/// Polls the panel mailbox every `interval` until a graceful shutdown. A shutdown lets
/// the message in hand be committed and moved; the sleep between polls is cut short.
public struct IntakeService: Service {
    let poller: MailboxPoller
    let interval: Duration
    let afterPoll: @Sendable () -> Void
    let logger: Logger

    public init(poller: MailboxPoller, interval: Duration, logger: Logger, afterPoll: @escaping @Sendable () -> Void = {}) {
        self.poller = poller
        self.interval = interval
        self.logger = logger
        self.afterPoll = afterPoll
    }

    public func run() async throws {
        var failures = 0
        var prepared = false
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                if !prepared {
                    try await poller.prepareFolders()
                    prepared = true
                }
                let summary = try await poller.poll(shouldStop: { Task.isShuttingDownGracefully })
                if summary.recorded > 0 || summary.finishedFromEarlier > 0 {
                    logger.info("poll done", metadata: ["recorded": "\(summary.recorded)", "requests": "\(summary.requests)", "attention": "\(summary.attention)", "finished_from_earlier": "\(summary.finishedFromEarlier)"])
                    afterPoll()
                }
                failures = 0
            } catch {
                failures += 1
                logger.error("poll failed; will try again", metadata: ["error": "\(error)", "consecutive_failures": "\(failures)"])
            }
            // Back off while the server is failing: 1, 2, 4 ... intervals, at most 5 minutes.
            let factor = Double(1 << min(failures, 5))
            let wait = min(interval.seconds * factor, max(interval.seconds, 300))
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(Int64(wait * 1000))) }
        }
        logger.info("intake stopped")
    }
}
