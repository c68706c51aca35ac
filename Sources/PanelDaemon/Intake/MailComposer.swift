import Foundation
import PanelCore
import PanelStore

/// Builds the emails intake queues, from the templates, as replies in the worker's thread.
public struct MailComposer: IntakeComposer {
    let templates: TemplateRenderer
    let panelAddress: String
    let panelName: String
    let adminAddress: String
    let timeZone: TimeZone
    let schema: FormSchema
    let clock: any PanelClock

    public init(templates: TemplateRenderer, config: PanelConfig, clock: any PanelClock) {
        self.templates = templates
        self.panelAddress = config.panelAddress
        self.panelName = config.panelName
        self.adminAddress = config.adminAddress
        self.timeZone = config.timeZone
        self.schema = config.formSchema
        self.clock = clock
    }

    var panel: EmailAddress {
        EmailAddress(panelAddress, name: panelName)
            ?? EmailAddress(name: panelName, localPart: String(panelAddress.split(separator: "@").first ?? ""), domain: String(panelAddress.split(separator: "@").last ?? ""))
    }

    func address(_ text: String, name: String?) throws -> EmailAddress {
        guard let address = EmailAddress(text, name: name) else {
            throw ComposeError(description: "cannot write to \"\(text)\": not an email address")
        }
        return address
    }

    public func acknowledgement(requests: [RequestNotice], message: ReadMessage, arrivedAt: Date) throws -> OutgoingMail {
        let attachments: [[String: any Sendable]] = message.attachments.map {
            ["name": $0.filename ?? $0.contentType, "size": ByteSize($0.size).description]
        }
        let several = requests.count > 1
        let body = try templates.render(.acknowledgement, [
            "subject": message.subject,
            "worker_name": message.senderName ?? "",
            "received": PanelDateFormat.long(arrivedAt, timeZone: timeZone),
            "several": several,
            "count": requests.count,
            "requests": requests.map { context($0, namingReference: several) },
            "panel_name": panelName,
            "panel_address": panelAddress,
            "attachments": attachments,
            "has_attachments": !attachments.isEmpty,
        ])
        return try reply(to: message, purpose: "acknowledgement", references: requests.map(\.reference), body: body)
    }

    public func requestUpdate(request: RequestNotice, changes: [FormFieldChange], message: ReadMessage, arrivedAt: Date) throws -> OutgoingMail {
        var values = context(request, namingReference: false)
        values["worker_name"] = message.senderName ?? ""
        values["received"] = PanelDateFormat.long(arrivedAt, timeZone: timeZone)
        values["has_changes"] = !changes.isEmpty
        values["changes"] = changes.map { change -> [String: any Sendable] in
            var row: [String: any Sendable] = ["label": change.fieldLabel, "value": change.after ?? "(removed)"]
            // Absent rather than empty, so that "(was: …)" is left out for a new value.
            if let before = change.before { row["before"] = before }
            return row
        }
        values["panel_name"] = panelName
        values["panel_address"] = panelAddress
        let body = try templates.render(.requestUpdate, values)
        return try reply(to: message, purpose: "request-update", references: [request.reference], body: body)
    }

    public func whichRequest(references: [RequestReference], message: ReadMessage, arrivedAt: Date) throws -> OutgoingMail {
        let body = try templates.render(.whichRequest, [
            "worker_name": message.senderName ?? "",
            "received": PanelDateFormat.long(arrivedAt, timeZone: timeZone),
            "references": references.map { ["reference": $0.description] },
            "example": references.first?.description ?? "",
            "panel_address": panelAddress,
        ])
        return try reply(to: message, purpose: "which-request", references: references, body: body)
    }

    public func notARequest(message: ReadMessage, arrivedAt: Date) throws -> OutgoingMail {
        let body = try templates.render(.notARequest, Self.blankForm(schema).merging([
            "worker_name": message.senderName ?? "",
            "subject": message.subject,
            "received": PanelDateFormat.long(arrivedAt, timeZone: timeZone),
            "panel_name": panelName,
            "panel_address": panelAddress,
        ]) { $1 })
        return try reply(to: message, purpose: "not-a-request", references: [], body: body)
    }

    public func unreadableForm(documents: [UnreadableDocument], message: ReadMessage, arrivedAt: Date) throws -> OutgoingMail {
        let body = try templates.render(.needsAttention, [
            "worker_name": message.senderName ?? "",
            "subject": message.subject,
            "received": PanelDateFormat.long(arrivedAt, timeZone: timeZone),
            "problem": documents.map { $0.explanation.trimmingCharacters(in: CharacterSet(charactersIn: ". ")) }.joined(separator: "; "),
            "problems": documents.map { ["text": $0.explanation] },
            "panel_name": panelName,
            "panel_address": panelAddress,
        ])
        return try reply(to: message, purpose: "needs-attention", references: [], body: body)
    }

    public func dutyNotice(request: RequestNotice, due: UrgentDecisionDue, to: EmailAddress, token: DecisionToken, worker: String, files: [NoticeFile], information: String?) throws -> OutgoingMail {
        var values = context(request, namingReference: false)
        values["duty_name"] = to.name ?? "duty panel member"
        values["due"] = due.dueText
        values["worker"] = worker
        values["received"] = "Received " + due.receivedText + (due.receivedInWorkingTime ? "" : ", outside working time")
        values["has_attachments"] = !files.isEmpty
        values["attachments"] = files.map {
            ["name": $0.name, "size": ByteSize($0.size).description, "attached": $0.bytes != nil, "note": $0.note ?? ""] as [String: any Sendable]
        }
        values["panel_address"] = panelAddress
        if let information, !information.isEmpty { values["information"] = Self.preview(information, limit: 4000) }
        let body = try templates.render(.dutyNotice, values)
        let subject = "Urgent decision by \(due.dueText) [\(request.reference)] \(token.subjectTag)"
        return compose(purpose: "duty-notice", to: [to], subject: subject, inReplyTo: nil, references: [], body: body,
                       replyTo: token.replyAddress(panel: panel), attachments: files.compactMap(\.attachment))
    }

    public func decision(_ notice: DecisionNotice) throws -> OutgoingMail {
        let outcome: String
        switch notice.action {
        case .approve: outcome = "Approved"
        case .decline: outcome = "Declined"
        case .moreInfo: outcome = "More information needed"
        case .alternatives: outcome = "Explore the alternatives first"
        default: outcome = "Deferred to the weekly panel"
        }
        let body = try templates.render(.decision, [
            "panel_name": panelName, "reference": notice.reference.description, "outcome": outcome,
            "terms": notice.terms, "decided_by": notice.decidedBy, "rationale": notice.rationale,
            "more_info": notice.action == .moreInfo, "deferred": notice.action == .deferToPanel,
            "alternatives": notice.action == .alternatives,
            "panel_address": panelAddress,
        ])
        let cc = try notice.copies.map { try address($0, name: nil) }
        return compose(purpose: "decision", to: [try address(notice.worker, name: nil)], cc: cc,
                       subject: ReplySubject.reply(to: notice.subject, reference: notice.reference),
                       inReplyTo: notice.inReplyTo, references: notice.references, body: body)
    }

    public func timedNotice(_ notice: DueNotice, request: StoredRequest, form: RequestForm?, token: DecisionToken?, original: StoredMessage?, signOffs: [String], missing: [String]) throws -> OutgoingMail {
        guard let reference = RequestReference(request.reference) else {
            throw ComposeError(description: "request \(request.reference) has no reference panelmail can write")
        }
        let due = request.dueAt.map { PanelDateFormat.long($0, timeZone: timeZone) } ?? "today"
        var values: [String: any Sendable] = [
            "reference": reference.description, "due": due, "worker": request.worker, "panel_name": panelName,
            "panel_address": panelAddress, "subject": request.subject,
            "sign_offs": signOffs.map { ["text": $0] as [String: any Sendable] }, "has_sign_offs": !signOffs.isEmpty,
        ]
        if let form {
            values["fields"] = fields(of: form)
        }
        let to = notice.addresses
        switch notice.kind {
        case .urgentReminder:
            let body = try templates.render(.urgentReminder, values)
            let tag = token.map { " \($0.subjectTag)" } ?? ""
            return compose(purpose: "urgent-reminder", to: to, subject: "Reminder: urgent decision due by \(due) [\(reference)]\(tag)",
                           inReplyTo: nil, references: [], body: body, replyTo: token.map { $0.replyAddress(panel: panel) })
        case .deadlineReminder(_, let sitting), .missedDeadline(_, let sitting, _):
            values["sitting"] = sitting.startText
            values["deadline"] = sitting.deadlineText
            values["missing"] = missing.map { ["text": $0] as [String: any Sendable] }
            var purpose = "deadline-reminder"
            var name = TemplateRenderer.Name.deadlineReminder
            if case .missedDeadline(_, _, let next) = notice.kind {
                purpose = "missed-deadline"
                name = .missedDeadline
                if let next { values["next"] = next.startText }
            }
            let body = try templates.render(name, values)
            let id = original?.messageIDHeader
            return compose(purpose: purpose, to: to, subject: ReplySubject.reply(to: request.subject, reference: reference),
                           inReplyTo: id, references: [id].compactMap { $0 }, body: body)
        case .urgentOverdueToWorker:
            let body = try templates.render(.urgentLate, values)
            let id = original?.messageIDHeader
            return compose(purpose: "urgent-late", to: to, subject: ReplySubject.reply(to: request.subject, reference: reference),
                           inReplyTo: id, references: [id].compactMap { $0 }, body: body)
        default:
            let body = try templates.render(.urgentOverdue, values)
            return compose(purpose: "urgent-overdue", to: to, subject: "Late: urgent decision on \(reference) was due by \(due) [\(reference)]",
                           inReplyTo: nil, references: [], body: body)
        }
    }

    public func signOffRequest(request: RequestNotice, role: PanelRole, to: EmailAddress, token: DecisionToken, worker: String) throws -> OutgoingMail {
        var values = context(request, namingReference: false)
        values["name"] = to.name ?? "colleague"
        values["role"] = role.spokenName
        values["worker"] = worker
        values["panel_address"] = panelAddress
        let body = try templates.render(.signOffRequest, values)
        return compose(purpose: "sign-off-request", to: [to], subject: "Sign-off needed: \(request.reference) [\(request.reference)] \(token.subjectTag)",
                       inReplyTo: nil, references: [], body: body, replyTo: token.replyAddress(panel: panel))
    }

    public func outcomeSummary(_ lines: [String], message: ReadMessage) throws -> OutgoingMail {
        let body = try templates.render(.outcomeSummary, ["lines": lines.map { ["text": $0] as [String: any Sendable] }, "panel_address": panelAddress])
        return try reply(to: message, purpose: "outcome-summary", references: [], body: body)
    }

    public func agenda(sitting: PanelSitting, rows: [AgendaRow], to: [EmailAddress], token: DecisionToken) throws -> OutgoingMail {
        let body = try templates.render(.agenda, [
            "sitting": sitting.startText, "count": rows.count, "has_rows": !rows.isEmpty,
            "rows": rows.map { row -> [String: any Sendable] in
                ["time": row.slot.timeText, "reference": row.slot.reference.description, "locality": row.slot.request.locality,
                 "resource": row.resourceType, "cost": row.cost?.description ?? "", "worker": row.worker,
                 "urgent": row.isUrgent, "sign_offs": row.signOffs]
            },
            "panel_name": panelName, "panel_address": panelAddress,
        ])
        return compose(purpose: "agenda", to: to, subject: "Agenda: \(panelName), \(sitting.startText) \(token.subjectTag)", inReplyTo: nil, references: [],
                       body: body, replyTo: token.replyAddress(panel: panel), attachments: [AgendaCSV.attachment(rows, sitting: sitting)])
    }

    public func slotInvitation(slot: AgendaSlot, sitting: PanelSitting, request: StoredRequest, invitation: CalendarInvitation, original: StoredMessage?) throws -> OutgoingMail {
        let body = try templates.render(.slotInvitation, [
            "reference": slot.reference.description, "sitting": sitting.startText, "time": slot.timeText,
            "panel_name": panelName, "panel_address": panelAddress,
        ])
        guard let reference = RequestReference(request.reference) else { throw ComposeError(description: "no reference") }
        let id = original?.messageIDHeader
        return compose(purpose: "slot-invitation", to: [try address(request.worker, name: nil)],
                       subject: ReplySubject.reply(to: request.subject, reference: reference),
                       inReplyTo: id, references: [id].compactMap { $0 }, body: body, attachments: [invitation.attachment()])
    }

    public func challenge(reference: RequestReference, decision: StoredDecision?, text: String, from worker: String, to leads: [EmailAddress], message: ReadMessage) throws -> OutgoingMail {
        let body = try templates.render(.challenge, [
            "reference": reference.description, "worker": worker, "text": text,
            "decision": decision.map { "\($0.action.uppercased())\($0.terms.isEmpty ? "" : " " + $0.terms) by \($0.signedName ?? $0.decidedBy)" } ?? "",
            "rationale": decision?.rationale ?? "",
            "received": PanelDateFormat.long(clock.now, timeZone: timeZone), "panel_address": panelAddress,
        ])
        return compose(purpose: "challenge", to: leads, subject: "Challenge of the decision on \(reference) [\(reference)]",
                       inReplyTo: message.messageID, references: [message.messageID].compactMap { $0 }, body: body)
    }

    public func signOffRecorded(_ notice: SignOffNotice, message: ReadMessage) throws -> OutgoingMail {
        let body = try templates.render(.signOffRecorded, [
            "endorsed": notice.endorsed, "urgent": notice.urgent, "signer": notice.signer, "role": notice.role.spokenName,
            "reference": notice.reference.description, "comment": notice.comment, "panel_address": panelAddress,
        ])
        if notice.endorsed {
            return try reply(to: message, purpose: "sign-off-recorded", references: [notice.reference], body: body)
        }
        let signer = try address(notice.signerAddress, name: notice.signer == notice.signerAddress ? nil : notice.signer)
        return compose(purpose: "not-endorsed", to: [try address(notice.worker, name: nil)], cc: [signer],
                       subject: ReplySubject.reply(to: notice.subject, reference: notice.reference),
                       inReplyTo: notice.inReplyTo, references: notice.references, body: body)
    }

    public func withdrawal(_ notice: WithdrawalNotice, to recipients: [EmailAddress], panel: Bool) throws -> OutgoingMail {
        let body = try templates.render(.withdrawn, [
            "panel": panel, "reference": notice.reference.description, "withdrawn_by": notice.withdrawnBy,
            "reason": notice.reason, "was": notice.was, "slot": notice.slotText ?? "", "panel_address": panelAddress,
        ])
        if panel {
            return compose(purpose: "withdrawn-notice", to: recipients, subject: "Withdrawn: \(notice.reference) [\(notice.reference)]",
                           inReplyTo: nil, references: [], body: body)
        }
        return compose(purpose: "withdrawn", to: Array(recipients.prefix(1)), cc: Array(recipients.dropFirst()),
                       subject: ReplySubject.reply(to: notice.subject, reference: notice.reference),
                       inReplyTo: notice.inReplyTo, references: notice.references, body: body,
                       attachments: notice.cancelledSlot.map { [$0.attachment()] } ?? [])
    }

    public func passedOn(_ note: PassedOn, message: ReadMessage, arrivedAt: Date) throws -> OutgoingMail {
        let body = try templates.render(.passedOn, [
            "worker_name": message.senderName ?? "", "received": PanelDateFormat.long(arrivedAt, timeZone: timeZone),
            "reference": note.reference.description, "to": note.to, "due": note.due ?? "",
            "more_info": note.kind == .moreInfoAnswer, "challenge": note.kind == .challenge, "panel_address": panelAddress,
        ])
        return try reply(to: message, purpose: "passed-on", references: [note.reference], body: body)
    }

    public func decisionRefused(explanation: String, message: ReadMessage) throws -> OutgoingMail {
        let body = try templates.render(.decisionRefused, ["explanation": explanation, "panel_address": panelAddress])
        return try reply(to: message, purpose: "decision-refused", references: RequestReference.tags(inSubject: message.subject), body: body)
    }

    /// A reply in the sender's thread, with the references in the subject.
    func reply(to message: ReadMessage, purpose: String, references tags: [RequestReference], body: String) throws -> OutgoingMail {
        let recipient = message.replyAddress ?? message.sender ?? ""
        var references = message.references
        if let id = message.messageID, !references.contains(id) { references.append(id) }
        return compose(
            purpose: purpose,
            to: [try address(recipient, name: message.senderName)],
            subject: ReplySubject.reply(to: message.subject, references: tags),
            inReplyTo: message.messageID, references: Array(references.suffix(20)), body: body)
    }

    /// One request's part of an acknowledgement or update.
    func context(_ notice: RequestNotice, namingReference: Bool) -> [String: any Sendable] {
        let form = notice.form
        let blocking = form.blockingProblems
        var fixLines: [[String: any Sendable]] = namingReference ? [["line": notice.reference.description]] : []
        var seen: Set<String> = []
        for problem in blocking where seen.insert(problem.fieldLabel).inserted {
            fixLines.append(["line": "\(problem.fieldLabel): "])
        }
        let notes = form.problems.filter { !$0.isBlocking }
        var values: [String: any Sendable] = [
            "reference": notice.reference.description,
            "urgent": notice.urgent,
            "complete": form.isComplete,
            "incomplete": !form.isComplete,
            "problems": blocking.map { ["text": $0.message] },
            "has_notes": !notes.isEmpty,
            "notes": notes.map { ["text": $0.message] },
            "fix_lines": fixLines,
            "fields": fields(of: form),
            "next_step": notice.nextStep ?? "",
        ]
        // Absent rather than empty, so that the template's section is skipped.
        if let duplicate = notice.possibleDuplicateOf { values["duplicate_of"] = duplicate }
        if let type = form.resourceType, let guidance = type.guidance {
            values["guidance"] = guidance
            values["guidance_type"] = type.name
        }
        return values
    }

    /// The values as understood, in the form's order, with the total where there is one.
    func fields(of form: RequestForm) -> [[String: any Sendable]] {
        var rows: [[String: any Sendable]] = []
        for field in schema.fields {
            guard let value = form.values[field.key] else { continue }
            // A value over several lines keeps its lines, indented under the label; a
            // long one (a reason in pages) is shown by its beginning.
            let text = Self.preview(value.description).split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n    ")
            rows.append(["label": field.label, "value": text])
            if field.key == .cost, let total = form.totalPence, form.cost?.frequency != .oneOff {
                rows.append(["label": "Total", "value": Cost.pounds(total)])
            }
        }
        return rows
    }

    /// The first `limit` characters of a long value, cut at a space, with how much more
    /// there is; short values whole.
    static func preview(_ text: String, limit: Int = 400) -> String {
        // Counting characters is linear in the text: only the part kept is walked.
        guard text.utf8.count > limit else { return text }
        var cut = text.prefix(limit)
        guard cut.endIndex < text.endIndex else { return text }
        if let space = cut.lastIndex(where: { $0 == " " || $0 == "\n" }), cut.distance(from: cut.startIndex, to: space) > limit / 2 {
            cut = cut[..<space]
        }
        return "\(cut) […] (continues; kept in full)"
    }

    /// The blank form, from the configured fields.
    static func blankForm(_ schema: FormSchema) -> [String: any Sendable] {
        [
            "form_fields": schema.fields.map { ["label": $0.label, "required": $0.isRequired] as [String: any Sendable] },
            "required_labels": schema.fields.filter(\.isRequired).map(\.label).joined(separator: ", "),
            "resource_types": schema.resourceTypes.map(\.name).joined(separator: ", "),
        ]
    }

    public func bounceNotice(original: OutboxMessage, reason: String, reference: String?) throws -> OutgoingMail {
        let body = try templates.render(.bounceNotice, [
            "reference": reference ?? "",
            "recipients": original.recipientList.joined(separator: ", "),
            "reason": reason,
            "purpose": original.purpose,
            "message_id": original.messageIDHeader,
            "sent": original.sentAt.map { PanelDateFormat.long($0, timeZone: timeZone) } ?? "not recorded",
            "panel_name": panelName,
        ])
        let subject = "Undelivered: \(original.purpose)" + (reference.map { " [\($0)]" } ?? "")
        return compose(purpose: "bounce-notice", to: [try address(adminAddress, name: nil)], subject: subject, inReplyTo: nil, references: [], body: body)
    }

    func compose(purpose: String, to: [EmailAddress], cc: [EmailAddress] = [], subject: String, inReplyTo: String?, references: [String], body: String, replyTo: EmailAddress? = nil, attachments: [OutgoingAttachment] = []) -> OutgoingMail {
        var generator = SystemRandomNumberGenerator()
        let messageID = MessageIDFactory.make(random: &generator, domain: String(panelAddress.split(separator: "@").last ?? "localhost"))
        let message = OutgoingMessage(
            from: panel, to: to, cc: cc, replyTo: replyTo, subject: subject, messageID: messageID, date: clock.now,
            inReplyTo: inReplyTo, references: references,
            extraHeaders: [
                // RFC 3834: mark automatic answers, and ask Exchange not to answer them.
                HeaderField("Auto-Submitted", "auto-replied"),
                HeaderField("X-Auto-Response-Suppress", "All"),
            ],
            textBody: body, attachments: attachments)
        return OutgoingMail(purpose: purpose, messageID: messageID, envelopeFrom: panelAddress, recipients: (to + cc).map(\.address), bytes: message.render())
    }
}

/// Dates as the panel writes them: "Monday 7 September 2026 at 10:12". Written by hand
/// from calendar components: an ICU date formatter per email costs more than the rest
/// of an acknowledgement, and English names never change.
public enum PanelDateFormat {
    static let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

    static func components(_ date: Date, _ timeZone: TimeZone) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute], from: date)
    }

    static func two(_ n: Int?) -> String {
        let value = n ?? 0
        return value < 10 ? "0\(value)" : "\(value)"
    }

    public static func long(_ date: Date, timeZone: TimeZone) -> String {
        let c = components(date, timeZone)
        return "\(weekdays[((c.weekday ?? 1) - 1) % 7]) \(c.day ?? 0) \(months[((c.month ?? 1) - 1) % 12]) \(c.year ?? 0) at \(two(c.hour)):\(two(c.minute))"
    }

    /// For listings: "2026-09-07 10:12".
    public static func short(_ date: Date, timeZone: TimeZone) -> String {
        let c = components(date, timeZone)
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute))"
    }
}

public struct ComposeError: Error, Sendable, CustomStringConvertible {
    public let description: String
}
