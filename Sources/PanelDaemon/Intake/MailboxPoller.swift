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
        /// Where the time went, for the log and the benchmark.
        public var fetching: Duration = .zero
        public var reading: Duration = .zero
        public var recording: Duration = .zero
        public var finishing: Duration = .zero
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
        // The next message is fetched (on the IMAP connection's own thread) while this one
        // is parsed and recorded, so the server and the parser work at the same time.
        var batch: [IncomingMessage] = []
        var batchBytes = 0
        var prefetch = new.first.map { first in Task { try await self.fetchRaw(first, uidValidity: listing.uidValidity) } }
        defer { prefetch?.cancel() }
        for (index, message) in new.enumerated() {
            guard let pending = prefetch else { break }
            let fetched: FetchedMessage
            do {
                fetched = try await pending.value
            } catch {
                prefetch = nil
                // Keep what is already in hand: record it before reporting the failure.
                if !batch.isEmpty { try await commit(batch, into: &summary) }
                throw error
            }
            summary.fetching += fetched.duration
            let stopping = shouldStop()
            prefetch = index + 1 < new.count && !stopping
                ? Task { [next = new[index + 1]] in try await self.fetchRaw(next, uidValidity: listing.uidValidity) }
                : nil
            // Commit before a message that would take the batch over its byte budget, so a
            // 30 MB message is never held together with 30 MB of others.
            if !batch.isEmpty && batchBytes + message.size > Self.batchByteBudget {
                try await commit(batch, into: &summary)
                batch.removeAll(keepingCapacity: true)
                batchBytes = 0
            }
            let readStart = ContinuousClock.now
            batch.append(read(fetched, uidValidity: listing.uidValidity))
            summary.reading += ContinuousClock.now - readStart
            batchBytes += message.size
            if batch.count >= config.batchSize {
                try await commit(batch, into: &summary)
                batch.removeAll(keepingCapacity: true)
                batchBytes = 0
            }
            if stopping { break }
        }
        if !batch.isEmpty { try await commit(batch, into: &summary) }
        return summary
    }

    /// Bytes of messages held in memory before they are committed.
    static let batchByteBudget = 16 * 1_048_576

    /// A message as fetched, before it is read.
    struct FetchedMessage: Sendable {
        var summary: MessageSummary
        var raw: [UInt8]
        /// Why it was not fetched, when it was not.
        var refused: String?
        var duration: Duration
    }

    private func fetchRaw(_ summary: MessageSummary, uidValidity: UInt32) async throws -> FetchedMessage {
        let limit = Self.fetchLimit(config)
        if summary.size > limit {
            return FetchedMessage(summary: summary, raw: [], refused: "the message is \(ByteSize(summary.size)), over the \(ByteSize(limit)) that panelmail fetches (limits.attachment_max_bytes plus encoding)", duration: .zero)
        }
        let started = ContinuousClock.now
        do {
            let raw = try await mailbox.fetch(uid: summary.uid, uidValidity: uidValidity, folder: config.inboxFolder, maxBytes: limit)
            return FetchedMessage(summary: summary, raw: raw, refused: nil, duration: ContinuousClock.now - started)
        } catch let error as MailTransportError where error.kind == .messageTooLarge {
            return FetchedMessage(summary: summary, raw: [], refused: "\(error)", duration: ContinuousClock.now - started)
        }
    }

    private func read(_ fetched: FetchedMessage, uidValidity: UInt32) -> IncomingMessage {
        let content: IncomingMessage.Content = fetched.refused.map { .unreadable(reason: $0) } ?? reader.read(fetched.raw)
        return IncomingMessage(
            folder: config.inboxFolder, uidValidity: uidValidity, uid: fetched.summary.uid, arrivedAt: fetched.summary.internalDate,
            raw: fetched.raw, content: content)
    }

    private func commit(_ batch: [IncomingMessage], into summary: inout Summary) async throws {
        let settings = IntakeSettings(timeZone: config.timeZone, attachmentLimit: config.attachmentLimit, recipientPolicy: RecipientPolicy(allowedDomains: config.allowedDomains))
        let timer = ContinuousClock()
        let started = timer.now
        let receipts = try database.recordIntake(batch, settings: settings, composer: composer, now: clock.now)
        summary.recording += timer.now - started
        for receipt in receipts { log(receipt) }
        summary.recorded += receipts.count
        summary.requests += receipts.filter { if case .newRequest = $0.outcome { true } else { false } }.count
        summary.attention += receipts.filter { $0.location.destination == .attention }.count
        let finishing = timer.now
        try await finishOnServer(receipts.map(\.location))
        summary.finishing += timer.now - finishing
    }

    /// Moves (or marks) the messages, then notes that in the database. The flags people
    /// see are otherwise untouched: fetching uses BODY.PEEK[], which never sets \Seen.
    private func finishOnServer(_ locations: [MailboxLocation]) async throws {
        let inbox = config.inboxFolder
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
