import Foundation
import Logging
import Synchronization
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
        self.reader = MessageReader(
            parser: MIMEParser(limits: MIMELimits(maxMessageBytes: Self.fetchLimit(config))),
            forms: FormParser(schema: config.formSchema),
            decisions: config.panelDesk == nil ? nil : EmailAddress(config.panelAddress, name: nil).map {
                DecisionReader(panel: $0, authentication: config.senderAuthentication)
            })
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
        /// Timed notices queued (reminders, late decisions).
        public var notices = 0
        /// Where the time went, for the log and the benchmark: waiting for the server
        /// (and for parsing, which runs alongside), parsing, writing to disk and the
        /// database, moving on the server.
        public var fetching: Duration = .zero
        public var reading: Duration = .zero
        public var recording: Duration = .zero
        public var finishing: Duration = .zero

        mutating func add(_ other: Summary) {
            recorded += other.recorded
            requests += other.requests
            finishedFromEarlier += other.finishedFromEarlier
            attention += other.attention
            notices += other.notices
            fetching += other.fetching
            reading += other.reading
            recording += other.recording
            finishing += other.finishing
        }
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
        // Messages are fetched ahead (on the IMAP connection's own thread) while earlier
        // ones are parsed and recorded, so the server, the parser and the database work at
        // the same time. The window is bounded in messages and bytes.
        var batch: [IncomingMessage] = []
        var batchBytes = 0
        // The batch's raw bytes go to its pack as each message is read, so a batch
        // waiting for its commit holds none; the pack is made durable before the commit.
        var batchPack: RawMessageStore.OpenPack?
        // Each task fetches a message and then parses it, off this task, so parsing runs on
        // the other core while this one writes the previous batch.
        var window: [(summary: MessageSummary, task: Task<(IncomingMessage, Duration), any Error>)] = []
        var windowBytes = 0
        var next = 0
        var stopping = false
        // The previous batch is written and moved while the next one is read. Batches are
        // committed strictly in order: each waits for the one before it.
        var committing: (task: Task<Summary, any Error>, bytes: Int)?
        defer { for entry in window { entry.task.cancel() } }

        /// Fetches ahead while memory allows. A large message counts for what its skeleton
        /// holds: its bytes go to disk as they arrive (see `spoolThreshold`). Small
        /// messages are fetched in groups, one round trip each (see `fetchGroupSize`); a
        /// group is started only when the window has room for a whole one, so groups stay
        /// whole while the window drains a message at a time.
        func fill() {
            while !stopping && next < new.count
                && Self.prefetchCount - window.count >= min(Self.fetchGroupSize, new.count - next) {
                let first = next
                var members: [MessageSummary] = []
                while next < new.count && members.count < Self.fetchGroupSize {
                    let message = new[next]
                    let held = windowBytes + batchBytes + (committing?.bytes ?? 0)
                    let size = Self.heldBytes(message)
                    guard held + size <= 2 * Self.batchByteBudget || held == 0 else { break }
                    guard fetchesInGroup(message) else {
                        // Fetched on its own, streamed or refused; it ends the group.
                        if members.isEmpty {
                            window.append((message, readTask(message, group: nil)))
                            windowBytes += size
                            next += 1
                        }
                        break
                    }
                    members.append(message)
                    windowBytes += size
                    next += 1
                }
                if members.isEmpty {
                    // A message to fetch alone went in, or the budget is spent.
                    if next > first { continue }
                    return
                }
                let group = members.count == 1 ? nil : fetchGroup(members, uidValidity: listing.uidValidity)
                for message in members { window.append((message, readTask(message, group: group))) }
            }
        }
        func fetchesInGroup(_ message: MessageSummary) -> Bool {
            message.size <= Self.spoolThreshold && message.size <= Self.fetchLimit(config)
        }
        func readTask(_ message: MessageSummary, group: Task<FetchGroup, any Error>?) -> Task<(IncomingMessage, Duration), any Error> {
            Task {
                let fetched = try await self.fetchRaw(message, uidValidity: listing.uidValidity, from: group)
                let started = ContinuousClock.now
                let incoming = self.read(fetched, uidValidity: listing.uidValidity)
                return (incoming, ContinuousClock.now - started)
            }
        }
        func awaitCommit() async throws {
            guard let current = committing else { return }
            committing = nil
            summary.add(try await current.task.value)
        }
        func startCommit() async throws {
            try await awaitCommit()
            guard !batch.isEmpty else { return }
            try batchPack?.finish()
            batchPack = nil
            let toCommit = batch
            committing = (Task { try await self.commit(toCommit) }, batchBytes)
            batch.removeAll(keepingCapacity: true)
            batchBytes = 0
        }

        do {
            while true {
                fill()
                if window.isEmpty {
                    guard !stopping, next < new.count else { break }
                    // The budget is spent: finish what is in hand first.
                    try await startCommit()
                    try await awaitCommit()
                    continue
                }
                let (message, task) = window.removeFirst()
                let size = Self.heldBytes(message)
                windowBytes -= size
                let waitStart = ContinuousClock.now
                let (incoming, parsing) = try await task.value
                summary.fetching += ContinuousClock.now - waitStart
                summary.reading += parsing
                stopping = stopping || shouldStop()
                // Never let the batch pass its budget.
                if !batch.isEmpty && batchBytes + size > Self.batchByteBudget {
                    try await startCommit()
                }
                batchBytes += size
                fill()  // counting the message in hand
                batch.append(try spool(incoming, into: &batchPack))
                if batch.count >= config.batchSize { try await startCommit() }
                if stopping { break }
            }
            try await startCommit()
            try await awaitCommit()
        } catch {
            // Record what is in hand before reporting the failure: nothing read is dropped.
            if let current = committing { _ = try? await current.task.value }
            committing = nil
            if !batch.isEmpty {
                try batchPack?.finish()
                summary.add(try await commit(batch))
            }
            throw error
        }
        summary.notices += try sendTimedNotices()
        return summary
    }

    /// Writes a message's raw bytes to the batch's pack (started on first use) and lets
    /// go of them in memory. A large message is in a pack of its own already.
    private func spool(_ incoming: IncomingMessage, into pack: inout RawMessageStore.OpenPack?) throws -> IncomingMessage {
        guard incoming.spooled == nil, !incoming.raw.isEmpty else { return incoming }
        if pack == nil { pack = try database.rawMessages.startPack() }
        let location = try pack!.append(message: incoming.raw)
        var spooled = incoming
        spooled.raw = []
        spooled.spooled = IncomingMessage.SpooledRaw(pack: location.pack, offset: location.offset, length: location.length)
        return spooled
    }

    /// Queues the timed notices that fell due (urgent reminders and escalation), after
    /// the mailbox is read: a decision that arrived in this poll cancels its reminder.
    func sendTimedNotices() throws -> Int {
        guard let timetable = config.panelTimetable, let desk = config.panelDesk else { return 0 }
        let keys = try database.recordTimedNotices(
            timetable: timetable, desk: desk, rules: config.requestRules, composer: composer,
            policy: RecipientPolicy(allowedDomains: config.allowedDomains), now: clock.now)
        for key in keys {
            // Keys name the kind, the reference and the day: no personal data.
            logger.info("timed notice queued", metadata: ["notice": "\(key)"])
        }
        return keys.count
    }

    /// Bytes of messages fetched ahead and gathered into the batch: their raw bytes until
    /// they are read (then those go to the batch's pack), and what was read of them. 2 MB
    /// measured as fast as 8 MB on the benchmark, and bounds the window more tightly.
    static let batchByteBudget = 2 * 1_048_576
    /// Messages fetched ahead of the one being read.
    static let prefetchCount = 32
    /// Small messages fetched in one round trip. Two groups fit in the window: one is
    /// fetched while the one before it is read.
    static let fetchGroupSize = 16
    /// Messages larger than this are written to disk as they arrive and read in the same
    /// pass (`MessageSpool`), never held whole: a 25 MB attachment arrives as 33 MB.
    static let spoolThreshold = 1 << 20
    /// What a spooled message's skeleton may hold in memory: headers, text, small parts.
    static let skeletonKeepsAtMost = 256 << 10

    /// The memory a message takes while it waits to be committed.
    static func heldBytes(_ message: MessageSummary) -> Int {
        message.size > spoolThreshold ? skeletonKeepsAtMost : message.size
    }

    /// A message as fetched, before it is read.
    struct FetchedMessage: Sendable {
        var summary: MessageSummary
        var raw: [UInt8]
        /// A large message: written to its own pack as it arrived, and what was read of it.
        var spooled: (raw: IncomingMessage.SpooledRaw, skeleton: MessageSkeleton)?
        /// Why it was not fetched, when it was not.
        var refused: String?
    }

    /// Small messages fetched together: their commands are pipelined, so the group costs
    /// one round trip to the server instead of one per message (a remote server is tens of
    /// milliseconds away). Each message's read task takes its own bytes out.
    final class FetchGroup: Sendable {
        private let bodies: Mutex<[UInt32: [UInt8]]>
        init(_ bodies: [UInt32: [UInt8]]) { self.bodies = Mutex(bodies) }
        func take(_ uid: UInt32) -> [UInt8]? { bodies.withLock { $0.removeValue(forKey: uid) } }
    }

    private func fetchGroup(_ members: [MessageSummary], uidValidity: UInt32) -> Task<FetchGroup, any Error> {
        Task {
            do {
                let bodies = try await mailbox.fetch(
                    uids: members.map(\.uid), uidValidity: uidValidity, folder: config.inboxFolder, maxBytes: Self.fetchLimit(config))
                return FetchGroup(bodies)
            } catch {
                // Each message is then fetched on its own and meets its own fate.
                if !(error is CancellationError) {
                    logger.info("fetching messages together failed; fetching them one by one", metadata: ["count": "\(members.count)", "error": "\(error)"])
                }
                throw error
            }
        }
    }

    /// Takes a message from its group, or fetches it alone: when it has no group, when the
    /// group's fetch failed, or when the group did not bring it (it was deleted meanwhile;
    /// fetched alone, it says so in the way the rest of intake expects).
    private func fetchRaw(_ summary: MessageSummary, uidValidity: UInt32, from group: Task<FetchGroup, any Error>?) async throws -> FetchedMessage {
        if let group {
            let taken = try? await withTaskCancellationHandler {
                try await group.value.take(summary.uid)
            } onCancel: {
                group.cancel()
            }
            try Task.checkCancellation()
            if let taken { return FetchedMessage(summary: summary, raw: taken, refused: nil) }
        }
        return try await fetchRaw(summary, uidValidity: uidValidity)
    }

    private func fetchRaw(_ summary: MessageSummary, uidValidity: UInt32) async throws -> FetchedMessage {
        let limit = Self.fetchLimit(config)
        if summary.size > limit {
            return FetchedMessage(summary: summary, raw: [], refused: "the message is \(ByteSize(summary.size)), over the \(ByteSize(limit)) that panelmail fetches (limits.attachment_max_bytes plus encoding)")
        }
        do {
            if summary.size > Self.spoolThreshold {
                let limits = reader.parser.limits
                let spool = try MessageSpool(store: database.rawMessages) {
                    MessageSkeletonBuilder(limits: limits, keepAtMost: Self.skeletonKeepsAtMost, keepsBody: MessageReader.keepsBody)
                }
                _ = try await mailbox.fetch(uid: summary.uid, uidValidity: uidValidity, folder: config.inboxFolder, maxBytes: limit, into: spool)
                return FetchedMessage(summary: summary, raw: [], spooled: try spool.finish(), refused: nil)
            }
            let raw = try await mailbox.fetch(uid: summary.uid, uidValidity: uidValidity, folder: config.inboxFolder, maxBytes: limit)
            return FetchedMessage(summary: summary, raw: raw, refused: nil)
        } catch let error as MailTransportError where error.kind == .messageTooLarge {
            return FetchedMessage(summary: summary, raw: [], refused: "\(error)")
        }
    }

    private func read(_ fetched: FetchedMessage, uidValidity: UInt32) -> IncomingMessage {
        let content: IncomingMessage.Content
        if let refused = fetched.refused {
            content = .unreadable(reason: refused)
        } else if let spooled = fetched.spooled {
            content = reader.read(spooled.skeleton)
        } else {
            content = reader.read(fetched.raw)
        }
        return IncomingMessage(
            folder: config.inboxFolder, uidValidity: uidValidity, uid: fetched.summary.uid, arrivedAt: fetched.summary.internalDate,
            raw: fetched.raw, spooled: fetched.spooled?.raw, content: content)
    }

    private func commit(_ batch: [IncomingMessage]) async throws -> Summary {
        var summary = Summary()
        let settings = IntakeSettings(
            timeZone: config.timeZone, attachmentLimit: config.attachmentLimit,
            recipientPolicy: RecipientPolicy(allowedDomains: config.allowedDomains), rules: config.requestRules,
            notARequestAnswers: config.blankFormAnswers, panel: config.panelDesk)
        let timer = ContinuousClock()
        let started = timer.now
        let receipts = try database.recordIntake(batch, settings: settings, composer: composer, now: clock.now)
        summary.recording += timer.now - started
        for receipt in receipts { log(receipt) }
        summary.recorded += receipts.count
        summary.requests += receipts.map(\.openedReferences.count).reduce(0, +)
        summary.attention += receipts.filter { $0.location.destination == .attention }.count
        let finishing = timer.now
        try await finishOnServer(receipts.map(\.location))
        summary.finishing += timer.now - finishing
        return summary
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
        case .newRequests(let opened):
            // Problem codes name fields only ("missing caseID"), never what was written.
            for request in opened {
                var fields = metadata
                fields["reference"] = "\(request.reference)"
                fields["status"] = "\(request.status.rawValue)"
                if request.urgent { fields["urgent"] = "true" }
                if !request.problems.isEmpty { fields["problems"] = "\(request.problems.joined(separator: ", "))" }
                if let duplicate = request.possibleDuplicateOf { fields["possible_duplicate_of"] = "\(duplicate)" }
                logger.info("new request recorded", metadata: fields)
            }
        case .notARequest(let answered):
            logger.info(answered ? "no request form in the message: answered with the blank form" : "no request form in the message: not answered, the sender's limit of blank-form answers is reached", metadata: metadata)
        case .formUpdate(let update):
            metadata["reference"] = "\(update.reference)"
            metadata["status"] = "\(update.status.rawValue)"
            metadata["changed"] = "\(update.changedFields.joined(separator: ", "))"
            metadata["version"] = "\(update.version)"
            logger.info("form lines merged into request", metadata: metadata)
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
        case .decided(let reference, let action):
            metadata["reference"] = "\(reference)"
            metadata["action"] = "\(action)"
            logger.info("decision by email applied", metadata: metadata)
        case .late(let minutes, let moved):
            metadata["minutes"] = "\(minutes)"
            metadata["moved"] = "\(moved)"
            logger.info("the panel runs late: slots moved", metadata: metadata)
        case .outcomes(let applied, let refused):
            metadata["applied"] = "\(applied)"
            metadata["refused"] = "\(refused)"
            logger.info("outcome lines on an agenda", metadata: metadata)
        case .signedOff(let reference, let role, let endorsed):
            metadata["reference"] = "\(reference)"
            metadata["role"] = "\(role)"
            logger.info(endorsed ? "request endorsed" : "request not endorsed", metadata: metadata)
        case .challenged(let reference):
            metadata["reference"] = "\(reference)"
            logger.info("decision challenged: sent to the panel lead", metadata: metadata)
        case .withdrawn(let reference):
            metadata["reference"] = "\(reference)"
            logger.info("request withdrawn by the worker", metadata: metadata)
        case .decisionRefused(let reference, let reason):
            if let reference { metadata["reference"] = "\(reference)" }
            metadata["reason"] = "\(reason)"
            logger.warning("decision by email refused", metadata: metadata)
        case .alreadyRecorded:
            logger.info("message already recorded", metadata: metadata)
        }
        if !receipt.held.isEmpty {
            logger.warning("email held: recipient outside outbox.allowed_domains (see panelmail outbox list --status held; release or drop with panelmail outbox release|drop ID)", metadata: metadata)
        }
    }
}
