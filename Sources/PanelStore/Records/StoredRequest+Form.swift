import Foundation
import PanelCore

extension StoredRequest {
    /// Records a form and, unless `progress` is nil (a complete request that stays
    /// complete keeps its place), where the request now stands.
    mutating func apply(form: RequestForm, progress: RequestProgress?, eventTime: Date) {
        self.form = FormRecord(form).json
        problems = form.blockingProblems.map(\.message).joined(separator: "\n")
        caseID = form.caseID.map { $0.trimmingCharacters(in: .whitespaces) }
        caseKey = caseID.map(Self.caseKey)
        resourceType = form.resourceType?.name
        workerEmail = form.person(.socialWorker)?.email
        teamManagerEmail = form.person(.teamManager)?.email
        guard let progress else { return }
        completedAt = nil
        dueAt = nil
        panelSittingAt = nil
        panelDeadlineAt = nil
        switch progress {
        case .incomplete:
            status = .incomplete
        case .awaitingDecision(let due):
            status = .awaitingDecision
            completedAt = eventTime
            dueAt = due.due
        case .listed(let assignment):
            status = .listed
            completedAt = eventTime
            panelSittingAt = assignment.sitting.startsAt
            panelDeadlineAt = assignment.sitting.deadlineAt
        case .unplaced:
            status = .listed
            completedAt = eventTime
        }
    }

    /// The form as the panel reads it today (nil for requests from before forms).
    public func form(schema: FormSchema) -> RequestForm? {
        formRecord.map { FormParser(schema: schema).restore($0) }
    }

    /// A case ID as compared: trimmed, spaces collapsed, lower case.
    static func caseKey(_ caseID: String) -> String {
        caseID.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ").lowercased()
    }

    /// What happens next to a complete request, from what is stored: for a reply that
    /// changed details without moving the request. Nil while incomplete.
    public func standingText(rules: RequestRules) -> String? {
        switch status {
        case .open, .incomplete, .approved, .declined, .alternativesAdvised, .withdrawn:
            return nil
        case .moreInfoRequested:
            return "your reply goes back to the duty panel member who asked for more information, for a decision today."
        case .awaitingDecision:
            guard let completedAt else { return nil }
            return NextStep.urgentDecision(UrgentDecisionDue(arrival: completedAt, workingHours: rules.workingHours)).text
        case .listed:
            guard let panelSittingAt else { return RequestProgress.unplaced(reason: "").nextStepText }
            let sitting = CalendarText.dayAndTime(rules.workingHours.localDateTime(of: panelSittingAt))
            return "your request stays listed for the panel on \(sitting), provisionally until its sign-offs are in."
        }
    }
}
