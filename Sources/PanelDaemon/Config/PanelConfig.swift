import Configuration
import Foundation
import MailTransport
import PanelCore

/// Everything panelmail is told by its operator: one YAML file, every key overridable by
/// an environment variable (`imap.poll_interval` → `IMAP_POLL_INTERVAL`).
public struct PanelConfig: Sendable {
    public struct Server: Sendable {
        public var host: String
        public var port: Int
        public var security: Security
        public var username: String
        public var credential: Credential
        public var caFile: String?
        public var allowPlain: Bool
    }

    public enum Security: String, Sendable, CaseIterable {
        case tls, starttls, plain
    }

    /// Where the secret comes from; never printed.
    public enum Credential: Sendable {
        case password(String)
        case oauth2BearerFile(String)
    }

    public var panelAddress: String
    public var panelName: String
    public var adminAddress: String
    public var timeZone: TimeZone
    public var imap: Server
    public var smtp: Server
    public var inboxFolder: String
    public var processedFolder: String
    public var attentionFolder: String
    public var moveMessages: Bool
    public var processedKeyword: String
    public var pollInterval: Duration
    public var batchSize: Int
    public var databasePath: String
    public var templatesDirectory: String
    public var attachmentLimit: Int
    /// The most file bytes copied into one email panelmail sends.
    public var forwardLimit: Int
    /// How many emails with no form in them one sender is answered with the blank form each day.
    public var blankFormAnswers: Int
    public var allowedDomains: [String]
    public var retry: RetryPolicy
    public var logLevel: String
    /// When the panel mailbox is watched (urgent decisions are due within it).
    public var workingHours: WorkingHours
    /// The GOV.UK bank-holidays file the working hours were read from; nil when none was found.
    public var bankHolidaysFile: String?
    /// The weekly panel's sittings and deadlines.
    public var panelSchedule: PanelSchedule
    /// The request form's fields and resource types (`form` in the file).
    public var formSchema: FormSchema
    /// Where the form came from, for check-config.
    public var formSchemaSource: String
    /// The panel's members, duty rota and permissions; nil without a panel file.
    public var panel: PanelSetup?
    /// The secret decision tokens are made with; set whenever `panel` is.
    public var decisionKey: DecisionKey?
    /// Which evidence of a decision's sender is accepted.
    public var senderAuthentication: SenderAuthentication
    /// When an urgent request still undecided brings a reminder to the duty member and the lead.
    public var urgentReminderTime: LocalTime
    /// The sign-offs a request needs before the weekly panel.
    public var requiredSignOffs: [PanelRole]
    /// Reminders before the weekly deadline ("2 days before at 10:00"); nil for the defaults.
    public var deadlineReminders: [SittingOffset]?
    /// The agenda's first slot (nil: the sitting's time) and each slot's length.
    public var agendaStart: LocalTime?
    public var slotMinutes: Int

    /// The form, working hours and the weekly panel, as intake applies them.
    public var requestRules: RequestRules { RequestRules(schema: formSchema, schedule: panelSchedule) }

    public var panelDomain: String { String(panelAddress.split(separator: "@").last ?? "") }
}

/// A configuration problem, with the key and what to do.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public let problems: [String]
    public var description: String {
        problems.count == 1 ? "configuration error: \(problems[0])" : "configuration errors:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}

extension PanelConfig {
    /// Reads and validates the configuration file, with environment overrides. Collects
    /// every problem before failing, so an operator fixes them in one go.
    /// - Parameter requireCredentials: false for commands that only read the database
    ///   (`requests`, `outbox`), which need no password.
    public static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment, requireCredentials: Bool = true) async throws -> PanelConfig {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw ConfigError(problems: ["cannot read \(path): check the path given to --config and its permissions"])
        }
        let file: FileProvider<YAMLSnapshot>
        do {
            file = try await FileProvider<YAMLSnapshot>(filePath: .init(path))
        } catch {
            throw ConfigError(problems: ["\(path) is not valid YAML: \(error)"])
        }
        let reader = ConfigReader(providers: [EnvironmentVariablesProvider(environmentVariables: environment), file])
        var values = ConfigValues(reader: reader, environment: environment, baseDirectory: URL(fileURLWithPath: path).deletingLastPathComponent().path, filePath: path)
        values.requireCredentials = requireCredentials
        let config = values.build()
        if !values.problems.isEmpty { throw ConfigError(problems: values.problems) }
        return config!
    }

    /// Keys the file may hold; anything else is reported by `check-config` as a likely typo.
    public static let knownKeys: Set<String> = [
        "panel.address", "panel.name", "panel.admin_address", "panel.time_zone",
        "imap.host", "imap.port", "imap.security", "imap.username", "imap.password", "imap.password_file",
        "imap.oauth2_token_file", "imap.ca_file", "imap.allow_plain", "imap.inbox", "imap.processed_folder",
        "imap.attention_folder", "imap.move_messages", "imap.processed_keyword", "imap.poll_interval", "imap.batch_size",
        "smtp.host", "smtp.port", "smtp.security", "smtp.username", "smtp.password", "smtp.password_file",
        "smtp.oauth2_token_file", "smtp.ca_file", "smtp.allow_plain",
        "store.path", "templates.directory", "limits.attachment_max_bytes", "limits.forward_max_bytes", "limits.blank_form_answers_per_day",
        "outbox.allowed_domains", "outbox.retry_initial", "outbox.retry_max", "outbox.give_up_after",
        "log.level",
        "working_hours.opens", "working_hours.closes", "working_hours.days",
        "working_hours.bank_holidays_file", "working_hours.bank_holidays_division",
        "weekly_panel.weekday", "weekly_panel.time", "weekly_panel.deadline_days_before", "weekly_panel.deadline_time",
        "weekly_panel.cancelled", "weekly_panel.extra_sittings",
        "form.file", "panel.members_file", "decisions.secret", "decisions.secret_file",
        "decisions.authserv_id", "decisions.receiving_hosts", "decisions.internal_marker", "decisions.urgent_reminder_time", "decisions.sign_offs",
        "weekly_panel.reminders", "weekly_panel.agenda_start", "weekly_panel.slot_minutes",
    ]
}

/// Reads values as text and converts them itself, so a wrong value gets a precise
/// message instead of silently becoming the default.
struct ConfigValues {
    let reader: ConfigReader
    let environment: [String: String]
    let baseDirectory: String
    /// The YAML file, for the sections the key/value reader cannot hold (`form`).
    let filePath: String?
    var problems: [String] = []
    var requireCredentials = true

    init(reader: ConfigReader, environment: [String: String], baseDirectory: String, filePath: String? = nil) {
        self.reader = reader
        self.environment = environment
        self.baseDirectory = baseDirectory
        self.filePath = filePath
    }

    mutating func string(_ key: String, secret: Bool = false) -> String? {
        guard let value = reader.string(forKey: ConfigKey(key), isSecret: secret)?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    mutating func required(_ key: String, hint: String) -> String {
        if let value = string(key) { return value }
        problems.append("\(key) is missing: \(hint)")
        return ""
    }

    mutating func int(_ key: String, default value: Int, range: ClosedRange<Int>) -> Int {
        guard let text = string(key) else { return value }
        guard let number = Int(text.replacingOccurrences(of: "_", with: "")), range.contains(number) else {
            problems.append("\(key): \"\(text)\" is not a whole number between \(range.lowerBound) and \(range.upperBound)")
            return value
        }
        return number
    }

    mutating func bool(_ key: String, default value: Bool) -> Bool {
        guard let text = string(key) else { return value }
        switch text.lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default:
            problems.append("\(key): \"\(text)\" is not true or false")
            return value
        }
    }

    /// `15s`, `2m`, `1h`, `2d` or a number of seconds.
    mutating func duration(_ key: String, default value: Duration) -> Duration {
        guard let text = string(key) else { return value }
        let units: [(String, Int64)] = [("ms", 0), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            if let n = Int64(text.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), n > 0 {
                return factor == 0 ? .milliseconds(n) : .seconds(n * factor)
            }
        }
        if let n = Int64(text), n > 0 { return .seconds(n) }
        problems.append("\(key): \"\(text)\" is not a duration (use e.g. 15s, 2m, 1h, 2d)")
        return value
    }

    mutating func list(_ key: String) -> [String]? {
        if let array = reader.stringArray(forKey: ConfigKey(key)) { return array.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        guard let text = string(key) else { return nil }
        return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    mutating func path(_ key: String, default value: String? = nil) -> String? {
        guard let text = string(key) ?? value else { return nil }
        return text.hasPrefix("/") ? text : baseDirectory + "/" + text
    }

    mutating func address(_ key: String, required hint: String?) -> String {
        guard let text = hint.map({ required(key, hint: $0) }) ?? string(key) else { return "" }
        if text.isEmpty { return "" }
        let valid = text.split(separator: "@").count == 2 && !text.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," })
        if !valid { problems.append("\(key): \"\(text)\" is not an email address (write it as name@domain, without a display name)") }
        return text.lowercased()
    }

    mutating func server(_ name: String, defaultPorts: [PanelConfig.Security: Int], username defaultUser: String) -> PanelConfig.Server {
        let host = required("\(name).host", hint: "set the \(name.uppercased()) server's host name")
        let securityText = string("\(name).security") ?? "tls"
        var security = PanelConfig.Security(rawValue: securityText.lowercased()) ?? .tls
        if PanelConfig.Security(rawValue: securityText.lowercased()) == nil {
            problems.append("\(name).security: \"\(securityText)\" is not one of tls, starttls, plain")
            security = .tls
        }
        let port = int("\(name).port", default: defaultPorts[security] ?? 0, range: 1...65535)
        let allowPlain = bool("\(name).allow_plain", default: false)
        if security == .plain {
            if !Self.isLoopback(host) {
                problems.append("\(name).security is plain but \(name).host \(host) is not loopback: passwords and children's data would cross the network unencrypted; use tls or starttls")
            } else if !allowPlain {
                problems.append("\(name).security is plain: set \(name).allow_plain: true to confirm unencrypted mail on loopback, or use tls or starttls")
            }
        }
        let username = string("\(name).username") ?? defaultUser
        let credential: PanelConfig.Credential
        let tokenFile = path("\(name).oauth2_token_file")
        let passwordFile = path("\(name).password_file")
        if let tokenFile {
            credential = .oauth2BearerFile(tokenFile)
        } else if let password = string("\(name).password", secret: true) {
            credential = .password(password)
        } else if let passwordFile {
            switch Self.readSecret(passwordFile) {
            case .success(let secret): credential = .password(secret)
            case .failure(let message):
                problems.append("\(name).password_file: \(message)")
                credential = .password("")
            }
        } else if !requireCredentials {
            credential = .password("")
        } else {
            problems.append("\(name): no credential: set \(name.uppercased())_PASSWORD in the environment, \(name).password_file, or \(name).oauth2_token_file")
            credential = .password("")
        }
        let caFile = path("\(name).ca_file")
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            problems.append("\(name).ca_file: cannot read \(caFile)")
        }
        return PanelConfig.Server(host: host, port: port, security: security, username: username, credential: credential, caFile: caFile, allowPlain: allowPlain)
    }

    static func readSecret(_ path: String) -> Result<String, SecretFileError> {
        guard let data = FileManager.default.contents(atPath: path) else { return .failure(SecretFileError(message: "cannot read \(path)")) }
        let secret = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !secret.isEmpty else { return .failure(SecretFileError(message: "\(path) is empty")) }
        return .success(secret)
    }

    struct SecretFileError: Error { let message: String }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    mutating func build() -> PanelConfig? {
        let panelAddress = address("panel.address", required: "set the panel mailbox's address, e.g. panel@council.gov.uk")
        let domain = String(panelAddress.split(separator: "@").last ?? "")
        let adminAddress = address("panel.admin_address", required: nil)
        let zoneName = string("panel.time_zone") ?? "Europe/London"
        let timeZone = TimeZone(identifier: zoneName)
        if timeZone == nil { problems.append("panel.time_zone: \"\(zoneName)\" is not a time zone name such as Europe/London") }
        let imap = server("imap", defaultPorts: [.tls: 993, .starttls: 143, .plain: 143], username: panelAddress)
        let smtp = server("smtp", defaultPorts: [.tls: 465, .starttls: 587, .plain: 25], username: panelAddress)
        let inbox = string("imap.inbox") ?? "INBOX"
        let processed = string("imap.processed_folder") ?? "Processed"
        let attention = string("imap.attention_folder") ?? "Needs attention"
        let keyword = string("imap.processed_keyword") ?? "$Panelmail"
        if keyword.contains(where: { $0.isWhitespace || "(){%*\"\\]".contains($0) }) || keyword.hasPrefix("\\") {
            problems.append("imap.processed_keyword: \"\(keyword)\" is not a valid IMAP keyword (no spaces, brackets or backslash)")
        }
        let moveMessages = bool("imap.move_messages", default: true)
        let poll = duration("imap.poll_interval", default: .seconds(15))
        let batch = int("imap.batch_size", default: 50, range: 1...1000)
        let database = path("store.path", default: "/var/lib/panelmail/panelmail.sqlite")!
        let templates = path("templates.directory", default: "/usr/share/panelmail/Templates")!
        let attachmentLimit = int("limits.attachment_max_bytes", default: 25 * 1_048_576, range: 1_024...(512 * 1_048_576))
        let forwardLimit = int("limits.forward_max_bytes", default: NoticeFiles.defaultLimit, range: 0...(100 * 1_048_576))
        let blankFormAnswers = int("limits.blank_form_answers_per_day", default: 3, range: 0...100)
        var allowed = list("outbox.allowed_domains") ?? [domain]
        allowed = allowed.map { $0.lowercased() }
        let retry = RetryPolicy(
            initialDelay: duration("outbox.retry_initial", default: .seconds(30)),
            maximumDelay: duration("outbox.retry_max", default: .seconds(3600)),
            giveUpAfter: duration("outbox.give_up_after", default: .seconds(2 * 86_400)))
        let level = (string("log.level") ?? "info").lowercased()
        if !["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(level) {
            problems.append("log.level: \"\(level)\" is not one of trace, debug, info, notice, warning, error, critical")
        }
        let calendar = timeZone == nil ? nil : workingHours(timeZone: zoneName)
        let schedule = calendar.flatMap { panelSchedule(workingHours: $0.hours) }
        let (formSchema, formSource) = formSchema()
        let panel = panelSetup()
        let decisionKey = decisionKey(required: panel != nil)
        let senderAuthentication = senderAuthentication(imapHost: imap.host.lowercased(), panelDomain: domain)
        let requiredSignOffs = requiredSignOffs()
        var deadlineReminders: [SittingOffset]?
        if let texts = list("weekly_panel.reminders") {
            deadlineReminders = []
            for text in texts {
                if let offset = try? SittingOffset(parsing: text) { deadlineReminders?.append(offset) } else {
                    problems.append("weekly_panel.reminders: \"\(text)\" is not like \"2 days before at 10:00\"")
                }
            }
        }
        var agendaStart: LocalTime?
        if let text = string("weekly_panel.agenda_start") {
            agendaStart = try? LocalTime(parsing: text)
            if agendaStart == nil { problems.append("weekly_panel.agenda_start: \"\(text)\" is not a time such as \"10:00\"") }
        }
        let slotMinutes = int("weekly_panel.slot_minutes", default: AgendaSlots.defaultSlotMinutes, range: AgendaSlots.slotMinutesRange)
        var urgentReminderTime = PanelTimetable.defaultUrgentReminderTime
        if let text = string("decisions.urgent_reminder_time") {
            if let time = try? LocalTime(parsing: text) { urgentReminderTime = time } else {
                problems.append("decisions.urgent_reminder_time: \"\(text)\" is not a time such as \"15:00\"")
            }
        }
        if let hours = calendar?.hours, !(hours.opens < urgentReminderTime && urgentReminderTime < hours.closes) {
            problems.append("decisions.urgent_reminder_time: \(CalendarText.time(urgentReminderTime)) is not within working hours (\(CalendarText.time(hours.opens))-\(CalendarText.time(hours.closes)))")
        }
        if let panel, let schedule {
            do {
                _ = try PanelTimetable(schedule: schedule, rota: panel.rota, urgentReminderTime: urgentReminderTime, deadlineReminders: deadlineReminders)
            } catch {
                problems.append("weekly_panel.reminders or decisions.urgent_reminder_time: \(error)")
            }
        }
        guard problems.isEmpty, let timeZone, let calendar, let schedule else { return nil }
        return PanelConfig(
            panelAddress: panelAddress, panelName: string("panel.name") ?? "Access to Resources Panel",
            adminAddress: adminAddress.isEmpty ? panelAddress : adminAddress, timeZone: timeZone,
            imap: imap, smtp: smtp, inboxFolder: inbox, processedFolder: processed, attentionFolder: attention,
            moveMessages: moveMessages, processedKeyword: keyword, pollInterval: poll, batchSize: batch,
            databasePath: database, templatesDirectory: templates, attachmentLimit: attachmentLimit, forwardLimit: forwardLimit, blankFormAnswers: blankFormAnswers,
            allowedDomains: allowed, retry: retry, logLevel: level,
            workingHours: calendar.hours, bankHolidaysFile: calendar.holidaysFile, panelSchedule: schedule,
            formSchema: formSchema, formSchemaSource: formSource, panel: panel, decisionKey: decisionKey,
            senderAuthentication: senderAuthentication, urgentReminderTime: urgentReminderTime,
            requiredSignOffs: requiredSignOffs, deadlineReminders: deadlineReminders, agendaStart: agendaStart, slotMinutes: slotMinutes)
    }
}
