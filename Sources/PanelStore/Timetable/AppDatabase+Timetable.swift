import Foundation
import GRDB
import PanelCore

extension AppDatabase {
    /// Whether the notice with this idempotency key has been queued already.
    static func noticeWasSent(_ key: String, db: Database) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM noticeSent WHERE key = ?"), arguments: [key]) == true
    }

    /// Records that the notice with this key is queued: in the same transaction as the
    /// email, so it is sent once whatever happens.
    static func markNoticeSent(_ key: String, requestId: Int64?, at now: Date, db: Database) throws {
        try db.execute(sql: "INSERT INTO noticeSent (key, requestId, sentAt) VALUES (?, ?, ?)", arguments: [key, requestId, now])
    }

    /// An agenda as sent, by its number.
    static func sentAgenda(number: UInt32, db: Database) throws -> SentAgenda? {
        guard let items = try String.fetchOne(db, sql: "SELECT items FROM sentAgenda WHERE number = ?", arguments: [Int64(number)]) else { return nil }
        let parsed = items.split(separator: ",").compactMap { item -> VersionedReference? in
            let parts = item.split(separator: ":")
            guard parts.count == 2, let reference = RequestReference(parts[0]), let version = Int(parts[1]) else { return nil }
            return VersionedReference(reference, version: version)
        }
        return SentAgenda(number: number, items: parsed)
    }

    /// Sends the timed notices about urgent requests that fell due since the last run
    /// (`PanelTimetable`): at the reminder time, a reminder to the duty member and the
    /// lead; at the due time, a report to the lead and word to the worker that the
    /// decision is late. Each is queued once, by its idempotency key, in the same
    /// transaction that moves the last run on: a crash or a stop loses none and
    /// repeats none. Returns the keys queued.
    public func recordTimedNotices(timetable: PanelTimetable, desk: PanelDesk, rules: RequestRules, composer: some IntakeComposer,
                                   policy: RecipientPolicy, now: Date) throws -> [String] {
        try writer.write { db in
            // Urgent requests owed a decision, and weekly ones not yet decided: what the
            // timetable needs of them, not their forms, since this runs after every poll.
            let open = [StoredRequest.Status.awaitingDecision.rawValue, StoredRequest.Status.incomplete.rawValue,
                        StoredRequest.Status.listed.rawValue]
            let requests = try StoredRequest
                .select(OpenRequest.columns)
                .filter(open.contains(Column("status")))
                .asRequest(of: OpenRequest.self)
                .fetchAll(db)
            let endorsements = Dictionary(grouping: try StoredSignOff
                .filter(sql: "endorsed = 1 AND requestId IN (SELECT id FROM request WHERE status IN (?, ?, ?))", arguments: StatementArguments(open))
                .fetchAll(db), by: \.requestId)
            let last = try Date.fetchOne(db, sql: "SELECT lastRun FROM timetableRun WHERE id = 1")
            // The first run looks back to the oldest request still open.
            let lastRun = last ?? min(now, requests.map(\.arrivedAt).min().map { $0.addingTimeInterval(-1) } ?? now)
            var byReference: [String: OpenRequest] = [:]
            var missing: [String: [String]] = [:]
            let facts = requests.compactMap { request -> RequestFacts? in
                guard let reference = RequestReference(request.reference), let worker = EmailAddress(request.worker, name: nil) else { return nil }
                byReference[request.reference] = request
                let urgent = request.status == .awaitingDecision
                var sittingDay: CalendarDay?
                var signedOffAt: Date?
                if !urgent {
                    let sitting = request.panelSittingAt
                        ?? (try? rules.schedule.assignment(eventTime: request.arrivedAt, now: request.arrivedAt).sitting.startsAt)
                    sittingDay = sitting.map { rules.workingHours.localDateTime(of: $0).day }
                    let endorsed = endorsements[request.id] ?? []
                    let lacking = desk.requiredSignOffs.filter { role in !endorsed.contains { $0.role == role.name } }
                    signedOffAt = lacking.isEmpty ? (endorsed.map(\.at).max() ?? request.completedAt) : nil
                    missing[request.reference] = request.problemList
                        + lacking.map { "the \($0.name.replacingOccurrences(of: "-", with: " "))'s sign-off (they were asked to reply ENDORSE)" }
                }
                return RequestFacts(reference: reference, revision: request.version, worker: worker, receivedAt: request.arrivedAt,
                                    isUrgent: urgent, isDecided: false, completedAt: request.completedAt, signedOffAt: signedOffAt,
                                    urgentDueAt: urgent ? request.dueAt : nil, sittingDay: sittingDay)
            }
            var queued: [String] = []
            for notice in timetable.dueNotices(for: facts, after: lastRun, through: now) {
                if case .agendaFixed(let sitting, let listed) = notice.kind {
                    if try Self.noticeWasSent(notice.key, db: db) { continue }
                    let requests = try listed.compactMap { try byReference[$0.description].flatMap { try StoredRequest.fetchOne(db, key: $0.id) } }
                    try Self.fixAgenda(sitting: sitting, listed: requests, to: notice.addresses,
                                       desk: desk, rules: rules, composer: composer, policy: policy, now: now, db: db)
                    try Self.markNoticeSent(notice.key, requestId: nil, at: now, db: db)
                    queued.append(notice.key)
                    continue
                }
                switch notice.kind {
                case .urgentReminder, .urgentOverdue, .urgentOverdueToWorker, .deadlineReminder, .missedDeadline: break
                default: continue // the duty notice goes with intake
                }
                guard let reference = notice.kind.reference, let id = byReference[reference.description]?.id else { continue }
                if try Self.noticeWasSent(notice.key, db: db) { continue }
                guard let request = try StoredRequest.fetchOne(db, key: id) else { continue }
                var token: DecisionToken?
                if case .urgentReminder = notice.kind {
                    token = try desk.authorisation.signer.token(for: VersionedReference(reference, version: request.version))
                }
                let form = request.form(schema: rules.schema)
                let original = try StoredMessage.fetchOne(db, key: request.messageId)
                let signOffs = try StoredSignOff.filter(Column("requestId") == id).order(Column("id")).fetchAll(db).map(\.summary)
                let mail = try composer.timedNotice(notice, request: request, form: form, token: token, original: original, signOffs: signOffs,
                                                    missing: missing[request.reference] ?? [])
                // A request that missed its deadline moves to the next sitting.
                if case .missedDeadline(_, _, let next) = notice.kind, var moved = Optional(request), moved.status == .listed {
                    moved.panelSittingAt = next?.startsAt
                    moved.panelDeadlineAt = next?.deadlineAt
                    try moved.update(db)
                }
                _ = try Self.enqueue(mail, requestId: id, causeMessageId: nil, policy: policy, now: now, db: db)
                try ThreadMessage(messageIDHeader: mail.messageID, requestId: id).insert(db, onConflict: .ignore)
                try Self.markNoticeSent(notice.key, requestId: id, at: now, db: db)
                try Self.event(request, .reminded, at: notice.meantFor, actor: "panelmail", message: mail.messageID, now: now,
                               detail: "\(notice.kind.name) to \(notice.addresses.map(\.address).joined(separator: ", "))", db: db)
                queued.append(notice.key)
            }
            try db.execute(sql: "INSERT INTO timetableRun (id, lastRun) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET lastRun = excluded.lastRun",
                           arguments: [now])
            return queued
        }
    }

    /// At the deadline: each request ready for the sitting gets a slot (by locality,
    /// then arrival); the panel members get the agenda with a CSV, and each worker their
    /// slot with a calendar invitation whose UID stays the same for the request and
    /// sitting.
    static func fixAgenda(sitting: PanelSitting, listed: [StoredRequest], to members: [EmailAddress], desk: PanelDesk, rules: RequestRules,
                          composer: some IntakeComposer, policy: RecipientPolicy, now: Date, db: Database) throws {
        let parser = FormParser(schema: rules.schema)
        let forms = Dictionary(uniqueKeysWithValues: listed.map { ($0.reference, $0.formRecord.map(parser.restore)) })
        let listing = listed.compactMap { request -> ListedRequest? in
            guard let reference = RequestReference(request.reference) else { return nil }
            return ListedRequest(reference: reference, locality: forms[request.reference]??.text(.locality) ?? "", arrivedAt: request.arrivedAt)
        }
        let agenda = try AgendaSlots(listing: listing, sitting: sitting, start: desk.agendaStart, slotMinutes: desk.slotMinutes,
                                     timeZone: rules.workingHours.timeZone)
        var rows: [AgendaRow] = []
        for slot in agenda.slots {
            guard let request = listed.first(where: { $0.reference == slot.reference.description }), let id = request.id else { continue }
            let form = forms[request.reference] ?? nil
            let signOffs = try StoredSignOff.filter(Column("requestId") == id).order(Column("id")).fetchAll(db).map(\.summary)
            rows.append(AgendaRow(slot: slot, team: form?.text(.team) ?? "", worker: request.worker, resourceType: request.resourceType ?? "",
                                  cost: form?.cost, isUrgent: request.urgent, signOffs: signOffs.joined(separator: "; ")))
            guard let worker = EmailAddress(request.worker, name: nil), let organizer = EmailAddress(desk.rota.sharedMailbox.address, name: nil) else { continue }
            let invitation = CalendarInvitation(slot: slot, resourceType: request.resourceType ?? "request", organizer: organizer, worker: worker, stamp: now)
            let original = try StoredMessage.fetchOne(db, key: request.messageId)
            let mail = try composer.slotInvitation(slot: slot, sitting: sitting, request: request, invitation: invitation, original: original)
            _ = try Self.enqueue(mail, requestId: id, causeMessageId: nil, policy: policy, now: now, db: db)
            try ThreadMessage(messageIDHeader: mail.messageID, requestId: id).insert(db, onConflict: .ignore)
            try event(request, .slotted, at: sitting.deadlineAt, actor: "panelmail", message: mail.messageID, now: now,
                      detail: "\(slot.timeText) at the panel on \(sitting.startText)", db: db)
        }
        let recipients = members.isEmpty ? desk.rota.contacts.map(\.address) : members
        guard !recipients.isEmpty else { return }
        // One code for the whole agenda, over each listed request's version.
        let items = rows.compactMap { row in listed.first { $0.reference == row.slot.reference.description }.map { VersionedReference(row.slot.reference, version: $0.version) } }
        try db.execute(sql: "INSERT INTO sentAgenda (sittingDay, items, sentAt) VALUES (?, ?, ?)",
                       arguments: [sitting.day.description, items.map { "\($0.reference):\($0.version)" }.joined(separator: ","), now])
        let number = db.lastInsertedRowID
        for slot in agenda.slots {
            guard let request = listed.first(where: { $0.reference == slot.reference.description }), let id = request.id else { continue }
            try db.execute(sql: """
                INSERT INTO agendaSlot (agendaNumber, requestId, reference, locality, arrivedAt, startsAt, endsAt, sequence)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [number, id, slot.reference.description, slot.request.locality, slot.request.arrivedAt, slot.startsAt, slot.endsAt, slot.sequence])
        }
        let sent = SentAgenda(number: UInt32(number), items: items)
        let token = desk.authorisation.signer.token(for: sent)
        _ = try Self.enqueue(try composer.agenda(sitting: sitting, rows: rows, to: recipients, token: token), requestId: nil, causeMessageId: nil,
                             policy: policy, now: now, db: db)
    }
}

/// What the timetable reads of an open request after every poll: its dates and state,
/// not its form (a reason may run to pages, and a mailbox just taken over may hold
/// thousands of open requests).
private struct OpenRequest: Decodable, FetchableRecord {
    var id: Int64
    var reference: String
    var worker: String
    var status: StoredRequest.Status
    var arrivedAt: Date
    var version: Int
    var completedAt: Date?
    var dueAt: Date?
    var panelSittingAt: Date?
    var problems: String

    var problemList: [String] { StoredRequest.problemList(problems) }

    static let columns = ["id", "reference", "worker", "status", "arrivedAt", "version", "completedAt", "dueAt", "panelSittingAt", "problems"]
        .map { Column($0) }
}
