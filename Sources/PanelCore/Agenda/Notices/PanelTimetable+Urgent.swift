import Foundation

extension PanelTimetable {
    /// The urgent chase for a complete urgent request, or nil for any other.
    ///
    /// The reminder is sent only when the request was with the duty member before the
    /// reminder time: one completed at 14:59:59 gets both notices, one at 15:00:00 only the first.
    public func urgentMoments(for facts: RequestFacts) -> UrgentMoments? {
        guard facts.isUrgent, let completedAt = facts.completedAt else { return nil }
        let due = facts.urgentDueAt ?? UrgentDecisionDue(arrival: completedAt, workingHours: workingHours).due
        let dueDay = workingHours.localDateTime(of: due).day
        let ready = min(workingHours.opening(atOrAfter: completedAt), due)
        let reminder = workingHours.instant(of: urgentReminderTime, on: dueDay)
        return UrgentMoments(ready: ready, reminder: ready < reminder && reminder < due ? reminder : nil, due: due, dueDay: dueDay)
    }

    /// The urgent notices for one request whose moments fall in `window`.
    func urgentNotices(for facts: RequestFacts, in window: NoticeWindow) -> [DueNotice] {
        guard !facts.isDecided, let moments = urgentMoments(for: facts) else { return [] }
        let dueLocal = workingHours.localDateTime(of: moments.due)
        let duty = NoticeRecipient.duty(rota.onDuty(on: moments.dueDay))
        let reference = facts.reference
        var planned: [(NoticeKind, Date, [NoticeRecipient])] = [
            (.urgentReady(reference, due: dueLocal), moments.ready, [duty]),
            (.urgentOverdue(reference, due: dueLocal), moments.due, leadRecipients),
            (.urgentOverdueToWorker(reference, due: dueLocal), moments.due, [.worker(facts.worker)]),
        ]
        if let reminder = moments.reminder {
            planned.append((.urgentReminder(reference, due: dueLocal), reminder, [duty] + leadRecipients))
        }
        return planned.compactMap { kind, moment, recipients in
            guard window.contains(moment) else { return nil }
            let local = workingHours.localDateTime(of: moment)
            let key = Self.key(kind, ["\(reference)", "v\(facts.revision)", "\(local.day)"])
            return window.notice(kind, key: key, meantFor: moment, local: local, recipients: recipients)
        }
    }
}
