import Foundation

/// Who is the duty panel member on a given day: a dated override if there is one, else the
/// member on the rota for that weekday, else the shared duty mailbox.
///
/// Plain data the configuration supplies, over the panel list (`PanelDirectory`): rota
/// entries name members by name or by any of their addresses, and each must hold the
/// `duty` role. An override may name the shared mailbox's address to send a day's duty
/// mail there (a rota member on leave with no cover).
///
/// The rota does not know working days: on a bank holiday it still names the weekday's
/// member, but panelmail sends duty notices only in working time.
public struct DutyRota: Hashable, Sendable {
    /// Every person on the panel list (shared mailboxes left out), in list order.
    public let contacts: [PanelContact]
    /// The fallback for days nobody is named.
    public let sharedMailbox: EmailAddress
    /// ISO weekday (1 = Monday ... 7 = Sunday) to the member on duty.
    public let weekdays: [Int: PanelContact]
    /// Dated overrides: `.override`, or `.sharedMailbox` for a day given to the shared mailbox.
    public let overrides: [CalendarDay: OnDuty]

    /// - Parameters:
    ///   - panel: the panel list.
    ///   - sharedMailbox: the shared duty mailbox.
    ///   - weekdays: ISO weekday to a member's name or address (the shared mailbox's
    ///     address, or no entry, gives the day to the shared mailbox).
    ///   - overrides: day to a member's name or address, or the shared mailbox's address.
    /// - Throws: `DutyRotaError` naming the setting that is wrong.
    public init(
        panel: PanelDirectory, sharedMailbox: EmailAddress,
        weekdays: [Int: String] = [:], overrides: [CalendarDay: String] = [:]
    ) throws(DutyRotaError) {
        var contacts: [PanelContact] = []
        for member in panel.members where !member.isSharedMailbox { contacts.append(try PanelContact(member)) }
        func dutyMember(_ text: String, setting: String) throws(DutyRotaError) -> PanelContact {
            let key = FormText.collapse(text).lowercased()
            guard let contact = contacts.first(where: { $0.name.lowercased() == key || $0.member.addresses.contains(key) }) else {
                throw DutyRotaError.unknownMember(text, setting: setting, known: contacts.map(\.name))
            }
            guard contact.member.roles.contains(.duty) else { throw DutyRotaError.notADutyMember(contact.name, setting: setting) }
            return contact
        }
        func isSharedMailbox(_ text: String) -> Bool { FormText.collapse(text).lowercased() == sharedMailbox.address.lowercased() }
        var byWeekday: [Int: PanelContact] = [:]
        for (weekday, name) in weekdays.sorted(by: { $0.key < $1.key }) {
            guard (1...7).contains(weekday) else { throw DutyRotaError.badWeekday(weekday) }
            if isSharedMailbox(name) { continue }
            byWeekday[weekday] = try dutyMember(name, setting: "the duty rota for \(CalendarText.weekdayName(weekday))")
        }
        var byDay: [CalendarDay: OnDuty] = [:]
        for (day, name) in overrides.sorted(by: { $0.key < $1.key }) {
            if isSharedMailbox(name) {
                byDay[day] = OnDuty(sharedMailbox: sharedMailbox)
            } else {
                byDay[day] = OnDuty(try dutyMember(name, setting: "the duty override for \(day)"), source: .override)
            }
        }
        self.contacts = contacts
        self.sharedMailbox = sharedMailbox
        self.weekdays = byWeekday
        self.overrides = byDay
    }

    /// Who is on duty on `day`.
    public func onDuty(on day: CalendarDay) -> OnDuty {
        if let override = overrides[day] { return override }
        if let contact = weekdays[day.weekday] { return OnDuty(contact, source: .weekday) }
        return OnDuty(sharedMailbox: sharedMailbox)
    }

    /// The panel leads, in list order; none means the lead's notices go to the shared mailbox.
    public var leads: [PanelContact] { contacts.filter { $0.member.roles.contains(.lead) } }
    public var clerks: [PanelContact] { contacts.filter { $0.member.roles.contains(.clerk) } }
}
