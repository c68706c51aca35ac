import Foundation
import GRDB
import PanelCore

/// What the panel needs to decide by email: who may do what, the duty rota, and the
/// key decision tokens are made with.
public struct PanelDesk: Sendable {
    public var authorisation: DecisionAuthorisation
    public var rota: DutyRota
    public var workingHours: WorkingHours
    /// The sign-offs a request needs before the weekly panel (default: the team manager).
    public var requiredSignOffs: [PanelRole]
    /// The agenda's first slot (nil: the sitting's time) and each slot's length.
    public var agendaStart: LocalTime?
    public var slotMinutes: Int
    /// The most file bytes the duty notice carries; larger files are listed only.
    public var forwardLimit: Int

    public init(authorisation: DecisionAuthorisation, rota: DutyRota, workingHours: WorkingHours, requiredSignOffs: [PanelRole] = [.teamManager],
                agendaStart: LocalTime? = nil, slotMinutes: Int = AgendaSlots.defaultSlotMinutes, forwardLimit: Int = NoticeFiles.defaultLimit) {
        self.authorisation = authorisation
        self.rota = rota
        self.workingHours = workingHours
        self.requiredSignOffs = requiredSignOffs
        self.agendaStart = agendaStart
        self.slotMinutes = slotMinutes
        self.forwardLimit = forwardLimit
    }
}

/// A decision as the worker's email gives it.
public struct DecisionNotice: Sendable {
    public var reference: RequestReference
    /// The worker's own subject, for the reply in their thread.
    public var subject: String
    public var action: PanelAction
    /// An approval's lower amount or shorter term; empty when as requested.
    public var terms: String
    public var rationale: String
    /// The decision-maker's name (the name signed, for the shared mailbox).
    public var decidedBy: String
    public var worker: String
    public var copies: [String]
    /// The worker's email that opened the request, and the thread it started.
    public var inReplyTo: String?
    public var references: [String]
}

/// A sign-off, as the emails about it give it: to the signer when endorsed, to the
/// worker in their own thread (copied to the signer) when not.
public struct SignOffNotice: Sendable {
    public var reference: RequestReference
    public var endorsed: Bool
    public var urgent: Bool
    public var role: PanelRole
    /// The signer's name where the panel file or the form gives it, else the address.
    public var signer: String
    public var signerAddress: String
    /// The reason for NOT ENDORSED; a note with ENDORSE.
    public var comment: String
    public var worker: String
    /// The worker's own subject and the email that opened the request, for the reply in their thread.
    public var subject: String
    public var inReplyTo: String?
    public var references: [String]
}

/// What the worker is told when their email has been passed on to a panel member.
public struct PassedOn: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The answer to a MORE INFO, back to the member who asked.
        case moreInfoAnswer
        /// A CHALLENGE of a decision, to the panel lead.
        case challenge
    }
    public var reference: RequestReference
    public var kind: Kind
    /// Who it went to, as the worker reads it: "Dana Duty", "the panel lead (Lee Lead)".
    public var to: String
    /// When the decision is due ("17:00 on Tuesday 1 September"), for an answer.
    public var due: String?
}

extension AppDatabase {
    static let decisionActions: Set<PanelAction> = [.approve, .decline, .moreInfo, .deferToPanel, .alternatives]

    /// Handles a decision by email, or returns nil when the message is not one: it
    /// carries a decision token, or it is a panel member's decision command in a
    /// request's thread (refused without a token, and said so).
    static func decisionReply(
        _ read: ReadMessage, incoming: IncomingMessage, key: String, raw: RawMessageStore.Location?, rawStore: RawMessageStore,
        facts: IntakeDecision.Facts, settings: IntakeSettings, composer: some IntakeComposer, now: Date,
        enqueue: (OutgoingMail, Int64?, Int64?) throws -> Void, db: Database
    ) throws -> (location: MailboxLocation, outcome: IntakeReceipt.Outcome)? {
        guard let desk = settings.panel, let evidence = read.decision else { return nil }
        // A reply to an agenda: the clerk's outcome lines, or LATE.
        if let agendaToken = evidence.tokens.first(where: { $0.kind == .agenda }), let number = agendaToken.agendaNumber {
            return try clerkOutcomes(read, incoming: incoming, key: key, raw: raw, agendaNumber: number, evidence: evidence, settings: settings,
                                     composer: composer, now: now, enqueue: enqueue, db: db)
        }
        // Only a message with a token, or a panel member's in a request's thread, can be a
        // decision: every other message (a worker's request) is not read for commands.
        let isMember = read.sender.flatMap { desk.authorisation.directory.member(for: $0) } != nil
        let threadRequest = facts.taggedRequest ?? facts.threadRequest
        guard !evidence.tokens.isEmpty || (isMember && threadRequest != nil) else { return nil }
        let parsed = PanelReply.parse(read.bodyText)
        let command = try? parsed.get()
        let signOffActions: Set<PanelAction> = [.endorse, .notEndorsed]
        if let command, !decisionActions.contains(command.action), !signOffActions.contains(command.action) { return nil } // LATE, CHALLENGE: elsewhere
        guard !evidence.tokens.isEmpty || command != nil else { return nil }

        // The request: the thread's (its subject tag, or the notice it answers), which
        // the token must then match; with no thread, the one a genuine token names.
        var request: StoredRequest?
        if let threadRequest { request = try StoredRequest.fetchOne(db, key: threadRequest) }
        for token in evidence.tokens where request == nil {
            if let named = desk.authorisation.signer.request(named: token),
               let found = try StoredRequest.filter(Column("reference") == named.reference.description).fetchOne(db) {
                request = found
                break
            }
        }

        let stored = try insertMessage(incoming, key: key, raw: raw, read: read, kind: .correspondence, note: "decision reply",
                                       requestId: request?.id, now: now, db: db)
        if let id = read.messageID, let requestId = request?.id {
            try ThreadMessage(messageIDHeader: id, requestId: requestId).insert(db, onConflict: .ignore)
        }
        let location = try insertLocation(incoming, messageId: stored.id, destination: .processed, reason: nil, db: db)
        let actor = read.sender ?? "unknown sender"

        // Tells the sender why nothing changed, unless nothing vouches for the sender:
        // an answer would go to whoever was impersonated.
        func refusing(_ explanation: String, _ code: String) throws -> (location: MailboxLocation, outcome: IntakeReceipt.Outcome) {
            try refuse(explanation, code: code)
        }
        func refuse(_ explanation: String, code: String) throws -> (location: MailboxLocation, outcome: IntakeReceipt.Outcome) {
            if let request {
                try event(request, .refused, at: incoming.arrivedAt, actor: actor, message: read.messageID, now: now, detail: code, db: db)
            }
            if evidence.authentication.isAuthenticated, read.replyAddress != nil {
                try enqueue(try composer.decisionRefused(explanation: explanation, message: read), request?.id, stored.id)
            }
            return (location, .decisionRefused(reference: request?.reference, reason: code))
        }

        let reply: PanelReply
        switch parsed {
        case .failure(let problem): return try refuse(problem.message, code: problem.code)
        case .success(let found): reply = found
        }
        guard let found = request, let reference = RequestReference(found.reference) else {
            return try refuse("Your \(reply.action.keyword) was not applied: it names no request panelmail knows. Reply to the duty notice itself, keeping its subject and reply address.", code: "no request")
        }
        let target = found
        if signOffActions.contains(reply.action) {
            return try signOff(reply, request: target, reference: reference, read: read, evidence: evidence, incoming: incoming, messageId: stored.id,
                               location: location, settings: settings, composer: composer, now: now, enqueue: enqueue, refuse: refusing, db: db)
        }
        guard target.isUndecided, target.status != .moreInfoRequested || reply.action != .moreInfo else {
            return try refuse("Your \(reply.action.keyword) for \(reference) was not applied: the request has already been decided (\(target.status.rawValue)).", code: "already decided")
        }
        let parties = try Self.parties(of: target, rules: settings.rules)
        let attempt = DecisionAttempt(
            action: reply.action, target: .request(reference, version: target.version, scope: target.urgent ? .urgent : .weekly, parties: parties),
            tokens: evidence.tokens, authentication: evidence.authentication, signedName: reply.signedName)
        let decider: DecisionActor
        switch desk.authorisation.authorise(attempt) {
        case .refuse(let refusal):
            // A stale code: the request changed since the notice, so the member gets the
            // request as it stands now, with a new code.
            let stale = refusal.reasons.contains { if case .staleToken = $0 { true } else { false } }
            if stale, refusal.reasons.count == 1, let sender = read.sender,
               let member = EmailAddress(sender, name: desk.authorisation.directory.member(for: sender)?.name),
               target.status == .awaitingDecision, let completedAt = target.completedAt, let record = target.formRecord {
                let due = UrgentDecisionDue(arrival: completedAt, workingHours: desk.workingHours)
                let form = FormParser(schema: settings.rules.schema).restore(record)
                try queueDutyNotice(target, form: form, due: due, rawStore: rawStore, settings: settings, composer: composer, now: now,
                                    to: member, immediately: true, enqueue: { mail, requestId, causeId, _ in try enqueue(mail, requestId, causeId) }, db: db)
            }
            return try refuse(refusal.explanation + (stale ? " The request as it stands now follows in a separate email, with a new decision code." : ""), code: refusal.description)
        case .apply(let actor): decider = actor
        }

        if let problem = try applyDecision(reply.command, rationale: reply.rationale, to: target, reference: reference, decider: decider,
                                           read: read, incoming: incoming, messageId: stored.id, settings: settings, composer: composer,
                                           now: now, enqueue: enqueue, db: db) {
            return try refuse(problem.explanation, code: problem.code)
        }
        return (location, .decided(reference: target.reference, action: reply.action.rawValue))
    }

    /// The clerk's reply to an agenda: one outcome line per request
    /// (`ARP-2026-00042: APPROVE £650 per week until 31/03/2027 - rationale`), each
    /// applied on its own under the decision rules (the agenda's code, the clerk's role,
    /// a vouched sender); the clerk is sent what came of each line.
    static func clerkOutcomes(
        _ read: ReadMessage, incoming: IncomingMessage, key: String, raw: RawMessageStore.Location?, agendaNumber: UInt32,
        evidence: DecisionEvidence, settings: IntakeSettings, composer: some IntakeComposer, now: Date,
        enqueue: (OutgoingMail, Int64?, Int64?) throws -> Void, db: Database
    ) throws -> (location: MailboxLocation, outcome: IntakeReceipt.Outcome)? {
        guard let desk = settings.panel else { return nil }
        let stored = try insertMessage(incoming, key: key, raw: raw, read: read, kind: .correspondence, note: "outcome lines",
                                       requestId: nil, now: now, db: db)
        let location = try insertLocation(incoming, messageId: stored.id, destination: .processed, reason: nil, db: db)
        let agenda = try sentAgenda(number: agendaNumber, db: db)
        // LATE n: the panel runs late.
        if case .success(let reply) = PanelReply.parse(read.bodyText), case .late(let minutes) = reply.command {
            let attempt = DecisionAttempt(action: .late, target: .sitting, tokens: evidence.tokens, agenda: agenda,
                                          authentication: evidence.authentication, signedName: reply.signedName)
            var report: [String]
            var moved = 0
            switch desk.authorisation.authorise(attempt) {
            case .refuse(let refusal):
                report = [refusal.explanation]
            case .apply:
                (report, moved) = try delayAgenda(number: agendaNumber, minutes: minutes, at: incoming.arrivedAt, desk: desk, settings: settings,
                                                  composer: composer, now: now, enqueue: enqueue, db: db)
            }
            if evidence.authentication.isAuthenticated, read.replyAddress != nil {
                try enqueue(try composer.outcomeSummary(report, message: read), nil, stored.id)
            }
            return (location, .late(minutes: minutes, moved: moved))
        }
        let lines = OutcomeLines.parse(read.bodyText)
        var report: [String] = lines.problems.map { "Line \($0.lineNumber): \($0.message)" }
        var applied = 0
        var refused = lines.problems.count
        for line in lines.outcomes {
            guard let request = try StoredRequest.filter(Column("reference") == line.reference.description).fetchOne(db) else {
                report.append("Line \(line.lineNumber): \(line.reference) is not a request panelmail knows.")
                refused += 1
                continue
            }
            guard request.isUndecided else {
                report.append("Line \(line.lineNumber): \(line.reference) was already decided (\(request.status.rawValue)); nothing changed.")
                refused += 1
                continue
            }
            let attempt = DecisionAttempt(
                action: line.command.action,
                target: .request(line.reference, version: request.version, scope: .weekly, parties: try parties(of: request, rules: settings.rules)),
                tokens: evidence.tokens, agenda: agenda, authentication: evidence.authentication, signedName: lines.signedName)
            switch desk.authorisation.authorise(attempt) {
            case .refuse(let refusal):
                report.append("Line \(line.lineNumber): \(refusal.explanation)")
                try event(request, .refused, at: incoming.arrivedAt, actor: read.sender ?? "unknown sender", message: read.messageID, now: now,
                          detail: refusal.description, db: db)
                refused += 1
            case .apply(let decider):
                if let problem = try applyDecision(line.command, rationale: line.rationale, to: request, reference: line.reference, decider: decider,
                                                   read: read, incoming: incoming, messageId: stored.id, settings: settings, composer: composer,
                                                   now: now, enqueue: enqueue, db: db) {
                    report.append("Line \(line.lineNumber): \(problem.explanation)")
                    refused += 1
                } else {
                    report.append("Line \(line.lineNumber): \(line.reference) \(line.command) applied; the worker has been told.")
                    applied += 1
                }
            }
        }
        if report.isEmpty { report.append("The reply held no outcome lines (ARP-2026-00042: APPROVE ...).") }
        if evidence.authentication.isAuthenticated, read.replyAddress != nil {
            try enqueue(try composer.outcomeSummary(report, message: read), nil, stored.id)
        }
        return (location, .outcomes(applied: applied, refused: refused))
    }

    /// Moves every slot still to come on an agenda by `minutes`, and sends each waiting
    /// worker the new time with an updated invitation (same UID, next SEQUENCE).
    static func delayAgenda(
        number: UInt32, minutes: Int, at moment: Date, desk: PanelDesk, settings: IntakeSettings, composer: some IntakeComposer,
        now: Date, enqueue: (OutgoingMail, Int64?, Int64?) throws -> Void, db: Database
    ) throws -> (report: [String], moved: Int) {
        let hours = settings.rules.workingHours
        guard let dayText = try String.fetchOne(db, sql: "SELECT sittingDay FROM sentAgenda WHERE number = ?", arguments: [Int64(number)]),
              let day = CalendarDay(iso: dayText), let sitting = settings.rules.schedule.sitting(on: day)
        else { return (["That agenda's panel sitting is no longer in the calendar: nothing moved."], 0) }
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM agendaSlot WHERE agendaNumber = ? ORDER BY startsAt, id", arguments: [Int64(number)])
        let slots = rows.compactMap { agendaSlot($0, timeZone: hours.timeZone) }
        let delay: AgendaDelay
        do {
            delay = try AgendaSlots(sitting: sitting, slots: slots, timeZone: hours.timeZone).delayed(byMinutes: minutes, at: moment)
        } catch {
            return (["LATE \(minutes) was not applied: \(error)"], 0)
        }
        for slot in delay.moved {
            try db.execute(sql: "UPDATE agendaSlot SET startsAt = ?, endsAt = ?, sequence = ? WHERE agendaNumber = ? AND reference = ?",
                           arguments: [slot.startsAt, slot.endsAt, slot.sequence, Int64(number), slot.reference.description])
            guard let request = try StoredRequest.filter(Column("reference") == slot.reference.description).fetchOne(db), let id = request.id,
                  let worker = EmailAddress(request.worker, name: nil), let organizer = EmailAddress(desk.rota.sharedMailbox.address, name: nil)
            else { continue }
            let invitation = CalendarInvitation(slot: slot, resourceType: request.resourceType ?? "request", organizer: organizer, worker: worker, stamp: now)
            let original = try StoredMessage.fetchOne(db, key: request.messageId)
            let mail = try composer.slotInvitation(slot: slot, sitting: sitting, request: request, invitation: invitation, original: original)
            try enqueue(mail, id, nil)
            try event(request, .slotted, at: moment, actor: "panelmail", message: mail.messageID, now: now,
                      detail: "moved \(minutes) minutes later: \(slot.timeText)", db: db)
        }
        return (["LATE \(minutes): \(delay.moved.count) slot(s) moved; each waiting worker has been sent the new time."], delay.moved.count)
    }

    /// Applies an authorised decision: the request's new state, the decision recorded,
    /// the worker told in their thread (copied to the team manager). Returns why not,
    /// when an approval goes beyond what was asked.
    static func applyDecision(
        _ command: PanelCommand, rationale: String, to request: StoredRequest, reference: RequestReference, decider: DecisionActor,
        read: ReadMessage, incoming: IncomingMessage, messageId: Int64?, settings: IntakeSettings, composer: some IntakeComposer,
        now: Date, enqueue: (OutgoingMail, Int64?, Int64?) throws -> Void, db: Database
    ) throws -> (explanation: String, code: String)? {
        var target = request
        let action = command.action
        let form = target.form(schema: settings.rules.schema)
        // An approval may be for less, never for more than was asked.
        var terms = ""
        if case .approve(let approval) = command, !approval.isAsRequested {
            let excess = approval.excess(requestedCost: form?.cost, requestedStart: form?.startDate, requestedEnd: form?.end)
            if !excess.isEmpty {
                return ("Your APPROVE for \(reference) was not applied: \(excess.joined(separator: "; ")). Approve as requested, or for less.", "approval beyond the request")
            }
            terms = approval.description
        }
        switch action {
        case .approve: target.status = .approved
        case .decline: target.status = .declined
        case .alternatives: target.status = .alternativesAdvised
        case .moreInfo: target.status = .moreInfoRequested
        default:
            // DEFER: to the weekly panel whose deadline had not passed when the reply came.
            let progress = settings.rules.progress(of: form ?? FormParser(schema: settings.rules.schema).restore(.empty),
                                                   urgent: false, eventTime: incoming.arrivedAt, now: now)
            target.status = .listed
            target.dueAt = nil
            if case .listed(let assignment) = progress {
                target.panelSittingAt = assignment.sitting.startsAt
                target.panelDeadlineAt = assignment.sitting.deadlineAt
            }
        }
        try target.update(db)
        let name = decider.name ?? decider.address
        var row = StoredDecision(
            id: nil, requestId: target.id!, version: target.version, action: action.rawValue, terms: terms,
            rationale: rationale, decidedBy: decider.address, signedName: decider.name, viaSharedMailbox: decider.viaSharedMailbox,
            messageIDHeader: read.messageID, decidedAt: incoming.arrivedAt)
        try row.insert(db)
        try event(target, .decided, at: incoming.arrivedAt, actor: read.sender ?? decider.address, message: read.messageID, now: now,
                  detail: "\(action.keyword)\(terms.isEmpty ? "" : " " + terms) by \(name)\(decider.viaSharedMailbox ? " (from the shared duty mailbox)" : "")", db: db)
        let original = try StoredMessage.fetchOne(db, key: target.messageId)
        // Copied to the team manager, and the service manager where named.
        let serviceManager = form?.person(.serviceManager)?.email
        var copies: [String] = []
        for address in [target.teamManagerEmail, serviceManager].compactMap({ $0 })
        where address.lowercased() != target.worker.lowercased() && !copies.contains(where: { $0.lowercased() == address.lowercased() }) {
            copies.append(address)
        }
        let notice = DecisionNotice(
            reference: reference, subject: target.subject, action: action, terms: terms, rationale: rationale,
            decidedBy: name, worker: target.worker, copies: copies,
            inReplyTo: original?.messageIDHeader, references: [original?.messageIDHeader].compactMap { $0 })
        let mail = try composer.decision(notice)
        try enqueue(mail, target.id, messageId)
        try ThreadMessage(messageIDHeader: mail.messageID, requestId: target.id!).insert(db, onConflict: .ignore)
        return nil
    }

    /// The worker, team manager, service manager and IRO of record.
    static func parties(of request: StoredRequest, rules: RequestRules) throws -> RequestParties {
        let form = request.form(schema: rules.schema)
        return RequestParties(worker: request.workerEmail ?? request.worker, teamManager: request.teamManagerEmail,
                              serviceManager: form?.person(.serviceManager)?.email, iro: form?.person(.iro)?.email)
    }

    /// ENDORSE or NOT ENDORSED from a party of record, under the same rules as a
    /// decision (their role on the request, the code, a vouched sender).
    static func signOff(
        _ reply: PanelReply, request: StoredRequest, reference: RequestReference, read: ReadMessage, evidence: DecisionEvidence,
        incoming: IncomingMessage, messageId: Int64?, location: MailboxLocation, settings: IntakeSettings, composer: some IntakeComposer, now: Date,
        enqueue: (OutgoingMail, Int64?, Int64?) throws -> Void,
        refuse: (String, String) throws -> (location: MailboxLocation, outcome: IntakeReceipt.Outcome), db: Database
    ) throws -> (location: MailboxLocation, outcome: IntakeReceipt.Outcome) {
        guard let desk = settings.panel else { return try refuse("Sign-offs are not taken by email here.", "no panel") }
        guard request.isUndecided else {
            return try refuse("Your \(reply.action.keyword) for \(reference) was not recorded: the request has already been decided (\(request.status.rawValue)).", "already decided")
        }
        let parties = try parties(of: request, rules: settings.rules)
        let attempt = DecisionAttempt(
            action: reply.action, target: .request(reference, version: request.version, scope: request.urgent ? .urgent : .weekly, parties: parties),
            tokens: evidence.tokens, authentication: evidence.authentication, signedName: reply.signedName)
        if case .refuse(let refusal) = desk.authorisation.authorise(attempt) {
            return try refuse(refusal.explanation, refusal.description)
        }
        let sender = (read.sender ?? "").lowercased()
        let role = parties.roles(of: sender).subtracting([.worker]).sorted { $0.name < $1.name }.first ?? .teamManager
        var row = StoredSignOff(id: nil, requestId: request.id!, version: request.version, role: role.name, party: sender,
                                endorsed: reply.action == .endorse, reason: reply.rationale, messageIDHeader: read.messageID, at: incoming.arrivedAt)
        try row.insert(db)
        try event(request, .signedOff, at: incoming.arrivedAt, actor: sender, message: read.messageID, now: now, detail: row.summary, db: db)
        let original = try StoredMessage.fetchOne(db, key: request.messageId)
        let form = request.form(schema: settings.rules.schema)
        let key = signOffFields.first { $0.role == role }?.field
        let name = desk.authorisation.directory.member(for: sender)?.name ?? key.flatMap { form?.person($0)?.name } ?? reply.signedName ?? sender
        let notice = SignOffNotice(
            reference: reference, endorsed: row.endorsed, urgent: request.urgent, role: role, signer: name, signerAddress: sender,
            comment: reply.rationale, worker: request.worker, subject: request.subject,
            inReplyTo: original?.messageIDHeader, references: [original?.messageIDHeader].compactMap { $0 })
        let mail = try composer.signOffRecorded(notice, message: read)
        try enqueue(mail, request.id, messageId)
        if !row.endorsed { try ThreadMessage(messageIDHeader: mail.messageID, requestId: request.id!).insert(db, onConflict: .ignore) }
        return (location, .signedOff(reference: request.reference, role: role.name, endorsed: row.endorsed))
    }

    /// The parties of record asked to sign a request off, and the form field naming each.
    static let signOffFields: [(role: PanelRole, field: FormFieldKey)] = [(.teamManager, .teamManager), (.serviceManager, .serviceManager), (.iro, .iro)]

    /// A slot as the `agendaSlot` table keeps it; nil for a row whose reference cannot be read.
    static func agendaSlot(_ row: Row, timeZone: TimeZone) -> AgendaSlot? {
        guard let reference = RequestReference(row["reference"] as String) else { return nil }
        return AgendaSlot(request: ListedRequest(reference: reference, locality: row["locality"], arrivedAt: row["arrivedAt"]),
                          startsAt: row["startsAt"], endsAt: row["endsAt"], timeZone: timeZone, sequence: row["sequence"])
    }

    /// Asks each party of record named with an address (team manager, service
    /// manager, IRO) to sign the request off, once per request and party.
    static func queueSignOffRequests(
        _ request: StoredRequest, form: RequestForm, settings: IntakeSettings, composer: some IntakeComposer, now: Date,
        enqueue: (OutgoingMail, Int64?, Int64?, Date?) throws -> Void, db: Database
    ) throws {
        guard let desk = settings.panel, let reference = RequestReference(request.reference), let id = request.id else { return }
        var asked: [String] = []
        for (role, key) in signOffFields {
            guard let email = form.person(key)?.email, let address = EmailAddress(email, name: form.person(key)?.name),
                  address.address.lowercased() != request.worker.lowercased() else { continue }
            let once = "sign-off-request:\(reference):\(role.name)"
            if try noticeWasSent(once, db: db) { continue }
            let token = try desk.authorisation.signer.token(for: VersionedReference(reference, version: request.version))
            let notice = RequestNotice(reference: reference, urgent: request.urgent, form: form, nextStep: nil, possibleDuplicateOf: nil)
            let mail = try composer.signOffRequest(request: notice, role: role, to: address, token: token, worker: request.worker)
            try enqueue(mail, id, nil, nil)
            try ThreadMessage(messageIDHeader: mail.messageID, requestId: id).insert(db, onConflict: .ignore)
            try markNoticeSent(once, requestId: id, at: now, db: db)
            asked.append("\(role.name) \(address.address)")
        }
        if !asked.isEmpty {
            try event(request, .signOffRequested, at: request.completedAt ?? now, actor: "panelmail", message: nil, now: now,
                      detail: asked.joined(separator: ", "), db: db)
        }
    }

    /// A CHALLENGE of a decision from the worker or team manager of record: recorded
    /// against the request and sent to the panel lead (the shared duty mailbox when
    /// there is no lead). Returns whether the message was one.
    static func recordChallenge(
        requestId: Int64, read: ReadMessage, incoming: IncomingMessage, settings: IntakeSettings,
        composer: some IntakeComposer, now: Date, enqueue: (OutgoingMail, Int64?, Int64?) throws -> Void, db: Database
    ) throws -> Bool {
        guard let desk = settings.panel, let request = try StoredRequest.fetchOne(db, key: requestId),
              [.approved, .declined, .alternativesAdvised].contains(request.status),
              RequestChangeRule.refusal(sender: read.sender, people: [request.worker, request.workerEmail, request.teamManagerEmail], decided: false) == nil,
              case .success(let reply) = PanelReply.parse(read.bodyText), reply.action == .challenge,
              let reference = RequestReference(request.reference)
        else { return false }
        let decision = try StoredDecision.filter(Column("requestId") == requestId).order(Column("id").desc).fetchOne(db)
        let leads = desk.rota.leads.map(\.address)
        let mail = try composer.challenge(reference: reference, decision: decision, text: reply.rationale, from: read.sender ?? request.worker,
                                          to: leads.isEmpty ? [desk.rota.sharedMailbox] : leads, message: read)
        try enqueue(mail, requestId, nil)
        try ThreadMessage(messageIDHeader: mail.messageID, requestId: requestId).insert(db, onConflict: .ignore)
        try event(request, .challenged, at: incoming.arrivedAt, actor: read.sender ?? request.worker, message: read.messageID, now: now,
                  detail: reply.rationale, db: db)
        if read.replyAddress != nil {
            let names = desk.rota.leads.compactMap(\.name)
            let to = leads.isEmpty ? "the panel's duty mailbox" : "the panel lead" + (names.isEmpty ? "" : " (\(names.joined(separator: ", ")))")
            let note = PassedOn(reference: reference, kind: .challenge, to: to, due: nil)
            try enqueue(try composer.passedOn(note, message: read, arrivedAt: incoming.arrivedAt), requestId, nil)
        }
        return true
    }

    /// The worker's answer to a MORE INFO goes back to the member who asked, for a
    /// decision by the close of the day it arrives (the next working day's, outside
    /// working time): never to the back of next week's queue. Returns what the worker is
    /// to be told when it did.
    static func returnMoreInfo(
        requestId: Int64, read: ReadMessage, incoming: IncomingMessage, rawStore: RawMessageStore, settings: IntakeSettings,
        composer: some IntakeComposer, now: Date, enqueue: (OutgoingMail, Int64?, Int64?, Date?) throws -> Void, db: Database
    ) throws -> PassedOn? {
        guard let desk = settings.panel, var request = try StoredRequest.fetchOne(db, key: requestId), request.status == .moreInfoRequested,
              RequestChangeRule.refusal(sender: read.sender, people: [request.worker, request.workerEmail, request.teamManagerEmail], decided: false) == nil,
              let record = request.formRecord, let reference = RequestReference(request.reference)
        else { return nil }
        let form = FormParser(schema: settings.rules.schema).restore(record)
        guard form.isComplete else { return nil } // still missing something: the worker was told what
        let asked = try StoredDecision.filter(Column("requestId") == requestId && Column("action") == PanelAction.moreInfo.rawValue)
            .order(Column("id").desc).fetchOne(db)
        let member = asked.flatMap { EmailAddress($0.decidedBy, name: desk.authorisation.directory.member(for: $0.decidedBy)?.name) }
        let due = UrgentDecisionDue(arrival: incoming.arrivedAt, workingHours: desk.workingHours)
        request.status = .awaitingDecision
        request.dueAt = due.due
        try request.update(db)
        try event(request, .returned, at: incoming.arrivedAt, actor: read.sender ?? request.worker, message: read.messageID, now: now,
                  detail: "more information, back to \(member?.address ?? "the duty member"); due by \(due.dueText)", db: db)
        try queueDutyNotice(request, form: form, due: due, rawStore: rawStore, settings: settings, composer: composer, now: now,
                            to: member, information: QuotedText.strip(read.bodyText), enqueue: enqueue, db: db)
        return PassedOn(reference: reference, kind: .moreInfoAnswer, to: member?.name ?? member?.address ?? "the duty panel member", due: due.dueText)
    }

    /// Queues the duty member's notice of an urgent request that is complete: sent at
    /// once in working time, else when working time starts on the day it is due.
    static func queueDutyNotice(
        _ request: StoredRequest, form: RequestForm, due: UrgentDecisionDue, rawStore: RawMessageStore, settings: IntakeSettings,
        composer: some IntakeComposer, now: Date, to member: EmailAddress? = nil, immediately: Bool = false, information: String? = nil,
        enqueue: (OutgoingMail, Int64?, Int64?, Date?) throws -> Void, db: Database
    ) throws {
        guard let desk = settings.panel, let reference = RequestReference(request.reference), let id = request.id else { return }
        let token = try desk.authorisation.signer.token(for: VersionedReference(reference, version: request.version))
        let duty = member.map { OnDuty(contact: nil, address: $0, source: .override) } ?? desk.rota.onDuty(on: due.dueLocal.day)
        let notBefore = due.receivedInWorkingTime || immediately ? nil : desk.workingHours.instant(of: desk.workingHours.opens, on: due.dueLocal.day)
        let notice = RequestNotice(reference: reference, urgent: true, form: form, nextStep: nil, possibleDuplicateOf: request.possibleDuplicateOf)
        let attachments = try RequestFiles(store: rawStore, limit: desk.forwardLimit).files(of: request, db: db)
        let mail = try composer.dutyNotice(request: notice, due: due, to: duty.address, token: token, worker: request.worker, files: attachments, information: information)
        try enqueue(mail, id, nil, notBefore)
        try ThreadMessage(messageIDHeader: mail.messageID, requestId: id).insert(db, onConflict: .ignore)
        try event(request, .dutyNotified, at: due.arrival, actor: "panelmail", message: mail.messageID, now: now,
                  detail: "duty notice to \(duty.address.address)\(notBefore.map { $0 > now ? ", to go at the start of working time" : "" } ?? "")", db: db)
    }
}
