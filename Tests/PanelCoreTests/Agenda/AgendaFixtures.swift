import Foundation
@testable import PanelCore

/// Readable fixtures for the agenda tests: days as "2026-09-10", instants as UTC
/// "2026-09-10 09:00:00", the shipped Config/bank-holidays.json, and a small panel.
enum AgendaFixtures {
    // Days, times and instants as the calendar tests write them.
    static func day(_ iso: String) -> CalendarDay { CalendarFixtures.day(iso) }
    static func time(_ text: String) -> LocalTime { CalendarFixtures.time(text) }
    static func local(_ text: String) -> LocalDateTime { CalendarFixtures.local(text) }
    static func utc(_ text: String) -> Date { CalendarFixtures.utc(text) }
    static func utcText(_ instant: Date) -> String { CalendarFixtures.utcText(instant) }

    static func reference(_ text: String) -> RequestReference {
        guard let reference = RequestReference(text) else { fatalError("bad fixture reference \(text)") }
        return reference
    }

    static func address(_ text: String, name: String? = nil) -> EmailAddress {
        guard let address = EmailAddress(text, name: name) else { fatalError("bad fixture address \(text)") }
        return address
    }

    static var shippedBankHolidaysFile: URL { CalendarFixtures.shippedBankHolidaysFile }

    /// 09:00-17:00 Europe/London, Monday to Friday, with the shipped holidays.
    static func london() throws -> WorkingHours { try CalendarFixtures.london() }

    static let samMember = PanelMember(name: "Sam Patel", addresses: ["sam.patel@council.example"], roles: [.duty])
    static let alexMember = PanelMember(name: "Alex Morgan", addresses: ["Alex.Morgan@council.example", "a.morgan@council.example"], roles: [.duty, .lead])
    static let chrisMember = PanelMember(name: "Chris Lee", addresses: ["chris.lee@council.example"], roles: [.clerk])
    static let danaMember = PanelMember(name: "Dana Shaw", addresses: ["dana.shaw@council.example"], roles: [.finance])
    static let mailboxMember = PanelMember(name: "ARP duty", addresses: ["arp-duty@council.example"], roles: [.duty], isSharedMailbox: true)

    static func contact(_ member: PanelMember) -> PanelContact {
        guard let contact = try? PanelContact(member) else { fatalError("bad fixture member \(member)") }
        return contact
    }

    static var sam: PanelContact { contact(samMember) }
    static var alex: PanelContact { contact(alexMember) }
    static var chris: PanelContact { contact(chrisMember) }
    static var dana: PanelContact { contact(danaMember) }
    static let dutyMailbox = address("arp-duty@council.example")
    static let panelMailbox = address("panel@council.example", name: "Access to Resources Panel")
    static let worker = address("jo.bloggs@council.example", name: "Jo Bloggs")

    static func panel(_ members: [PanelMember] = [samMember, alexMember, chrisMember, danaMember, mailboxMember]) throws -> PanelDirectory {
        try PanelDirectory(members)
    }

    /// Sam on Monday, Wednesday, Friday; Alex on Tuesday and Thursday; the shared mailbox at weekends.
    static func rota(overrides: [CalendarDay: String] = [:]) throws -> DutyRota {
        try DutyRota(panel: panel(), sharedMailbox: dutyMailbox,
                     weekdays: [1: "Sam Patel", 2: "a.morgan@council.example", 3: "sam  patel", 4: "Alex Morgan", 5: "Sam Patel",
                                6: "ARP-duty@council.example"],
                     overrides: overrides)
    }

    /// The default timetable: Thursday 10:00 panel, deadline Wednesday 13:00, reminders
    /// Tuesday and Wednesday 10:00, urgent reminder 15:00.
    static func timetable(weekday: Int = 4, reminders: [SittingOffset]? = nil, cancelled: [String] = [], extra: [String] = []) throws -> PanelTimetable {
        let schedule = try PanelSchedule(weekday: weekday, cancelled: Set(cancelled.map(day)), extraSittings: extra.map(local), workingHours: london())
        return try PanelTimetable(schedule: schedule, rota: rota(), deadlineReminders: reminders)
    }

    static func sitting(_ iso: String, weekday: Int = 4) throws -> PanelSitting {
        let schedule = try PanelSchedule(weekday: weekday, workingHours: london())
        guard let sitting = schedule.sitting(on: day(iso)) else { fatalError("no sitting on \(iso)") }
        return sitting
    }
}
