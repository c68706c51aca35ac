import Foundation
import GRDB
import PanelCore
import Synchronization

extension AppDatabase {
    /// The locations recorded for a folder at one UIDVALIDITY, by UID.
    public func locations(folder: String, uidValidity: UInt32) throws -> [UInt32: MailboxLocation] {
        try writer.read { db in
            let rows = try MailboxLocation
                .filter(Column("folder") == folder && Column("uidValidity") == Int64(uidValidity))
                .fetchAll(db)
            return Dictionary(rows.map { (UInt32($0.uid), $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// Records a batch of incoming messages in ONE transaction: each message, its
    /// request and reference, its attachments, its location, and every email it causes.
    /// Only after this returns may the messages be moved on the server.
    public func recordIntake(_ messages: [IncomingMessage], settings: IntakeSettings, composer: some IntakeComposer, now: Date) throws -> [IntakeReceipt] {
        // The raw bytes first, durable with one sync, then the rows that name them. A
        // spooled message's pack was made durable by whoever spooled it.
        let written = try rawMessages.writeBatch(messages.map(\.raw))
        let locations = zip(messages, written).map { message, location in
            message.spooled.map { RawMessageStore.Location(pack: $0.pack, offset: $0.offset, length: $0.length) } ?? location
        }
        return try writer.write { db in
            var acknowledgements: [Acknowledgement] = []
            var receipts = try zip(messages, locations).enumerated().map { index, pair in
                try Self.record(pair.0, raw: pair.1, rawStore: rawMessages, settings: settings, composer: composer, now: now,
                                acknowledge: { acknowledgements.append(Acknowledgement(receipt: index, notice: $0)) }, db: db)
            }
            try Self.queue(acknowledgements, into: &receipts, composer: composer, policy: settings.recipientPolicy, now: now, db: db)
            return receipts
        }
    }

    /// An acknowledgement that a message of the batch is owed, composed once the batch's
    /// rows are written (see `queue(_:into:...)`).
    struct Acknowledgement: Sendable {
        struct Notice: Sendable {
            var requests: [RequestNotice]
            var message: ReadMessage
            var arrivedAt: Date
            var requestIds: [Int64]
            var causeId: Int64?
        }
        var receipt: Int
        var notice: Notice
    }

    /// Composes the batch's acknowledgements side by side, then queues them in order with
    /// the thread rows that tie replies to them, inside the batch's transaction. Composing
    /// (the template, the MIME message) is most of a request's recording time, and needs
    /// nothing from the database; nothing recorded in a batch depends on an acknowledgement
    /// queued earlier in it (no one has seen it yet), so queuing them last changes nothing
    /// but their place in the outbox's order.
    private static func queue(_ acknowledgements: [Acknowledgement], into receipts: inout [IntakeReceipt], composer: some IntakeComposer,
                              policy: RecipientPolicy, now: Date, db: Database) throws {
        guard !acknowledgements.isEmpty else { return }
        let composed = Mutex([Result<OutgoingMail, any Error>?](repeating: nil, count: acknowledgements.count))
        DispatchQueue.concurrentPerform(iterations: acknowledgements.count) { index in
            let notice = acknowledgements[index].notice
            let mail = Result { try composer.acknowledgement(requests: notice.requests, message: notice.message, arrivedAt: notice.arrivedAt) }
            composed.withLock { $0[index] = mail }
        }
        let mails = composed.withLock { $0 }
        for (acknowledgement, result) in zip(acknowledgements, mails) {
            // concurrentPerform has run every iteration before it returns.
            guard let result else { preconditionFailure("acknowledgement \(acknowledgement.receipt) was not composed") }
            let mail = try result.get()
            let notice = acknowledgement.notice
            let row = try enqueue(mail, requestId: notice.requestIds.first, causeMessageId: notice.causeId, policy: policy, now: now, db: db)
            if row.status == .held {
                receipts[acknowledgement.receipt].held.append(mail.messageID)
            } else {
                receipts[acknowledgement.receipt].queued.append(mail.messageID)
            }
            for id in notice.requestIds { try ThreadMessage(messageIDHeader: mail.messageID, requestId: id).insert(db, onConflict: .ignore) }
        }
    }

    /// Notes that the server side is done (moved or marked) for these locations.
    public func markLocationsDone(_ ids: [Int64]) throws {
        guard !ids.isEmpty else { return }
        try writer.write { db in
            _ = try MailboxLocation.filter(ids: ids).updateAll(db, Column("done").set(to: true))
        }
    }

    private static func record(_ incoming: IncomingMessage, raw: RawMessageStore.Location?, rawStore: RawMessageStore, settings: IntakeSettings, composer: some IntakeComposer, now: Date,
                               acknowledge: (Acknowledgement.Notice) -> Void, db: Database) throws -> IntakeReceipt {
        // Cached statements on this path: intake runs once per message, a thousand a second.
        if let existing = try MailboxLocation.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM mailboxLocation WHERE folder = ? AND uidValidity = ? AND uid = ?"),
            arguments: [incoming.folder, Int64(incoming.uidValidity), Int64(incoming.uid)]) {
            return IntakeReceipt(location: existing, outcome: .alreadyRecorded, queued: [], held: [])
        }

        let messageKey: String
        let read: ReadMessage?
        var unreadableReason = ""
        switch incoming.content {
        case .readable(let message):
            read = message
            messageKey = try message.messageID ?? "sha256:" + rawDigest(incoming, at: raw, in: rawStore)
        case .unreadable(let reason):
            read = nil
            unreadableReason = reason
            messageKey = try incoming.rawSize == 0
                ? "unfetched:\(incoming.folder):\(incoming.uidValidity):\(incoming.uid)"
                : "sha256:" + rawDigest(incoming, at: raw, in: rawStore)
        }

        // A message seen before (same Message-ID, or same bytes): a copy, or the same
        // message after UIDVALIDITY changed. Never a second request.
        if let earlier = try StoredMessage.fetchOne(db.cachedStatement(sql: "SELECT * FROM message WHERE messageKey = ?"), arguments: [messageKey]) {
            var location = try insertLocation(incoming, messageId: earlier.id, destination: .processed, reason: nil, db: db)
            location.reason = "duplicate of message \(earlier.id ?? 0)"
            try location.update(db)
            let reference = try earlier.requestId.flatMap { try StoredRequest.fetchOne(db, key: $0)?.reference }
            return IntakeReceipt(location: location, outcome: .duplicate(of: reference ?? "message \(earlier.id ?? 0)"), queued: [], held: [])
        }

        guard let read else {
            let reason = unreadableReason
            let stored = try insertMessage(incoming, key: messageKey, raw: raw, read: nil, kind: .unreadable, note: reason, requestId: nil, now: now, db: db)
            let location = try insertLocation(incoming, messageId: stored.id, destination: .attention, reason: reason, db: db)
            return IntakeReceipt(location: location, outcome: .needsAttention(reason: reason), queued: [], held: [])
        }

        let facts = try facts(for: read, arrivedAt: incoming.arrivedAt, window: settings.repeatWindow, db: db)
        let decision = IntakeDecision.decide(read, facts: facts, attachmentLimit: settings.attachmentLimit)
        var queued: [String] = []
        var held: [String] = []

        func enqueue(_ mail: OutgoingMail, requestId: Int64?, causeId: Int64?, notBefore: Date? = nil) throws {
            let row = try Self.enqueue(mail, requestId: requestId, causeMessageId: causeId, policy: settings.recipientPolicy, now: now, notBefore: notBefore, db: db)
            if row.status == .held { held.append(mail.messageID) } else { queued.append(mail.messageID) }
        }
        func enqueueMail(_ mail: OutgoingMail, _ requestId: Int64?, _ causeId: Int64?) throws {
            try enqueue(mail, requestId: requestId, causeId: causeId)
        }
        func enqueueLater(_ mail: OutgoingMail, _ requestId: Int64?, _ causeId: Int64?, _ notBefore: Date?) throws {
            try enqueue(mail, requestId: requestId, causeId: causeId, notBefore: notBefore)
        }

        // A reply to a duty notice, or a panel member's decision in a request's thread.
        switch decision {
        case .correspondence, .newRequests, .notARequest:
            if let answer = try decisionReply(read, incoming: incoming, key: messageKey, raw: raw, rawStore: rawStore, facts: facts, settings: settings,
                                              composer: composer, now: now, enqueue: enqueueMail, db: db) {
                return IntakeReceipt(location: answer.location, outcome: answer.outcome, queued: queued, held: held)
            }
        default:
            break
        }

        switch decision {
        case .bounce(let originalID, let reason):
            let stored = try insertMessage(incoming, key: messageKey, raw: raw, read: read, kind: .bounce, note: reason, requestId: nil, now: now, db: db)
            var matched = false
            if let originalID, var original = try OutboxMessage.filter(Column("messageIDHeader") == originalID).fetchOne(db) {
                matched = true
                original.status = .undelivered
                original.reason = reason
                try original.update(db)
                let reference = try original.requestId.flatMap { try StoredRequest.fetchOne(db, key: $0)?.reference }
                if original.purpose != "bounce-notice" {
                    try enqueue(try composer.bounceNotice(original: original, reason: reason, reference: reference), requestId: original.requestId, causeId: stored.id)
                }
            }
            let location = try insertLocation(incoming, messageId: stored.id, destination: .processed, reason: nil, db: db)
            return IntakeReceipt(location: location, outcome: .bounce(outboxMatched: matched, reason: reason), queued: queued, held: held)

        case .automatic(let reason):
            let requestId = facts.taggedRequest ?? facts.threadRequest
            let stored = try insertMessage(incoming, key: messageKey, raw: raw, read: read, kind: .automatic, note: reason, requestId: requestId, now: now, db: db)
            // In a request's thread (an out-of-office, a slot accepted or declined): part of its trail, never answered.
            if let requestId, let request = try StoredRequest.fetchOne(db, key: requestId) {
                try event(request, .correspondence, at: incoming.arrivedAt, actor: read.sender ?? "unknown sender", message: read.messageID, now: now,
                          detail: "automatic: \(reason)", db: db)
            }
            let location = try insertLocation(incoming, messageId: stored.id, destination: .processed, reason: nil, db: db)
            return IntakeReceipt(location: location, outcome: .automatic(reason: reason), queued: [], held: [])

        case .correspondence(let requestId, let via):
            let stored = try insertMessage(incoming, key: messageKey, raw: raw, read: read, kind: .correspondence, note: via, requestId: requestId, now: now, db: db)
            if let id = read.messageID { try ThreadMessage(messageIDHeader: id, requestId: requestId).insert(db, onConflict: .ignore) }
            let location = try insertLocation(incoming, messageId: stored.id, destination: .processed, reason: nil, db: db)
            if try recordChallenge(requestId: requestId, read: read, incoming: incoming, settings: settings, composer: composer, now: now, enqueue: enqueueMail, db: db) {
                let reference = try StoredRequest.fetchOne(db, key: requestId)?.reference ?? "?"
                return IntakeReceipt(location: location, outcome: .challenged(reference: reference), queued: queued, held: held)
            }
            if let withdrawn = try recordWithdrawal(requestId: requestId, read: read, incoming: incoming, messageId: stored.id, settings: settings,
                                                    composer: composer, now: now, enqueue: enqueueMail, db: db) {
                return IntakeReceipt(location: location, outcome: withdrawn, queued: queued, held: held)
            }
            let merged = try applyFormReply(read, incoming: incoming, messageId: stored.id, candidates: facts.candidates, rawStore: rawStore, settings: settings, composer: composer, now: now, enqueue: enqueueMail, enqueueLater: enqueueLater, db: db)
            let returned = try returnMoreInfo(requestId: requestId, read: read, incoming: incoming, rawStore: rawStore, settings: settings, composer: composer, now: now, enqueue: enqueueLater, db: db)
            if let merged { return IntakeReceipt(location: location, outcome: merged, queued: queued, held: held) }
            let request = try StoredRequest.fetchOne(db, key: requestId)
            if let returned, let request {
                // A plain answer: no form update told the worker where it went.
                if read.replyAddress != nil { try enqueueMail(try composer.passedOn(returned, message: read, arrivedAt: incoming.arrivedAt), requestId, stored.id) }
                return IntakeReceipt(location: location, outcome: .correspondence(reference: request.reference, via: "more information, back to the duty member"), queued: queued, held: held)
            }
            if let request {
                try event(request, .correspondence, at: incoming.arrivedAt, actor: read.sender ?? "unknown sender", message: read.messageID, now: now, detail: via, db: db)
            }
            return IntakeReceipt(location: location, outcome: .correspondence(reference: request?.reference ?? "?", via: via), queued: queued, held: held)

        case .needsAttention(let reason):
            let stored = try insertMessage(incoming, key: messageKey, raw: raw, read: read, kind: .unreadable, note: reason, requestId: nil, now: now, db: db)
            let location = try insertLocation(incoming, messageId: stored.id, destination: .attention, reason: reason, db: db)
            return IntakeReceipt(location: location, outcome: .needsAttention(reason: reason), queued: [], held: [])

        case .unreadableForm(let documents):
            let reason = documents.map(\.logReason).joined(separator: "; ")
            let stored = try insertMessage(incoming, key: messageKey, raw: raw, read: read, kind: .unreadable, note: reason, requestId: nil, now: now, db: db)
            if read.replyAddress != nil {
                let notice = try composer.unreadableForm(documents: documents, message: read, arrivedAt: incoming.arrivedAt)
                try enqueue(notice, requestId: nil, causeId: stored.id)
            }
            let location = try insertLocation(incoming, messageId: stored.id, destination: .attention, reason: reason, db: db)
            return IntakeReceipt(location: location, outcome: .needsAttention(reason: reason), queued: queued, held: held)

        case .notARequest:
            let stored = try insertMessage(incoming, key: messageKey, raw: raw, read: read, kind: .notARequest, note: nil, requestId: nil, now: now, db: db)
            var answered = false
            if read.replyAddress != nil, try recentNotARequests(from: read.sender, before: stored.id, arrivedAt: incoming.arrivedAt, window: settings.repeatWindow, db: db) < settings.notARequestAnswers {
                try enqueue(try composer.notARequest(message: read, arrivedAt: incoming.arrivedAt), requestId: nil, causeId: stored.id)
                answered = true
            }
            let location = try insertLocation(incoming, messageId: stored.id, destination: .processed, reason: nil, db: db)
            return IntakeReceipt(location: location, outcome: .notARequest(answered: answered), queued: queued, held: held)

        case .newRequests(let forms):
            var stored = try insertMessage(incoming, key: messageKey, raw: raw, read: read, kind: .request, note: nil, requestId: nil, now: now, db: db)
            let urgent = Urgency.isUrgent(subject: read.subject)
            var notices: [RequestNotice] = []
            var opened: [IntakeReceipt.RequestOpened] = []
            var ids: [Int64] = []
            let arrivalDay = settings.rules.workingHours.localDateTime(of: incoming.arrivedAt).day
            for written in forms {
                let form = written.notingStartBeforeArrival(arrivedOn: arrivalDay)
                let reference = try allocateReference(arrivedAt: incoming.arrivedAt, timeZone: settings.timeZone, db: db)
                let progress = settings.rules.progress(of: form, urgent: urgent, eventTime: incoming.arrivedAt, now: now)
                let duplicateOf = try openRequest(caseID: form.caseID, resourceType: form.resourceType?.name, db: db)
                var request = StoredRequest(
                    id: nil, reference: reference.description, year: reference.year, sequence: reference.sequence,
                    messageId: stored.id!, arrivedAt: incoming.arrivedAt,
                    worker: read.replyAddress ?? read.sender ?? "", subject: read.subject, status: .incomplete)
                request.urgent = urgent
                request.possibleDuplicateOf = duplicateOf
                request.apply(form: form, progress: progress, eventTime: incoming.arrivedAt)
                try request.insert(db)
                ids.append(request.id!)
                let actor = read.sender ?? request.worker
                let problems = form.blockingProblems.map(\.message)
                try event(request, .received, at: incoming.arrivedAt, actor: actor, message: read.messageID, now: now,
                          detail: problems.isEmpty ? "complete" : "incomplete: " + problems.joined(separator: "; "), db: db)
                if let step = progress.nextStepText {
                    try event(request, .completed, at: incoming.arrivedAt, actor: actor, message: read.messageID, now: now, detail: step, db: db)
                }
                if case .awaitingDecision(let due) = progress {
                    try queueDutyNotice(request, form: form, due: due, rawStore: rawStore, settings: settings,
                                        composer: composer, now: now, enqueue: enqueueLater, db: db)
                }
                if form.isComplete {
                    try queueSignOffRequests(request, form: form, settings: settings, composer: composer, now: now, enqueue: enqueueLater, db: db)
                }
                if let id = read.messageID { try ThreadMessage(messageIDHeader: id, requestId: request.id!).insert(db, onConflict: .ignore) }
                notices.append(RequestNotice(reference: reference, urgent: urgent, form: form, nextStep: progress.nextStepText, possibleDuplicateOf: duplicateOf))
                opened.append(IntakeReceipt.RequestOpened(
                    reference: reference.description, status: request.status, urgent: urgent,
                    problems: form.problems.map(\.code), possibleDuplicateOf: duplicateOf))
            }
            stored.requestId = ids.first
            try stored.update(db)
            if read.replyAddress != nil {
                acknowledge(Acknowledgement.Notice(requests: notices, message: read, arrivedAt: incoming.arrivedAt, requestIds: ids, causeId: stored.id))
            }
            let location = try insertLocation(incoming, messageId: stored.id, destination: .processed, reason: nil, db: db)
            return IntakeReceipt(location: location, outcome: .newRequests(opened), queued: queued, held: held)
        }
    }

    /// Merges a reply's form lines into the request they are about, when the sender may
    /// change it; returns nil when the reply is plain correspondence.
    ///
    /// In the thread of an email that opened several requests, the lines go to the one
    /// request the reply names, or to the only one still incomplete; if that cannot be
    /// told, the sender is asked to name it.
    private static func applyFormReply(
        _ read: ReadMessage, incoming: IncomingMessage, messageId: Int64?, candidates: [Int64], rawStore: RawMessageStore, settings: IntakeSettings,
        composer: some IntakeComposer, now: Date, enqueue: (OutgoingMail, Int64?, Int64?) throws -> Void,
        enqueueLater: (OutgoingMail, Int64?, Int64?, Date?) throws -> Void, db: Database
    ) throws -> IntakeReceipt.Outcome? {
        let parser = FormParser(schema: settings.rules.schema)
        var requests = try StoredRequest.filter(keys: candidates).fetchAll(db).filter { $0.formRecord != nil && $0.isUndecided }
        requests = requests.filter {
            RequestChangeRule.refusal(sender: read.sender, people: [$0.worker, $0.workerEmail, $0.teamManagerEmail], decided: !$0.isUndecided) == nil
        }
        guard !requests.isEmpty else { return nil }
        var request: StoredRequest
        if requests.count == 1 {
            request = requests[0]
        } else {
            let named = Set(RequestReference.mentions(in: QuotedText.strip(read.bodyText)).map(\.description))
            let chosen = requests.filter { named.contains($0.reference) }
            let incomplete = requests.filter { $0.status == .incomplete }
            if chosen.count == 1 {
                request = chosen[0]
            } else if chosen.isEmpty, incomplete.count == 1 {
                request = incomplete[0]
            } else {
                // Only ask when the reply really holds form lines.
                guard !parser.merge(reply: read.bodyText, into: parser.restore(requests[0].formRecord!)).replyHadNoFormLines else { return nil }
                let references = requests.compactMap { RequestReference($0.reference) }
                try enqueue(try composer.whichRequest(references: references, message: read, arrivedAt: incoming.arrivedAt), requests[0].id, messageId)
                return .correspondence(reference: requests[0].reference, via: "form lines for one of several requests, not saying which")
            }
        }
        guard let record = request.formRecord else { return nil }
        let merge = parser.merge(reply: read.bodyText, into: parser.restore(record))
        guard !merge.replyHadNoFormLines else { return nil }

        let wasComplete = request.status != .incomplete
        // Still complete: it keeps its place (the decision-makers see the new version).
        let progress: RequestProgress? = merge.form.isComplete && wasComplete
            ? nil
            : settings.rules.progress(of: merge.form, urgent: request.urgent, eventTime: incoming.arrivedAt, now: now)
        if !merge.decisionFieldsChanged.isEmpty { request.version += 1 }
        request.apply(form: merge.form, progress: progress, eventTime: incoming.arrivedAt)
        try request.update(db)
        let actor = read.sender ?? request.worker
        let changed = merge.changes.map(\.fieldLabel)
        try event(request, .updated, at: incoming.arrivedAt, actor: actor, message: read.messageID, now: now,
                  detail: (changed.isEmpty ? "no detail changed" : "changed " + changed.joined(separator: ", ")) + "; version \(request.version)", db: db)
        if let progress, let step = progress.nextStepText {
            try event(request, .completed, at: incoming.arrivedAt, actor: actor, message: read.messageID, now: now, detail: step, db: db)
            if case .awaitingDecision(let due) = progress {
                try queueDutyNotice(request, form: merge.form, due: due, rawStore: rawStore, settings: settings,
                                    composer: composer, now: now, enqueue: enqueueLater, db: db)
            }
            try queueSignOffRequests(request, form: merge.form, settings: settings, composer: composer, now: now, enqueue: enqueueLater, db: db)
        } else if wasComplete, !merge.form.isComplete {
            try event(request, .reopened, at: incoming.arrivedAt, actor: actor, message: read.messageID, now: now,
                      detail: "incomplete: " + merge.form.blockingProblems.map(\.message).joined(separator: "; "), db: db)
        }
        if let messageId { try db.execute(sql: "UPDATE message SET requestId = ?, note = ? WHERE id = ?", arguments: [request.id, "form lines merged", messageId]) }
        if let reference = RequestReference(request.reference), read.replyAddress != nil {
            let notice = RequestNotice(reference: reference, urgent: request.urgent, form: merge.form,
                                       nextStep: progress?.nextStepText ?? request.standingText(rules: settings.rules),
                                       possibleDuplicateOf: request.possibleDuplicateOf)
            let update = try composer.requestUpdate(request: notice, changes: merge.changes, message: read, arrivedAt: incoming.arrivedAt)
            try enqueue(update, request.id, messageId)
            try ThreadMessage(messageIDHeader: update.messageID, requestId: request.id!).insert(db, onConflict: .ignore)
        }
        return .formUpdate(IntakeReceipt.FormUpdate(
            reference: request.reference, status: request.status,
            changedFields: merge.changes.map(\.field.rawValue), version: request.version))
    }

    /// Adds a line to the request's history.
    static func event(_ request: StoredRequest, _ kind: RequestEvent.Kind, at: Date, actor: String, message: String?, now: Date, detail: String, db: Database) throws {
        guard let id = request.id else { return }
        var row = RequestEvent(requestId: id, at: at, recordedAt: now, actor: actor, messageIDHeader: message, event: kind, detail: detail)
        try row.insert(db)
    }

    /// The earliest undecided request with the same case ID and resource type.
    private static func openRequest(caseID: String?, resourceType: String?, db: Database) throws -> String? {
        guard let caseID, let resourceType else { return nil }
        return try String.fetchOne(
            db.cachedStatement(sql: """
                SELECT reference FROM request INDEXED BY request_case_resource
                WHERE caseKey = ? AND resourceType = ?
                  AND status IN ('open', 'incomplete', 'awaitingDecision', 'listed')
                ORDER BY id LIMIT 1
                """),
            arguments: [StoredRequest.caseKey(caseID), resourceType])
    }

    /// How many blank-form answers the sender's mail already caused within the window.
    private static func recentNotARequests(from sender: String?, before id: Int64?, arrivedAt: Date, window: TimeInterval, db: Database) throws -> Int {
        guard let sender else { return 0 }
        return try Int.fetchOne(
            db.cachedStatement(sql: "SELECT count(*) FROM message WHERE sender = ? AND kind = 'notARequest' AND arrivedAt >= ? AND id < ?"),
            arguments: [sender, arrivedAt.addingTimeInterval(-window), id ?? Int64.max]) ?? 0
    }

    private static func facts(for message: ReadMessage, arrivedAt: Date, window: TimeInterval, db: Database) throws -> IntakeDecision.Facts {
        var facts = IntakeDecision.Facts()
        for tag in RequestReference.tags(inSubject: message.subject) {
            if let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM request WHERE reference = ?"), arguments: [tag.description]) {
                if facts.taggedRequest == nil { facts.taggedRequest = id }
                if !facts.candidates.contains(id) { facts.candidates.append(id) }
            }
        }
        let ids = message.inReplyTo + message.references.reversed()
        if !ids.isEmpty {
            let thread = try Int64.fetchAll(
                db, sql: "SELECT DISTINCT requestId FROM threadMessage WHERE messageIDHeader IN (\(databaseQuestionMarks(count: ids.count))) ORDER BY requestId",
                arguments: StatementArguments(ids))
            facts.threadRequest = thread.first
            for id in thread where !facts.candidates.contains(id) { facts.candidates.append(id) }
        }
        if let sender = message.sender {
            facts.repeatedRequest = try Int64.fetchOne(
                db.cachedStatement(sql: """
                    SELECT requestId FROM message
                    WHERE sender = ? AND fingerprint = ? AND requestId IS NOT NULL AND arrivedAt >= ?
                    ORDER BY arrivedAt DESC LIMIT 1
                    """),
                arguments: [sender, message.fingerprint, arrivedAt.addingTimeInterval(-window)])
        }
        return facts
    }

    /// The SHA-256 of the raw message: hashed in memory, or read back from its pack when
    /// it was spooled to disk as it arrived.
    static func rawDigest(_ incoming: IncomingMessage, at location: RawMessageStore.Location?, in store: RawMessageStore) throws -> String {
        guard incoming.spooled != nil, let location else { return SHA256Hex.of(incoming.raw) }
        return try store.sha256(of: location)
    }

    static func insertMessage(_ incoming: IncomingMessage, key: String, raw: RawMessageStore.Location?, read: ReadMessage?, kind: StoredMessage.Kind, note: String?, requestId: Int64?, now: Date, db: Database) throws -> StoredMessage {
        var message = StoredMessage(
            id: nil, messageKey: key, messageIDHeader: read?.messageID, arrivedAt: incoming.arrivedAt, recordedAt: now,
            sender: read?.sender, subject: read?.subject ?? "", kind: kind, note: note, fingerprint: read?.fingerprint,
            requestId: requestId, size: incoming.rawSize, rawPack: raw?.pack, rawOffset: raw?.offset)
        try message.insert(db)
        for attachment in read?.attachments ?? [] {
            var row = StoredAttachment(id: nil, messageId: message.id!, partPath: attachment.partPath, filename: attachment.filename, contentType: attachment.contentType, size: attachment.size, sha256: attachment.sha256)
            try row.insert(db)
        }
        return message
    }

    static func insertLocation(_ incoming: IncomingMessage, messageId: Int64?, destination: MailboxLocation.Destination, reason: String?, db: Database) throws -> MailboxLocation {
        var location = MailboxLocation(
            id: nil, folder: incoming.folder, uidValidity: Int64(incoming.uidValidity), uid: Int64(incoming.uid),
            messageId: messageId, destination: destination, done: false, reason: reason)
        try location.insert(db)
        return location
    }

    /// The next reference for the year of arrival in the panel's time zone. Runs inside the
    /// intake transaction, so two messages can never share a reference.
    static func allocateReference(arrivedAt: Date, timeZone: TimeZone, db: Database) throws -> RequestReference {
        let year = RequestReference.year(of: arrivedAt, in: timeZone)
        let next = try Int.fetchOne(
            db.cachedStatement(sql: "INSERT INTO referenceCounter (year, last) VALUES (?, 1) ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last"),
            arguments: [year])
        guard let next else { throw StoreError(description: "the reference counter for \(year) could not be advanced") }
        return RequestReference(year: year, sequence: next)
    }
}
