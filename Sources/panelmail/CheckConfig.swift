import ArgumentParser
import Foundation
import Logging
import MailTransport
import PanelDaemon
import PanelCore
import PanelStore

struct CheckConfig: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Check the configuration: the file, every template, the database, and logins to IMAP and SMTP.",
        discussion: "Prints one line per check and exits 0 only when all pass (78 for configuration errors, 69 or 77 for the servers).")
    @OptionGroup var options: ConfigOption
    @Flag(help: "Check the file and templates only; do not connect to the servers.") var offline = false

    func run() async throws {
        umask(0o077)
        var failures: [Int32] = []
        func pass(_ text: String) { print("ok    \(text)") }
        func fail(_ text: String, _ code: Int32) { print("FAIL  \(text)"); failures.append(code) }
        func warn(_ text: String) { print("warn  \(text)") }

        for key in ConfigFileKeys.unknown(in: options.config) {
            warn("\(key) is not a panelmail setting (a typo?): it is ignored")
        }
        let config: PanelConfig
        do {
            config = try await PanelConfig.load(path: options.config)
            pass("configuration \(options.config)")
        } catch let error as ConfigError {
            for problem in error.problems { fail(problem, Sysexits.config) }
            print("\(failures.count) problem(s) found.")
            throw ExitCode(Sysexits.config)
        }
        if config.imap.security == .plain { warn("imap.security is plain: acceptable only for a local test server") }
        if config.smtp.security == .plain { warn("smtp.security is plain: acceptable only for a local test server") }
        pass("email with case details goes only to: \(config.allowedDomains.joined(separator: ", "))")
        checkCalendar(config, pass: pass, warn: warn)
        if let panel = config.panel {
            let people = panel.directory.members.filter { !$0.isSharedMailbox }
            let today = config.workingHours.localDateTime(of: Date()).day
            pass("panel from \(panel.source): \(people.count) members; on duty today: \(panel.rota.onDuty(on: today)); shared duty mailbox \(panel.rota.sharedMailbox.address)")
            print("      who may do what:")
            for (role, permissions) in panel.permissions.table.sorted(by: { $0.key.name < $1.key.name }) {
                let words = permissions.sorted().map(\.description)
                print("        \(role.name.padding(toLength: 16, withPad: " ", startingAt: 0)) \(words.isEmpty ? "nothing (advises only)" : words.joined(separator: ", "))")
            }
        } else {
            warn("no panel file (panel.members_file, or panel.yaml next to the configuration): requests are acknowledged, but no duty notices go out and no decision by email is accepted")
        }
        let form = config.formSchema
        pass("request form from \(config.formSchemaSource): \(form.fields.count) fields (\(form.fields.filter(\.isRequired).count) required), \(form.resourceTypes.count) resource types")

        do {
            let templates = try await TemplateRenderer(directory: config.templatesDirectory)
            let problems = templates.check()
            if problems.isEmpty { pass("templates in \(config.templatesDirectory) render with sample data") }
            for problem in problems { fail(problem, Sysexits.config) }
        } catch {
            fail("\(error)", Sysexits.config)
        }

        do {
            _ = try AppDatabase.open(path: config.databasePath)
            pass("database \(config.databasePath)")
        } catch {
            fail("\(error)", Sysexits.cantCreate)
        }

        if !offline {
            var logger = Logger(label: "panelmail.check")
            logger.logLevel = .critical
            let mailbox = IMAPMailbox(endpoint: PanelApplication.endpoint(config.imap), logger: logger)
            do {
                let status = try await mailbox.select(config.inboxFolder)
                pass("IMAP login to \(config.imap.host):\(config.imap.port) as \(config.imap.username); \(config.inboxFolder) holds \(status.messageCount) messages")
                if status.isReadOnly { fail("IMAP \(config.inboxFolder) is read-only for \(config.imap.username): panelmail must move or mark messages; give the account write access", Sysexits.noPermission) }
                if !config.moveMessages && !status.allowsNewKeywords {
                    fail("imap.move_messages is false but the server does not allow the keyword \(config.processedKeyword) in \(config.inboxFolder): turn moves on", Sysexits.config)
                }
                var folders = [config.attentionFolder]
                if config.moveMessages { folders.insert(config.processedFolder, at: 0) }
                for folder in folders {
                    if try await mailbox.folderExists(folder) {
                        pass("IMAP folder \"\(folder)\" exists")
                    } else {
                        warn("IMAP folder \"\(folder)\" does not exist yet: panelmail will create it")
                    }
                }
            } catch {
                fail("IMAP \(config.imap.host):\(config.imap.port): \(error)", Sysexits.code(for: error))
            }
            await mailbox.logout()
            do {
                try await SMTPSender(endpoint: PanelApplication.endpoint(config.smtp), heloName: config.panelDomain, logger: logger).verifyLogin()
                pass("SMTP login to \(config.smtp.host):\(config.smtp.port) as \(config.smtp.username)")
            } catch {
                fail("SMTP \(config.smtp.host):\(config.smtp.port): \(error)", Sysexits.code(for: error))
            }
        }
        if let code = failures.first {
            print("\(failures.count) problem(s) found.")
            throw ExitCode(code)
        }
        print("All checks passed.")
    }

    /// Working hours, the bank-holiday list (warned when it runs out within six months)
    /// and the next weekly panel.
    func checkCalendar(_ config: PanelConfig, pass: (String) -> Void, warn: (String) -> Void) {
        let hours = config.workingHours
        let days = hours.workingWeekdays.sorted().map { CalendarText.weekdayName($0) }.joined(separator: ", ")
        pass("working hours \(CalendarText.time(hours.opens))-\(CalendarText.time(hours.closes)) \(hours.timeZone.identifier), \(days)")
        let today = hours.localDateTime(of: Date()).day
        if let file = config.bankHolidaysFile, let last = hours.bankHolidays.lastDay {
            if hours.bankHolidays.runsOut(withinMonths: 6, of: today) {
                warn("bank holidays in \(file) run out on \(last): after that every weekday counts as a working day; add the next year's dates from https://www.gov.uk/bank-holidays.json")
            } else {
                pass("bank holidays from \(file), listed until \(last)")
            }
        } else {
            warn("no bank holidays loaded (working_hours.bank_holidays_file, or bank-holidays.json next to the configuration): every weekday counts as a working day")
        }
        do {
            let next = try config.panelSchedule.nextSitting(after: Date())
            pass("next weekly panel: \(next.startText); its deadline is \(next.deadlineText)")
        } catch {
            warn("weekly panel: \(error)")
        }
    }
}
