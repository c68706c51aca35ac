import Foundation

/// When panelmail's timed notices fall due: the urgent-request chase (to the duty panel
/// member at completion or opening time, a reminder at 15:00, the lead and worker at the
/// due time) and the weekly panel's deadline reminders, agenda and missed-deadline notices.
///
/// Pure: `dueNotices(for:after:through:)` takes the time of the last run and now, and
/// never reads a clock. The rules are in the extensions beside this file.
public struct PanelTimetable: Hashable, Sendable {
    public static let defaultUrgentReminderTime = LocalTime(valid: 15, 0)
    /// Tuesday and Wednesday 10:00 before a Thursday panel.
    public static let defaultDeadlineReminders = [SittingOffset(valid: 2, LocalTime(valid: 10, 0)), SittingOffset(valid: 1, LocalTime(valid: 10, 0))]
    /// However long panelmail was stopped, a run looks no further back than this for sittings.
    public static let sittingLookbackDays = 366

    public let schedule: PanelSchedule
    public let rota: DutyRota
    /// An urgent request still undecided at this time on its due day brings a reminder.
    public let urgentReminderTime: LocalTime
    /// Earliest first.
    public let deadlineReminders: [SittingOffset]

    /// - Parameter deadlineReminders: nil for the defaults, less any that would not come
    ///   before this schedule's deadline; a list given is checked, and every reminder must
    ///   come before the deadline ("2 days before at 10:00" for a deadline 1 day before at 13:00).
    public init(
        schedule: PanelSchedule, rota: DutyRota,
        urgentReminderTime: LocalTime = PanelTimetable.defaultUrgentReminderTime,
        deadlineReminders: [SittingOffset]? = nil
    ) throws(PanelTimetableError) {
        let hours = schedule.workingHours
        guard hours.opens < urgentReminderTime, urgentReminderTime < hours.closes else {
            throw PanelTimetableError.urgentReminderOutsideWorkingTime(urgentReminderTime, opens: hours.opens, closes: hours.closes)
        }
        let deadline = SittingOffset(valid: schedule.deadlineDaysBefore, schedule.deadlineTime)
        var reminders: [SittingOffset]
        if let deadlineReminders {
            reminders = []
            for reminder in deadlineReminders {
                guard reminder < deadline else { throw PanelTimetableError.reminderNotBeforeDeadline(reminder, deadline: deadline) }
                guard !reminders.contains(reminder) else { throw PanelTimetableError.duplicateReminder(reminder) }
                reminders.append(reminder)
            }
        } else {
            reminders = Self.defaultDeadlineReminders.filter { $0 < deadline }
        }
        self.schedule = schedule
        self.rota = rota
        self.urgentReminderTime = urgentReminderTime
        self.deadlineReminders = reminders.sorted()
    }

    public var workingHours: WorkingHours { schedule.workingHours }

    /// The key shared by every notice: `kind:ARP-2026-00042:qualifier`.
    static func key(_ kind: NoticeKind, _ parts: [String]) -> String {
        ([kind.name] + parts).joined(separator: ":")
    }

    /// `2026-09-08T10:00`.
    static func stamp(_ local: LocalDateTime) -> String { "\(local.day)T\(local.time)" }

    /// The leads, or the shared duty mailbox when nobody holds the lead role.
    var leadRecipients: [NoticeRecipient] {
        let leads = rota.leads
        return leads.isEmpty ? [.sharedMailbox(rota.sharedMailbox)] : leads.map { .lead($0) }
    }

    /// Every person on the panel list, or the shared duty mailbox when the list has nobody.
    var panelRecipients: [NoticeRecipient] {
        rota.contacts.isEmpty ? [.sharedMailbox(rota.sharedMailbox)] : rota.contacts.map { .member($0) }
    }
}
