import Foundation
import Logging
import MailTransport
import PanelCore
import PanelStore
import ServiceLifecycle

/// Builds panelmail from its configuration: the one place components are wired.
public struct PanelApplication: Sendable {
    public let config: PanelConfig
    public let database: AppDatabase
    public let templates: TemplateRenderer
    public let clock: any PanelClock
    public let logger: Logger

    public init(config: PanelConfig, clock: any PanelClock = SystemClock(), logger: Logger) async throws {
        self.config = config
        self.clock = clock
        self.logger = logger
        self.templates = try await TemplateRenderer(directory: config.templatesDirectory)
        self.database = try AppDatabase.open(path: config.databasePath)
    }

    public func makeMailbox() -> IMAPMailbox {
        IMAPMailbox(endpoint: Self.endpoint(config.imap), logger: logger)
    }

    public func makeSender() -> SMTPSender {
        SMTPSender(endpoint: Self.endpoint(config.smtp), heloName: config.panelDomain, logger: logger)
    }

    public func makePoller(mailbox: any MailboxClient) -> MailboxPoller {
        MailboxPoller(mailbox: mailbox, database: database, composer: MailComposer(templates: templates, config: config, clock: clock), config: config, clock: clock, logger: logger)
    }

    public func makeOutboxSender(sender: any MailSending) -> OutboxSender {
        OutboxSender(sender: sender, database: database, retry: config.retry, clock: clock, logger: logger)
    }

    /// The daemon: intake and outbox as services, stopped gracefully by SIGTERM or SIGINT.
    public func run() async throws {
        let mailbox = makeMailbox()
        let (wakeups, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let intake = IntakeService(poller: makePoller(mailbox: mailbox), interval: config.pollInterval, logger: logger, afterPoll: { continuation.yield() })
        let smtp = makeSender()
        let outbox = OutboxService(sender: makeOutboxSender(sender: smtp), database: database, clock: clock, wakeups: wakeups, logger: logger)
        let group = ServiceGroup(services: [intake, outbox], gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [], logger: logger)
        logger.info("panelmail started", metadata: ["mailbox": "\(config.imap.host):\(config.imap.port)/\(config.inboxFolder)", "poll_interval": "\(config.pollInterval)"])
        try await group.run()
        continuation.finish()
        await mailbox.logout()
        await smtp.close()
        logger.info("panelmail stopped")
    }

    /// One poll and one outbox round, then return.
    public func once(sendOutbox: Bool = true) async throws -> (MailboxPoller.Summary, OutboxSender.Summary) {
        let mailbox = makeMailbox()
        let poller = makePoller(mailbox: mailbox)
        try await poller.prepareFolders()
        let intake = try await poller.poll()
        await mailbox.logout()
        var outbox = OutboxSender.Summary()
        if sendOutbox {
            let smtp = makeSender()
            outbox = try await makeOutboxSender(sender: smtp).sendDue()
            await smtp.close()
        }
        return (intake, outbox)
    }

    public static func endpoint(_ server: PanelConfig.Server) -> MailServerEndpoint {
        let security: MailServerEndpoint.Security = switch server.security {
        case .tls: .implicitTLS
        case .starttls: .startTLS
        case .plain: .plain
        }
        let credential: MailCredential = switch server.credential {
        case .password(let password): .password(password)
        case .oauth2BearerFile(let path): .oauth2BearerFile(path: path)
        }
        return MailServerEndpoint(host: server.host, port: server.port, security: security, caFile: server.caFile, username: server.username, credential: credential)
    }
}
