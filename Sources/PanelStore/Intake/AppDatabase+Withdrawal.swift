import Foundation
import GRDB
import PanelCore

/// A withdrawal as the emails about it give it.
public struct WithdrawalNotice: Sendable {
    public var reference: RequestReference
    /// Who withdrew it (their address) and why, as they wrote it ("" when they did not say).
    public var withdrawnBy: String
    public var reason: String
    /// What the request was waiting for when it was withdrawn, in words.
    public var was: String
    /// The worker's own subject and the email that opened the request, for the reply in their thread.
    public var subject: String
    public var inReplyTo: String?
    public var references: [String]
    /// The slot it had on a fixed agenda, to take out of calendars; nil when none.
    public var cancelledSlot: CalendarInvitation?
    public var slotText: String?
}

extension AppDatabase {
    /// `WITHDRAW [reason]` in a request's thread from its worker or team manager, vouched
    /// for by the receiving server as a decision is (a forged withdrawal would take a
    /// child's request off the panel's desk). The request is closed undecided; emails
    /// still waiting to go about it are not sent; whoever was waiting to decide it is
    /// told; a slot on a fixed agenda is cancelled in the worker's calendar and the
    /// clerk is told. Returns nil when the message is not a withdrawal.
    static func recordWithdrawal(
        requestId: Int64, read: ReadMessage, incoming: IncomingMessage, messageId: Int64?, settings: IntakeSettings,
        composer: some IntakeComposer, now: Date, enqueue: (OutgoingMail, Int64?, Int64?) throws -> Void, db: Database
    ) throws -> IntakeReceipt.Outcome? {
        guard let desk = settings.panel, var request = try StoredRequest.fetchOne(db, key: requestId), let id = request.id,
              let reference = RequestReference(request.reference),
              case .success(let reply) = PanelReply.parse(read.bodyText), reply.action == .withdraw
        else { return nil }
        let actor = read.sender ?? request.worker
        let vouched = read.decision?.authentication.isAuthenticated == true
        func refuse(_ explanation: String, _ code: String) throws -> IntakeReceipt.Outcome {
            try event(request, .refused, at: incoming.arrivedAt, actor: actor, message: read.messageID, now: now, detail: "WITHDRAW: \(code)", db: db)
            // Not answered when nothing vouches for the sender: the answer would go to whoever was spoofed.
            if vouched, read.replyAddress != nil {
                try enqueue(try composer.decisionRefused(explanation: explanation, message: read), id, messageId)
            }
            return .decisionRefused(reference: request.reference, reason: code)
        }
        guard request.isUndecided else {
            return try refuse("Your WITHDRAW for \(reference) was not applied: the request has already been decided (\(request.status.rawValue)).", "already decided")
        }
        guard RequestChangeRule.refusal(sender: read.sender, people: [request.worker, request.workerEmail, request.teamManagerEmail], decided: false) == nil else {
            return try refuse("Your WITHDRAW for \(reference) was not applied: only the worker or team manager named on the request may withdraw it.", "not the worker")
        }
        guard vouched else {
            return try refuse("Your WITHDRAW for \(reference) was not applied: the council's mail server did not vouch for the sender.", "sender not vouched")
        }

        let was: String
        switch request.status {
        case .awaitingDecision, .moreInfoRequested: was = "an urgent decision"
        case .listed: was = "the weekly panel"
        default: was = "its missing details"
        }
        let waitingForDecision = request.status == .awaitingDecision || request.status == .moreInfoRequested
        request.status = .withdrawn
        request.dueAt = nil
        try request.update(db)
        try event(request, .withdrawn, at: incoming.arrivedAt, actor: actor, message: read.messageID, now: now,
                  detail: reply.rationale.isEmpty ? "withdrawn" : reply.rationale, db: db)

        // Emails held to go later (a duty notice waiting for 09:00) are no longer due;
        // one already tried and waiting to be retried still goes.
        try db.execute(sql: "UPDATE outbox SET status = ?, reason = ? WHERE requestId = ? AND status = ? AND attempts = 0 AND nextAttemptAt > ?",
                       arguments: [OutboxMessage.Status.failed.rawValue, "not sent: \(reference) was withdrawn", id, OutboxMessage.Status.queued.rawValue, now])

        // A slot on an agenda still to come: cancelled in the worker's calendar.
        var cancelled: CalendarInvitation?
        var slotText: String?
        let hours = settings.rules.workingHours
        if let row = try Row.fetchOne(db, sql: "SELECT * FROM agendaSlot WHERE requestId = ? AND startsAt > ? ORDER BY startsAt DESC LIMIT 1", arguments: [id, now]),
           let slot = agendaSlot(row, timeZone: hours.timeZone)?.cancelled(timeZone: hours.timeZone),
           let worker = EmailAddress(request.worker, name: nil), let organizer = EmailAddress(desk.rota.sharedMailbox.address, name: nil) {
            cancelled = CalendarInvitation(cancelling: slot, resourceType: request.resourceType ?? "request", organizer: organizer, worker: worker, stamp: now)
            slotText = slot.timeText
            try db.execute(sql: "DELETE FROM agendaSlot WHERE requestId = ?", arguments: [id])
        }

        let original = try StoredMessage.fetchOne(db, key: request.messageId)
        let notice = WithdrawalNotice(
            reference: reference, withdrawnBy: actor, reason: reply.rationale, was: was, subject: request.subject,
            inReplyTo: original?.messageIDHeader, references: [original?.messageIDHeader].compactMap { $0 },
            cancelledSlot: cancelled, slotText: slotText)
        var confirmTo = [request.worker]
        if let manager = request.teamManagerEmail, manager.lowercased() != request.worker.lowercased() { confirmTo.append(manager) }
        let confirmation = try composer.withdrawal(notice, to: confirmTo.compactMap { EmailAddress($0, name: nil) }, panel: false)
        try enqueue(confirmation, id, messageId)
        try ThreadMessage(messageIDHeader: confirmation.messageID, requestId: id).insert(db, onConflict: .ignore)

        // Whoever was waiting to decide it: the members its duty notices went to, or the clerks.
        var members: [String] = []
        if waitingForDecision {
            let sent = try OutboxMessage.filter(Column("requestId") == id && Column("purpose") == "duty-notice" && Column("status") == OutboxMessage.Status.sent.rawValue).fetchAll(db)
            for row in sent { members += row.recipientList }
        } else if cancelled != nil {
            members = desk.rota.clerks.map(\.address.address)
        }
        var seen: Set<String> = []
        let panel = members.filter { seen.insert($0.lowercased()).inserted }.compactMap { EmailAddress($0, name: desk.authorisation.directory.member(for: $0)?.name) }
        if !panel.isEmpty {
            try enqueue(try composer.withdrawal(notice, to: panel, panel: true), id, messageId)
        }
        return .withdrawn(reference: request.reference)
    }
}
