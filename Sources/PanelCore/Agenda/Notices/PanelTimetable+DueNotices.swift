import Foundation

extension PanelTimetable {
    /// The notices whose moment falls after `lastRun` and at or before `now`, in the order
    /// they were meant for (then by key).
    ///
    /// Run it on every pass with the `now` of the previous pass as `lastRun`. A moment missed
    /// while the daemon was stopped is in the window of the first pass after it restarts and
    /// is still sent (its `lateBy` says how late), unless it can no longer help: a deadline
    /// reminder after its deadline, an agenda after its sitting has started, a new panel date
    /// that has passed, anything for a decided request. Send each under its `key`, once: a
    /// pass repeated after a crash finds the same keys. When `now` is not after `lastRun`
    /// (the clock went back) nothing is due.
    ///
    /// On the first run ever, pass `now` as `lastRun` too, or a deliberate catch-up start.
    ///
    /// ```swift
    /// let now = clock.now
    /// for notice in timetable.dueNotices(for: store.openRequests(), after: store.lastRun, through: now) {
    ///     outbox.enqueueOnce(key: notice.key, render(notice))   // unique key: a repeat is a no-op
    /// }
    /// store.lastRun = now                                        // after the outbox has them
    /// ```
    public func dueNotices(for requests: [RequestFacts], after lastRun: Date, through now: Date) -> [DueNotice] {
        guard lastRun < now else { return [] }
        let window = NoticeWindow(lastRun: lastRun, now: now)
        var notices: [DueNotice] = []
        for facts in requests {
            notices += urgentNotices(for: facts, in: window)
            notices += weeklyNotices(for: facts, in: window)
        }
        notices += agendaNotices(for: requests, in: window)
        return notices.sorted { ($0.meantFor, $0.key) < ($1.meantFor, $1.key) }
    }
}
