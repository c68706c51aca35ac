import Foundation
import PanelCore

/// What the store did with one incoming message, for logging and for the server-side move.
public struct IntakeReceipt: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// One or more requests opened by one email (a sibling group), with their status.
        case newRequests([RequestOpened])
        /// A person's email with no form in it, answered with the blank form (or not
        /// answered, when `answered` is false: the sender's limit was reached).
        case notARequest(answered: Bool)
        case correspondence(reference: String, via: String)
        /// Form lines from the worker or team manager merged into a request.
        case formUpdate(FormUpdate)
        case automatic(reason: String)
        case bounce(outboxMatched: Bool, reason: String)
        case duplicate(of: String)
        case needsAttention(reason: String)
        /// A decision by email applied.
        case decided(reference: String, action: String)
        /// ENDORSE or NOT ENDORSED from a party of record.
        case signedOff(reference: String, role: String, endorsed: Bool)
        /// The clerk's LATE on an agenda: how many slots moved.
        case late(minutes: Int, moved: Int)
        /// The clerk's outcome lines on an agenda: how many were applied and refused.
        case outcomes(applied: Int, refused: Int)
        /// A worker's CHALLENGE of a decision, sent to the panel lead.
        case challenged(reference: String)
        /// A request withdrawn by its worker or team manager.
        case withdrawn(reference: String)
        /// A decision by email refused, with the reason (codes, no content).
        case decisionRefused(reference: String?, reason: String)
        /// Recorded by an earlier poll; only the server side was left to do.
        case alreadyRecorded
    }

    /// For the log: no names, no values.
    public struct RequestOpened: Sendable, Equatable {
        public var reference: String
        public var status: StoredRequest.Status
        public var urgent: Bool
        /// Problem codes ("missing caseID"), never the worker's values.
        public var problems: [String]
        public var possibleDuplicateOf: String?
    }

    public struct FormUpdate: Sendable, Equatable {
        public var reference: String
        public var status: StoredRequest.Status
        public var changedFields: [String]
        public var version: Int
    }

    public var location: MailboxLocation
    public var outcome: Outcome
    /// Outbox rows written for this message (acknowledgements, admin notices).
    public var queued: [String]
    /// Outbox rows held because a recipient is outside the allowed domains.
    public var held: [String]

    /// The references of the requests this message opened.
    public var openedReferences: [String] {
        if case .newRequests(let opened) = outcome { return opened.map(\.reference) }
        return []
    }
}

/// A request as an email to the worker describes it.
public struct RequestNotice: Sendable {
    public var reference: RequestReference
    public var urgent: Bool
    public var form: RequestForm
    /// What happens next, once complete.
    public var nextStep: String?
    public var possibleDuplicateOf: String?

    public init(reference: RequestReference, urgent: Bool, form: RequestForm, nextStep: String?, possibleDuplicateOf: String?) {
        self.reference = reference
        self.urgent = urgent
        self.form = form
        self.nextStep = nextStep
        self.possibleDuplicateOf = possibleDuplicateOf
    }
}

/// Renders the emails intake queues. The daemon supplies it (templates live there).
public protocol IntakeComposer: Sendable {
    /// The acknowledgement of the requests one email opened: each with its reference,
    /// what was understood, what is missing, and what happens next.
    func acknowledgement(requests: [RequestNotice], message: ReadMessage, arrivedAt: Date) throws -> OutgoingMail
    /// The answer to a reply that changed a request's form.
    func requestUpdate(request: RequestNotice, changes: [FormFieldChange], message: ReadMessage, arrivedAt: Date) throws -> OutgoingMail
    /// The answer to form lines in a thread of several requests that name none of them.
    func whichRequest(references: [RequestReference], message: ReadMessage, arrivedAt: Date) throws -> OutgoingMail
    /// The blank form, for an email that holds no request.
    func notARequest(message: ReadMessage, arrivedAt: Date) throws -> OutgoingMail
    /// Tells the sender that a person will look at documents panelmail could not read.
    func unreadableForm(documents: [UnreadableDocument], message: ReadMessage, arrivedAt: Date) throws -> OutgoingMail
    /// The duty panel member's notice of an urgent request to decide, with the token
    /// in the reply address and the subject.
    /// `information`: the worker's answer to the member's MORE INFO, when that is why.
    func dutyNotice(request: RequestNotice, due: UrgentDecisionDue, to: EmailAddress, token: DecisionToken, worker: String, files: [NoticeFile], information: String?) throws -> OutgoingMail
    /// A sign-off recorded: confirmed to the signer when endorsed; when not, the
    /// worker is told in their own thread, copied to the signer. `message` is the signer's reply.
    func signOffRecorded(_ notice: SignOffNotice, message: ReadMessage) throws -> OutgoingMail
    /// A withdrawal: confirmed to the worker in their thread (copied to the team
    /// manager, with the cancellation of a slot they were sent), or, with `panel`, the
    /// news for the members who were waiting to decide it or have it on their agenda.
    func withdrawal(_ notice: WithdrawalNotice, to: [EmailAddress], panel: Bool) throws -> OutgoingMail
    /// Tells the worker, in reply, that their email went on to a panel member: an
    /// answer to MORE INFO, or a CHALLENGE.
    func passedOn(_ note: PassedOn, message: ReadMessage, arrivedAt: Date) throws -> OutgoingMail
    /// The decision, to the worker in their own thread, copied to the team manager.
    func decision(_ notice: DecisionNotice) throws -> OutgoingMail
    /// A timed notice about an urgent request still undecided: the reminder (with the
    /// decision code), the report to the lead, the worker told it is late.
    /// `signOffs`: who has endorsed it so far, for the duty member to see.
    /// `missing`: for a deadline reminder, what the request still lacks.
    func timedNotice(_ notice: DueNotice, request: StoredRequest, form: RequestForm?, token: DecisionToken?, original: StoredMessage?, signOffs: [String], missing: [String]) throws -> OutgoingMail
    /// Asks a party of record (team manager, service manager, IRO) to reply ENDORSE or
    /// NOT ENDORSED <reason>, with the request's code.
    func signOffRequest(request: RequestNotice, role: PanelRole, to: EmailAddress, token: DecisionToken, worker: String) throws -> OutgoingMail
    /// The weekly panel's agenda, fixed at the deadline, to the panel members, with the CSV.
    /// `token` covers every request listed: the clerk replies with outcome lines.
    func agenda(sitting: PanelSitting, rows: [AgendaRow], to: [EmailAddress], token: DecisionToken) throws -> OutgoingMail
    /// What came of the clerk's outcome lines, line by line, to the clerk.
    func outcomeSummary(_ lines: [String], message: ReadMessage) throws -> OutgoingMail
    /// A worker's slot at the panel, with its calendar invitation, in their thread.
    func slotInvitation(slot: AgendaSlot, sitting: PanelSitting, request: StoredRequest, invitation: CalendarInvitation, original: StoredMessage?) throws -> OutgoingMail
    /// A worker's CHALLENGE of a decision, to the panel lead.
    func challenge(reference: RequestReference, decision: StoredDecision?, text: String, from worker: String, to leads: [EmailAddress], message: ReadMessage) throws -> OutgoingMail
    /// Why a decision by email was not applied, to its sender.
    func decisionRefused(explanation: String, message: ReadMessage) throws -> OutgoingMail
    /// Tells the admin that panelmail's own email bounced.
    func bounceNotice(original: OutboxMessage, reason: String, reference: String?) throws -> OutgoingMail
}

/// Settings intake applies inside the transaction.
public struct IntakeSettings: Sendable {
    public var timeZone: TimeZone
    public var attachmentLimit: Int
    public var recipientPolicy: RecipientPolicy
    /// How long the same mail from the same sender counts as a repeat, not a new request.
    public var repeatWindow: TimeInterval
    /// The form, working hours and the weekly panel.
    public var rules: RequestRules
    /// How many blank-form answers one sender gets within `repeatWindow`: a loop guard
    /// against auto-responders that ignore Auto-Submitted.
    public var notARequestAnswers: Int
    /// Set when the panel decides by email (a panel file is configured).
    public var panel: PanelDesk?

    public init(timeZone: TimeZone, attachmentLimit: Int, recipientPolicy: RecipientPolicy, rules: RequestRules, repeatWindow: TimeInterval = 86_400, notARequestAnswers: Int = 3, panel: PanelDesk? = nil) {
        self.timeZone = timeZone
        self.attachmentLimit = attachmentLimit
        self.recipientPolicy = recipientPolicy
        self.rules = rules
        self.repeatWindow = repeatWindow
        self.notARequestAnswers = notARequestAnswers
        self.panel = panel
    }
}
