import Foundation
import PanelCore
import PanelStore
import Yams

/// The panel itself, from its own file (`panel.members_file`, default `panel.yaml`
/// next to the configuration): who sits on it with which roles, the duty rota and the
/// shared duty mailbox, and which role may do what.
public struct PanelSetup: Sendable {
    public var directory: PanelDirectory
    public var rota: DutyRota
    public var permissions: PanelPermissions
    /// The file it was read from.
    public var source: String

    /// The file as written: plain data, checked by `PanelSetup.init(file:text:)`.
    struct File: Decodable {
        struct Member: Decodable {
            var name: String
            var addresses: [String]
            var roles: [String]
        }
        var members: [Member]
        var dutyMailbox: String
        var rota: [String: String]?
        var overrides: [String: String]?
        var permissions: [String: [String]]?

        enum CodingKeys: String, CodingKey {
            case members, rota, overrides, permissions
            case dutyMailbox = "duty_mailbox"
        }
    }

    static let weekdays = ["monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7]

    /// Reads the panel file's text; every problem is a sentence naming the setting.
    init(file path: String, text: String) throws(ConfigError) {
        let file: File
        do {
            file = try YAMLDecoder().decode(File.self, from: text)
        } catch {
            throw ConfigError(problems: ["\(path): \(ConfigValues.explain(error)) (it lists members with name, addresses and roles, then duty_mailbox, rota, overrides and permissions)"])
        }
        var problems: [String] = []
        guard let mailbox = EmailAddress(file.dutyMailbox.lowercased(), name: "Duty panel member") else {
            throw ConfigError(problems: ["\(path): duty_mailbox: \"\(file.dutyMailbox)\" is not an email address"])
        }
        var members = file.members.map { member in
            PanelMember(name: member.name, addresses: member.addresses.map { $0.lowercased() }, roles: Set(member.roles.map { PanelRole($0.lowercased()) }))
        }
        // The shared duty mailbox decides as the duty member, signing with a name.
        members.append(PanelMember(name: "Duty mailbox", addresses: [mailbox.address], roles: [.duty], isSharedMailbox: true))
        let directory: PanelDirectory
        do {
            directory = try PanelDirectory(members)
        } catch {
            throw ConfigError(problems: ["\(path): \(error)"])
        }
        var weekdays: [Int: String] = [:]
        for (day, name) in file.rota ?? [:] {
            guard let weekday = Self.weekdays[day.lowercased()] else {
                problems.append("\(path): rota: \"\(day)\" is not a weekday (monday ... sunday)")
                continue
            }
            weekdays[weekday] = name
        }
        var overrides: [CalendarDay: String] = [:]
        for (text, name) in file.overrides ?? [:] {
            guard let day = CalendarDay(iso: text) else {
                problems.append("\(path): overrides: \"\(text)\" is not a date written YYYY-MM-DD")
                continue
            }
            overrides[day] = name
        }
        var rota: DutyRota?
        do {
            rota = try DutyRota(panel: directory, sharedMailbox: mailbox, weekdays: weekdays, overrides: overrides)
        } catch {
            problems.append("\(path): \(error)")
        }
        var permissions = PanelPermissions.standard
        if let table = file.permissions {
            do {
                permissions = try PanelPermissions(config: table)
            } catch {
                problems.append("\(path): permissions: \(error)")
            }
        }
        guard problems.isEmpty, let rota else { throw ConfigError(problems: problems) }
        self.directory = directory
        self.rota = rota
        self.permissions = permissions
        self.source = path
    }
}

extension PanelConfig {
    /// The timed notices (urgent reminders and escalation); nil without a panel file.
    public var panelTimetable: PanelTimetable? {
        guard let panel else { return nil }
        return try? PanelTimetable(schedule: panelSchedule, rota: panel.rota, urgentReminderTime: urgentReminderTime,
                                   deadlineReminders: deadlineReminders)
    }

    /// What intake needs to take decisions by email; nil without a panel file.
    public var panelDesk: PanelDesk? {
        guard let panel, let decisionKey else { return nil }
        return PanelDesk(
            authorisation: DecisionAuthorisation(directory: panel.directory, permissions: panel.permissions, signer: DecisionTokenSigner(key: decisionKey)),
            rota: panel.rota, workingHours: workingHours, requiredSignOffs: requiredSignOffs,
            agendaStart: agendaStart, slotMinutes: slotMinutes, forwardLimit: forwardLimit)
    }
}

extension ConfigValues {
    /// The sign-offs a request needs before the weekly panel (`decisions.sign_offs`):
    /// any of team-manager, service-manager, iro; default team-manager.
    mutating func requiredSignOffs() -> [PanelRole] {
        guard let names = list("decisions.sign_offs") else { return [.teamManager] }
        var roles: [PanelRole] = []
        for name in names.map({ $0.lowercased() }) {
            guard ["team-manager", "service-manager", "iro"].contains(name) else {
                problems.append("decisions.sign_offs: \"\(name)\" is not one of team-manager, service-manager, iro")
                continue
            }
            roles.append(PanelRole(name))
        }
        return roles
    }

    /// The evidence of a sender the receiving server adds (`decisions.*`):
    /// `Authentication-Results` from `authserv_id` (default: the IMAP host), written
    /// by the `receiving_hosts` (default: the IMAP host), and with
    /// `internal_marker: exchange`, Exchange Online's internal-mail marker too.
    mutating func senderAuthentication(imapHost: String, panelDomain: String) -> SenderAuthentication {
        let hosts = (list("decisions.receiving_hosts") ?? [imapHost]).map { HostPattern($0.lowercased()) }
        var methods: [SenderAuthentication.Method] = [.authenticationResults(authservID: string("decisions.authserv_id") ?? imapHost)]
        switch string("decisions.internal_marker")?.lowercased() {
        case nil, "none": break
        case "exchange": methods.append(.internalMarker(.exchangeOnline(domains: [panelDomain])))
        case let other?: problems.append("decisions.internal_marker: \"\(other)\" is not one of none, exchange")
        }
        return SenderAuthentication(receivingHosts: hosts, methods: methods)
    }

    /// The server secret decision tokens are made with: `DECISIONS_SECRET` in the
    /// environment, or `decisions.secret_file`. Required with a panel file.
    mutating func decisionKey(required: Bool) -> DecisionKey? {
        var secret = string("decisions.secret", secret: true)
        if secret == nil, let file = path("decisions.secret_file") {
            switch Self.readSecret(file) {
            case .success(let text): secret = text
            case .failure(let failure):
                problems.append("decisions.secret_file: \(failure.message)")
                return nil
            }
        }
        guard let secret else {
            if required {
                problems.append("decisions: no secret for decision tokens: set DECISIONS_SECRET in the environment or decisions.secret_file (make one with: openssl rand -base64 32 > /etc/panelmail/decision.key; chmod 600 it)")
            }
            return nil
        }
        do {
            return try DecisionKey(secret: Array(secret.utf8))
        } catch {
            problems.append("decisions: the secret is too short: use at least \(DecisionKey.minimumBytes) characters (openssl rand -base64 32)")
            return nil
        }
    }

    /// The panel file, when there is one: `panel.members_file`, or `panel.yaml` next to
    /// the configuration. Without it panelmail reads requests but sends no duty notices.
    mutating func panelSetup() -> PanelSetup? {
        let named = path("panel.members_file")
        guard let file = named ?? path("panel.members_file", default: "panel.yaml") else { return nil }
        guard FileManager.default.fileExists(atPath: file) else {
            if named != nil { problems.append("panel.members_file: cannot read \(file): check the path (relative paths are relative to the configuration file)") }
            return nil
        }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            problems.append("panel.members_file: cannot read \(file)")
            return nil
        }
        do {
            return try PanelSetup(file: file, text: text)
        } catch {
            problems += error.problems
            return nil
        }
    }
}
