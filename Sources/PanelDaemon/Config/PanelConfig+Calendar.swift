import Foundation
import PanelCore

/// The working-hours and weekly-panel sections of the configuration.
extension ConfigValues {
    static let weekdayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    /// "09:00". YAML 1.1 reads an unquoted 09:00 as the sexagesimal number 540; that is
    /// turned back into 09:00 rather than refused.
    mutating func localTime(_ key: String, default value: LocalTime) -> LocalTime {
        guard let text = string(key) else { return value }
        if let minutes = Int(text), !text.contains(":"), (0..<1440).contains(minutes), let time = LocalTime(hour: minutes / 60, minute: minutes % 60) {
            return time
        }
        do {
            return try LocalTime(parsing: text)
        } catch {
            problems.append("\(key): \(error)")
            return value
        }
    }

    /// "thursday" (or "thu"); ISO number 1 = Monday ... 7 = Sunday.
    mutating func weekday(_ key: String, text: String) -> Int? {
        let lower = text.lowercased()
        if let index = Self.weekdayNames.firstIndex(where: { $0 == lower || (lower.count >= 3 && $0.hasPrefix(lower)) }) {
            return index + 1
        }
        problems.append("\(key): \"\(text)\" is not a day of the week (write e.g. thursday)")
        return nil
    }

    /// "2026-12-24"
    mutating func day(_ key: String, text: String) -> CalendarDay? {
        if let day = CalendarDay(iso: text) { return day }
        problems.append("\(key): \"\(text)\" is not a date written as YYYY-MM-DD")
        return nil
    }

    /// The working-time calendar: hours, working days and the bank-holiday file.
    mutating func workingHours(timeZone zoneName: String) -> (hours: WorkingHours, holidaysFile: String?)? {
        let opens = localTime("working_hours.opens", default: WorkingHours.defaultOpens)
        let closes = localTime("working_hours.closes", default: WorkingHours.defaultCloses)
        var weekdays = WorkingHours.defaultWorkingWeekdays
        if let names = list("working_hours.days") {
            weekdays = Set(names.compactMap { weekday("working_hours.days", text: $0) })
        }
        // Configured: it must be readable. Not configured: bank-holidays.json next to the
        // configuration file if there is one; otherwise none, which check-config warns about.
        let configured = path("working_hours.bank_holidays_file")
        let file = configured ?? path("working_hours.bank_holidays_file", default: "bank-holidays.json")!
        let division = string("working_hours.bank_holidays_division") ?? BankHolidays.defaultDivision
        var holidays = BankHolidays()
        var loaded: String?
        if let data = FileManager.default.contents(atPath: file) {
            do {
                holidays = try BankHolidays(json: data, division: division)
                loaded = file
            } catch {
                problems.append("working_hours.bank_holidays_file: \(file): \(error)")
            }
        } else if configured != nil {
            problems.append("working_hours.bank_holidays_file: cannot read \(file): point it at a GOV.UK bank-holidays JSON file such as Config/bank-holidays.json")
        }
        do {
            return (try WorkingHours(timeZone: zoneName, opens: opens, closes: closes, workingWeekdays: weekdays, bankHolidays: holidays), loaded)
        } catch {
            problems.append("working_hours: \(error)")
            return nil
        }
    }

    /// The weekly panel: its day and time, the deadline before it, cancelled and extra sittings.
    mutating func panelSchedule(workingHours: WorkingHours) -> PanelSchedule? {
        let sittingDay = string("weekly_panel.weekday").flatMap { self.weekday("weekly_panel.weekday", text: $0) } ?? PanelSchedule.defaultWeekday
        let time = localTime("weekly_panel.time", default: PanelSchedule.defaultTime)
        let daysBefore = int("weekly_panel.deadline_days_before", default: PanelSchedule.defaultDeadlineDaysBefore, range: 0...28)
        let deadlineTime = localTime("weekly_panel.deadline_time", default: PanelSchedule.defaultDeadlineTime)
        let cancelled = Set((list("weekly_panel.cancelled") ?? []).compactMap { day("weekly_panel.cancelled", text: $0) })
        var extras: [LocalDateTime] = []
        for text in list("weekly_panel.extra_sittings") ?? [] {
            // "2026-12-22 10:00", or a date alone for the usual time.
            let parts = text.split(separator: " ", omittingEmptySubsequences: true)
            guard let first = parts.first, let day = day("weekly_panel.extra_sittings", text: String(first)) else { continue }
            var at = time
            if parts.count > 1 {
                do { at = try LocalTime(parsing: String(parts[1])) } catch {
                    problems.append("weekly_panel.extra_sittings: \"\(text)\": \(error)")
                    continue
                }
            }
            extras.append(LocalDateTime(day: day, time: at))
        }
        do {
            return try PanelSchedule(weekday: sittingDay, time: time, deadlineDaysBefore: daysBefore, deadlineTime: deadlineTime,
                                     cancelled: cancelled, extraSittings: extras, workingHours: workingHours)
        } catch {
            problems.append("weekly_panel: \(error)")
            return nil
        }
    }
}
