import Foundation
import Logging
import PanelCore
import PanelStore
import ServiceLifecycle

/// Sends the outbox until a graceful shutdown: whatever is due, then sleeps until the
/// next row falls due or intake signals new mail (at most `idle`).
public struct OutboxService: Service {
    let sender: OutboxSender
    let database: AppDatabase
    let clock: any PanelClock
    let wakeups: AsyncStream<Void>
    let idle: Duration
    let logger: Logger

    public init(sender: OutboxSender, database: AppDatabase, clock: any PanelClock, wakeups: AsyncStream<Void>, idle: Duration = .seconds(5), logger: Logger) {
        self.sender = sender
        self.database = database
        self.clock = clock
        self.wakeups = wakeups
        self.idle = idle
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let summary = try await sender.sendDue(shouldStop: { Task.isShuttingDownGracefully })
                if summary.sent + summary.failed + summary.retrying > 0 {
                    logger.info("outbox round done", metadata: ["sent": "\(summary.sent)", "retrying": "\(summary.retrying)", "failed": "\(summary.failed)"])
                }
            } catch {
                logger.error("outbox round failed; will try again", metadata: ["error": "\(error)"])
            }
            var wait = idle.seconds
            if let next = try? database.nextOutboxDue() {
                wait = min(wait, max(0.2, next.timeIntervalSince(clock.now)))
            }
            let stream = wakeups
            let pause = Duration.milliseconds(Int64(wait * 1000))
            try? await cancelWhenGracefulShutdown {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await Task.sleep(for: pause) }
                    group.addTask { for await _ in stream { return } }
                    _ = try await group.next()
                    group.cancelAll()
                }
            }
        }
        logger.info("outbox sender stopped")
    }
}
