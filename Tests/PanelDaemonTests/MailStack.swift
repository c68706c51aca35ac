import Foundation
import Logging
import MailTransport
import PanelCore
import PanelDaemon

/// The private Dovecot and Postfix started by `deploy/dev/mailstack.sh start`, as the
/// tests see it. Tests fail (never skip) when it is not running.
struct MailStack: Sendable {
    let values: [String: String]
    let repository: URL

    static func load() throws -> MailStack {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let dir = ProcessInfo.processInfo.environment["PANELMAIL_STACK_DIR"] ?? "/tmp/panelmail-mailstack"
        guard let text = try? String(contentsOfFile: dir + "/stack.env", encoding: .utf8) else {
            throw StackError(description: "no mail stack at \(dir): run `bash deploy/dev/mailstack.sh start` (deploy/dev/test.sh does)")
        }
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { values[parts[0]] = parts[1] }
        }
        return MailStack(values: values, repository: repository)
    }

    struct StackError: Error, CustomStringConvertible { let description: String }

    var host: String { values["MAILSTACK_HOST"] ?? "127.0.0.1" }
    var domain: String { values["MAILSTACK_DOMAIN"] ?? "council.test" }
    var password: String { values["MAILSTACK_PASSWORD"] ?? "" }
    var caFile: String { values["MAILSTACK_CA_FILE"] ?? "" }
    func port(_ key: String) -> Int { Int(values[key] ?? "") ?? 0 }

    func address(_ user: String) -> String { user.contains("@") ? user : "\(user)@\(domain)" }

    func imap(_ user: String) -> IMAPMailbox {
        var logger = Logger(label: "test.imap")
        logger.logLevel = .error
        return IMAPMailbox(endpoint: MailServerEndpoint(host: host, port: port("MAILSTACK_IMAPS_PORT"), security: .implicitTLS, caFile: caFile, username: address(user), credential: .password(password)), logger: logger)
    }

    /// Sends as a worker would: authenticated submission over TLS.
    func send(from user: String, to recipients: [String], _ message: String) async throws {
        var logger = Logger(label: "test.smtp")
        logger.logLevel = .error
        let sender = SMTPSender(endpoint: MailServerEndpoint(host: host, port: port("MAILSTACK_SUBMISSIONS_PORT"), security: .implicitTLS, caFile: caFile, username: address(user), credential: .password(password)), heloName: "test.example", logger: logger)
        let bytes = Array(message.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8)
        _ = try await sender.send(from: address(user), recipients: recipients.map(address), message: bytes)
    }

    /// Hands a message to the receiving port with no login, as mail from the internet
    /// arrives: nothing signs it, and the receiving server's OpenDKIM judges it.
    func sendFromOutside(from address: String, to recipients: [String], _ message: String) async throws {
        var logger = Logger(label: "test.smtp")
        logger.logLevel = .error
        let sender = SMTPSender(endpoint: MailServerEndpoint(host: host, port: port("MAILSTACK_SMTP_PORT"), security: .startTLS, caFile: caFile, username: "", credential: .none), heloName: "mail.elsewhere.example", logger: logger)
        let bytes = Array(message.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8)
        _ = try await sender.send(from: address, recipients: recipients.map(self.address), message: bytes)
    }

    @discardableResult
    func script(_ arguments: String...) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [repository.appendingPathComponent("deploy/dev/mailstack.sh").path] + arguments
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("mailstack-\(UUID()).out")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try handle.close()
        defer { try? FileManager.default.removeItem(at: output) }
        return (try? String(contentsOf: output, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }

    /// How many messages a folder holds, asked over IMAP as a mail client would (0 if it does not exist).
    func count(_ user: String, _ folder: String = "INBOX") async throws -> Int {
        let mailbox = imap(user)
        defer { Task { await mailbox.logout() } }
        guard try await mailbox.folderExists(folder) else { return 0 }
        return try await mailbox.select(folder).messageCount
    }

    func clear(_ users: String...) throws {
        for user in users { try script("clear", address(user)) }
    }

    /// Waits until a mailbox holds at least `count` messages; Postfix delivers in the background.
    func wait(for user: String, folder: String = "INBOX", count: Int, timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await self.count(user, folder) >= count { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw StackError(description: "\(address(user)) \(folder) did not reach \(count) messages in \(timeout) (has \(try await self.count(user, folder)))")
    }

    /// A complete request form for one child, as a worker pastes it.
    static func completeForm(teamManager: String, caseID: String = "4471920", resource: String = "Mentoring") -> String {
        """
        Child's name: Family Q
        Case ID: \(caseID)
        Locality: Gloucester
        Team: Gloucester CiN
        Team manager: Tina Manager, \(teamManager)
        Resource type: \(resource)
        Cost: £250 per week
        Start date: 03/09/2026
        End date: 6 weeks
        Reason: No positive adult outside the family.

        """
    }

    /// A configuration file for the panel mailbox on this stack, in a private folder.
    /// `panel`: with the panel file (duty, lead, clerk) and decision settings; without,
    /// panelmail acknowledges and reads forms but sends no duty notices or sign-off requests.
    func writeConfig(extra: String = "", panel: Bool = true) throws -> (path: String, directory: URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("panelmail-test-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let yaml = """
            panel:
              address: panel@\(domain)
              admin_address: admin@\(domain)
            imap:
              host: \(host)
              port: \(port("MAILSTACK_IMAP_PORT"))
              security: starttls
              ca_file: \(caFile)
              password_file: \(dir.path)/secret
              poll_interval: 1s
            smtp:
              host: \(host)
              port: \(port("MAILSTACK_SMTP_PORT"))
              security: starttls
              ca_file: \(caFile)
              password_file: \(dir.path)/secret
            store:
              path: \(dir.path)/panelmail.sqlite
            templates:
              directory: \(repository.appendingPathComponent("Templates").path)
            outbox:
              retry_initial: 1s
            decisions:
              secret_file: \(dir.path)/decision.key
              authserv_id: mx.\(domain)
              receiving_hosts: [mx.\(domain), imap.\(domain)]
            working_hours:
              bank_holidays_file: \(repository.appendingPathComponent("Config/bank-holidays.json").path)
            \(extra)
            """
        try Data(password.utf8).write(to: dir.appendingPathComponent("secret"))
        try Data("test-decision-secret-\(UUID().uuidString)".utf8).write(to: dir.appendingPathComponent("decision.key"))
        let path = dir.appendingPathComponent("panelmail.yaml").path
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: path))
        guard panel else { return (path, dir) }
        // The panel: the stack's duty, lead and clerk mailboxes; Dana is on duty every day.
        let days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        try Data("""
            members:
              - name: Dana Duty
                addresses: [duty@\(domain)]
                roles: [duty]
              - name: Lee Lead
                addresses: [lead@\(domain)]
                roles: [lead]
              - name: Chris Clerk
                addresses: [clerk@\(domain)]
                roles: [clerk]
            duty_mailbox: panel-duty@\(domain)
            rota:
            \(days.map { "  \($0): Dana Duty" }.joined(separator: "\n"))

            """.utf8).write(to: dir.appendingPathComponent("panel.yaml"))
        return (path, dir)
    }
}

extension MailStack {
    /// panelmail on this stack, with a fresh configuration (or the one at `path`).
    func app(extra: String = "", panel: Bool = true, environment: [String: String] = [:], reuse path: String? = nil, clock: any PanelClock = SystemClock()) async throws -> PanelApplication {
        let path = try path ?? writeConfig(extra: extra, panel: panel).path
        let config = try await PanelConfig.load(path: path, environment: environment)
        var logger = Logger(label: "test.panelmail")
        logger.logLevel = .warning
        return try await PanelApplication(config: config, clock: clock, logger: logger)
    }

    /// Reads a mailbox the way a recipient's client does, over IMAPS, and parses each
    /// message, oldest first.
    func read(_ user: String, folder: String = "INBOX") async throws -> [MIMEMessage] {
        let mailbox = imap(user)
        defer { Task { await mailbox.logout() } }
        let listing = try await mailbox.listMessages(in: folder)
        var messages: [MIMEMessage] = []
        for summary in listing.messages.sorted(by: { $0.uid < $1.uid }) {
            let raw = try await mailbox.fetch(uid: summary.uid, uidValidity: listing.uidValidity, folder: folder, maxBytes: 64 << 20)
            messages.append(try MIMEParser().parse(raw))
        }
        return messages
    }
}

/// A clock stopped at one moment: the daemon's "now" in tests of timed notices.
struct FixedClock: PanelClock {
    let now: Date
}
