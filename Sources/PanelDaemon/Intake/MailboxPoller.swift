import Foundation
import Logging
import MailTransport
import PanelCore
import PanelStore

/// One poll of the panel mailbox: fetch what is new, commit it, and only then move it.
///
/// The order is what makes a crash harmless: a message is recorded (with its location)
/// in SQLite before anything changes on the server, and every poll first finishes the
/// server side of messages already recorded. State is kept per (UIDVALIDITY, UID), never
/// by `\Seen`, because people read the panel mailbox too.
public struct MailboxPoller: Sendable {
    let mailbox: any MailboxClient
    let database: AppDatabase
    let reader: MessageReader
    let composer: MailComposer
    let config: PanelConfig
    let clock: any PanelClock
    let logger: Logger

    public init(mailbox: any MailboxClient, database: AppDatabase, composer: MailComposer, config: PanelConfig, clock: any PanelClock, logger: Logger) {
        self.mailbox = mailbox
        self.database = database
        self.reader = MessageReader(parser: MIMEParser(limits: MIMELimits(maxMessageBytes: Self.fetchLimit(config))))
        self.composer = composer
        self.config = config
        self.clock = clock
        self.logger = logger
    }

    /// The largest message fetched: the attachment limit in base64, plus room for the rest.
    static func fetchLimit(_ config: PanelConfig) -> Int {
        config.attachmentLimit / 3 * 4 + config.attachmentLimit / 20 + 4 * 1_048_576
    }

    public struct Summary: Sendable, Equatable {
        public var recorded = 0
        public var requests = 0
        public var finishedFromEarlier = 0
        public var attention = 0
    }

    /// Creates the destination folders if they are missing.
    public func prepareFolders() async throws {
        if config.moveMessages { try await mailbox.ensureFolder(config.processedFolder) }
        try await mailbox.ensureFolder(config.attentionFolder)
    }

    /// Polls once. `shouldStop` is checked between messages: the message in hand is
    /// always committed and moved before returning.
    public func poll(shouldStop: @Sendable () -> Bool = { false }) async throws -> Summary {
        let inbox = config.inboxFolder
        let listing = try await mailbox.listMessages(in: inbox)
        let known = try database.locations(folder: inbox, uidValidity: listing.uidValidity)
        var summary = Summary()

        // Recorded before but not yet moved: a crash fell between commit and move.
        let unfinished = listing.messages.compactMap { message -> MailboxLocation? in
            guard let location = known[message.uid], !location.done else { return nil }
            return location
        }
        if !unfinished.isEmpty {
            logger.notice("finishing messages recorded by an earlier poll", metadata: ["count": "\(unfinished.count)"])
            try await finishOnServer(unfinished)
            summary.finishedFromEarlier = unfinished.count
        }

        // A message carrying our keyword was taken by an earlier panelmail (moves off), even
        // if this database does not know it: never take it twice.
        let keyword = config.processedKeyword.lowercased()
        let new = listing.messages
            .filter { known[$0.uid] == nil && !$0.flags.contains { $0.lowercased() == keyword } }
            .sorted { $0.uid < $1.uid }
        var batch: [IncomingMessage] = []
        var batchBytes = 0
        for message in new {
            if shouldStop() { break }
            batch.append(try await fetch(message, uidValidity: listing.uidValidity))
            batchBytes += message.size
            if batch.count >= config.batchSize || batchBytes >= 32 * 1_048_576 {
                try await commit(batch, into: &summary)
                batch.removeAll(keepingCapacity: true)
                batchBytes = 0
            }
        }
        if !batch.isEmpty { try await commit(batch, into: &summary) }
        return summary
    }

    private func fetch(_ summary: MessageSummary, uidValidity: UInt32) async throws -> IncomingMessage {
        let limit = Self.fetchLimit(config)
        let wasUnseen = !summary.flags.contains("\\Seen")
        func unreadable(_ reason: String, raw: [UInt8] = []) -> IncomingMessage {
            IncomingMessage(folder: config.inboxFolder, uidValidity: uidValidity, uid: summary.uid, arrivedAt: summary.internalDate, wasUnseen: wasUnseen, raw: raw, content: .unreadable(reason: reason))
        }
        if summary.size > limit {
            return unreadable("the message is \(ByteSize(summary.size)), over the \(ByteSize(limit)) that panelmail fetches (limits.attachment_max_bytes plus encoding)")
        }
        let raw: [UInt8]
        do {
            raw = try await mailbox.fetch(uid: summary.uid, uidValidity: uidValidity, folder: config.inboxFolder, maxBytes: limit)
        } catch let error as MailTransportError where error.kind == .messageTooLarge {
            return unreadable("\(error)")
        }
        return IncomingMessage(folder: config.inboxFolder, uidValidity: uidValidity, uid: summary.uid, arrivedAt: summary.internalDate, wasUnseen: wasUnseen, raw: raw, content: reader.read(raw))
    }

    private func commit(_ batch: [IncomingMessage], into summary: inout Summary) async throws {
        let settings = IntakeSettings(timeZone: config.timeZone, attachmentLimit: config.attachmentLimit, recipientPolicy: RecipientPolicy(allowedDomains: config.allowedDomains))
        let receipts = try database.recordIntake(batch, settings: settings, composer: composer, now: clock.now)
        for receipt in receipts { log(receipt) }
        summary.recorded += receipts.count
        summary.requests += receipts.filter { if case .newRequest = $0.outcome { true } else { false } }.count
        summary.attention += receipts.filter { $0.location.destination == .attention }.count
        try await finishOnServer(receipts.map(\.location))
    }

    /// Restores `\Seen` where fetching set it, then moves (or marks) the messages, then
    /// notes that in the database.
    private func finishOnServer(_ locations: [MailboxLocation]) async throws {
        let inbox = config.inboxFolder
        let unseen = locations.filter(\.restoreUnseen).map { UInt32($0.uid) }
        if !unseen.isEmpty { try await mailbox.removeFlags(["\\Seen"], uids: unseen, folder: inbox) }
        let attention = locations.filter { $0.destination == .attention }.map { UInt32($0.uid) }
        let processed = locations.filter { $0.destination == .processed }.map { UInt32($0.uid) }
        if !attention.isEmpty { try await mailbox.move(uids: attention, from: inbox, to: config.attentionFolder) }
        if !processed.isEmpty {
            if config.moveMessages {
                try await mailbox.move(uids: processed, from: inbox, to: config.processedFolder)
            } else {
                try await mailbox.addFlags([config.processedKeyword], uids: processed, folder: inbox)
            }
        }
        try database.markLocationsDone(locations.compactMap(\.id))
    }

    private func log(_ receipt: IntakeReceipt) {
        var metadata: Logger.Metadata = ["uid": "\(receipt.location.uid)", "uidvalidity": "\(receipt.location.uidValidity)"]
        if !receipt.queued.isEmpty { metadata["queued"] = "\(receipt.queued.count)" }
        if !receipt.held.isEmpty { metadata["held"] = "\(receipt.held.count)" }
        switch receipt.outcome {
        case .newRequest(let reference):
            metadata["reference"] = "\(reference)"
            logger.info("new request recorded", metadata: metadata)
        case .correspondence(let reference, let via):
            metadata["reference"] = "\(reference)"
            metadata["matched_by"] = "\(via)"
            logger.info("correspondence recorded against request", metadata: metadata)
        case .automatic(let reason):
            metadata["reason"] = "\(reason)"
            logger.info("automatic mail recorded, not answered", metadata: metadata)
        case .bounce(let matched, let reason):
            metadata["reason"] = "\(reason)"
            metadata["matched_outbox"] = "\(matched)"
            logger.warning("delivery failure report received", metadata: metadata)
        case .duplicate(let of):
            metadata["duplicate_of"] = "\(of)"
            logger.info("duplicate message: already recorded", metadata: metadata)
        case .needsAttention(let reason):
            metadata["reason"] = "\(reason)"
            logger.error("message needs attention", metadata: metadata)
        case .alreadyRecorded:
            logger.info("message already recorded", metadata: metadata)
        }
        if !receipt.held.isEmpty {
            logger.warning("email held: recipient outside outbox.allowed_domains (see panelmail outbox list --status held)", metadata: metadata)
        }
    }
}
