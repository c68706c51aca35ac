import Foundation

extension PanelTimetable {
    /// The deadline reminders for `sitting`, earliest first: each moved back to a working
    /// day, kept only when it comes before the sitting's deadline, and once per moment (a
    /// Tuesday panel's "2 days before" and "1 day before" both land on the Friday before a
    /// bank-holiday Monday).
    public func reminderMoments(for sitting: PanelSitting) -> [(local: LocalDateTime, instant: Date)] {
        var moments: [(local: LocalDateTime, instant: Date)] = []
        for offset in deadlineReminders {
            let local = offset.moment(before: sitting, workingHours: workingHours)
            let instant = workingHours.instant(of: local.time, on: local.day)
            guard instant < sitting.deadlineAt, !moments.contains(where: { $0.instant == instant }) else { continue }
            moments.append((local, instant))
        }
        return moments.sorted { $0.instant < $1.instant }
    }

    /// A weekly-panel request's deadline reminder and missed-deadline notice in `window`.
    ///
    /// - A reminder goes to a request received before the reminder's moment that is still
    ///   not ready (incomplete or lacking a sign-off) now, and only while its deadline is
    ///   ahead. When the daemon was stopped through two reminders, one is sent, not two.
    /// - At the deadline, a request not ready by then is told its next sitting, while that
    ///   sitting is still ahead.
    func weeklyNotices(for facts: RequestFacts, in window: NoticeWindow) -> [DueNotice] {
        guard !facts.isUrgent, !facts.isDecided, let day = facts.sittingDay, let sitting = schedule.sitting(on: day) else { return [] }
        var notices: [DueNotice] = []
        let reference = facts.reference
        let reminder = reminderMoments(for: sitting).last { moment in
            window.contains(moment.instant) && facts.receivedAt < moment.instant
        }
        if let reminder, window.now < sitting.deadlineAt, !facts.isReady(at: window.now) {
            let kind = NoticeKind.deadlineReminder(reference, sitting: sitting)
            let key = Self.key(kind, ["\(reference)", "\(sitting.day)", Self.stamp(reminder.local)])
            notices.append(window.notice(kind, key: key, meantFor: reminder.instant, local: reminder.local, recipients: [.worker(facts.worker)]))
        }
        if window.contains(sitting.deadlineAt), facts.receivedAt <= sitting.deadlineAt, !facts.isReady(at: sitting.deadlineAt) {
            let next = try? schedule.nextSitting(after: sitting.startsAt)
            if next.map({ window.now < $0.startsAt }) ?? true {
                let kind = NoticeKind.missedDeadline(reference, sitting: sitting, next: next)
                let key = Self.key(kind, ["\(reference)", "\(sitting.day)"])
                notices.append(window.notice(kind, key: key, meantFor: sitting.deadlineAt, local: sitting.deadline, recipients: [.worker(facts.worker)]))
            }
        }
        return notices
    }

    /// One agenda notice for each sitting whose deadline falls in `window` and which has not
    /// yet started, listing the requests ready by the deadline.
    func agendaNotices(for requests: [RequestFacts], in window: NoticeWindow) -> [DueNotice] {
        let today = workingHours.localDateTime(of: window.now).day
        let first = max(workingHours.localDateTime(of: window.lastRun).day, today.adding(days: -Self.sittingLookbackDays))
        // A deadline is at most 28 days before its sitting, moved back over a fortnight of holidays at most.
        let sittings = schedule.sittings(from: first, through: today.adding(days: 42))
        return sittings.compactMap { sitting in
            guard window.contains(sitting.deadlineAt), window.now < sitting.startsAt else { return nil }
            let listed = requests.filter {
                !$0.isUrgent && !$0.isDecided && $0.sittingDay == sitting.day && $0.isReady(at: sitting.deadlineAt)
            }.map(\.reference).sorted()
            let kind = NoticeKind.agendaFixed(sitting, listed: listed)
            let key = Self.key(kind, ["\(sitting.day)"])
            return window.notice(kind, key: key, meantFor: sitting.deadlineAt, local: sitting.deadline, recipients: panelRecipients)
        }
    }
}
