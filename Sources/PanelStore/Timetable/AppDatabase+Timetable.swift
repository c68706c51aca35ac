import Foundation
import GRDB
import PanelCore

extension AppDatabase {
    /// Sends the timed notices about urgent requests that fell due since the last run
    /// (`PanelTimetable`): at the reminder time, a reminder to the duty member and the
    /// lead; at the due time, a report to the lead and word to the worker that the
    /// decision is late. Each is queued once, by its idempotency key, in the same
    /// transaction that moves the last run on: a crash or a stop loses none and
    /// repeats none. Returns the keys queued.
    public func recordTimedNotices(timetable: PanelTimetable, desk: PanelDesk, rules: RequestRules, composer: some IntakeComposer,
                                   policy: RecipientPolicy, now: Date) throws -> [String] {
        try writer.write { db in
            let requests = try StoredRequest
                .filter(Column("urgent") == true && Column("status") == StoredRequest.Status.awaitingDecision.rawValue)
                .fetchAll(db)
            let last = try Date.fetchOne(db, sql: "SELECT lastRun FROM timetableRun WHERE id = 1")
            // The first run looks back to the oldest undecided urgent request.
            let lastRun = last ?? min(now, requests.compactMap(\.completedAt).min().map { $0.addingTimeInterval(-1) } ?? now)
            var byReference: [String: StoredRequest] = [:]
            let facts = requests.compactMap { request -> RequestFacts? in
                guard let reference = RequestReference(request.reference), let worker = EmailAddress(request.worker, name: nil) else { return nil }
                byReference[request.reference] = request
                return RequestFacts(reference: reference, revision: request.version, worker: worker, receivedAt: request.arrivedAt,
                                    isUrgent: true, isDecided: false, completedAt: request.completedAt, urgentDueAt: request.dueAt)
            }
            var queued: [String] = []
            for notice in timetable.dueNotices(for: facts, after: lastRun, through: now) {
                switch notice.kind {
                case .urgentReminder, .urgentOverdue, .urgentOverdueToWorker: break
                default: continue // the duty notice goes with intake; the weekly ones are not wired yet
                }
                guard let reference = notice.kind.reference, let request = byReference[reference.description], let id = request.id else { continue }
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM noticeSent WHERE key = ?", arguments: [notice.key]) == true { continue }
                var token: DecisionToken?
                if case .urgentReminder = notice.kind {
                    token = try desk.authorisation.signer.token(for: VersionedReference(reference, version: request.version))
                }
                let form = request.formRecord.map { FormParser(schema: rules.schema).restore($0) }
                let original = try StoredMessage.fetchOne(db, key: request.messageId)
                let signOffs = try StoredSignOff.filter(Column("requestId") == id).order(Column("id")).fetchAll(db).map(\.summary)
                let mail = try composer.timedNotice(notice, request: request, form: form, token: token, original: original, signOffs: signOffs)
                _ = try Self.enqueue(mail, requestId: id, causeMessageId: nil, policy: policy, now: now, db: db)
                try ThreadMessage(messageIDHeader: mail.messageID, requestId: id).insert(db, onConflict: .ignore)
                try db.execute(sql: "INSERT INTO noticeSent (key, requestId, sentAt) VALUES (?, ?, ?)", arguments: [notice.key, id, now])
                try Self.event(request, .reminded, at: notice.meantFor, actor: "panelmail", message: mail.messageID, now: now,
                               detail: "\(notice.kind.name) to \(notice.addresses.map(\.address).joined(separator: ", "))", db: db)
                queued.append(notice.key)
            }
            try db.execute(sql: "INSERT INTO timetableRun (id, lastRun) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET lastRun = excluded.lastRun",
                           arguments: [now])
            return queued
        }
    }
}
