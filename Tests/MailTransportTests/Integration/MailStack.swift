import Foundation
import Logging
import MailTransport

/// The private Dovecot + Postfix stack from `deploy/dev/mailstack.sh`, read from its stack.env
/// ($PANELMAIL_STACK_DIR or /tmp/panelmail-mailstack). Integration tests fail, rather than
/// pass silently, when it is not running.
struct MailStack: Sendable {
    struct NotRunning: Error, CustomStringConvertible {
        var detail: String
        var description: String {
            "The dev mail stack is not available (\(detail)). Run `deploy/dev/mailstack.sh start` from the repository first "
                + "(or set PANELMAIL_STACK_DIR to its folder), then run the tests again. "
                + "Unit tests alone: swift test --skip Integration"
        }
    }

    let host: String
    let imapPort: Int
    let imapsPort: Int
    let smtpPort: Int
    let submissionsPort: Int
    let domain: String
    let password: String
    let caFile: String
    let directory: String

    static func load() throws -> MailStack {
        let directory = ProcessInfo.processInfo.environment["PANELMAIL_STACK_DIR"] ?? "/tmp/panelmail-mailstack"
        let path = directory + "/stack.env"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw NotRunning(detail: "\(path) is missing")
        }
        var values: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
        }
        func value(_ key: String) throws -> String {
            guard let found = values[key], !found.isEmpty else { throw NotRunning(detail: "\(path) has no \(key)") }
            return found
        }
        func port(_ key: String) throws -> Int {
            guard let number = Int(try value(key)) else { throw NotRunning(detail: "\(key) is not a number") }
            return number
        }
        let stack = MailStack(
            host: try value("MAILSTACK_HOST"),
            imapPort: try port("MAILSTACK_IMAP_PORT"),
            imapsPort: try port("MAILSTACK_IMAPS_PORT"),
            smtpPort: try port("MAILSTACK_SMTP_PORT"),
            submissionsPort: try port("MAILSTACK_SUBMISSIONS_PORT"),
            domain: try value("MAILSTACK_DOMAIN"),
            password: try value("MAILSTACK_PASSWORD"),
            caFile: try value("MAILSTACK_CA_FILE"),
            directory: directory
        )
        try stack.checkListening(stack.imapPort)
        return stack
    }

    /// A quick TCP connect, so a stopped stack gives the "run mailstack.sh start" message.
    private func checkListening(_ port: Int) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr(host)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { throw NotRunning(detail: "nothing listens on \(host):\(port)") }
    }

    func address(_ user: String) -> String { "\(user)@\(domain)" }

    func imap(
        _ user: String,
        security: MailServerEndpoint.Security = .startTLS,
        password: String? = nil,
        caFile: String? = nil,
        timeouts: MailServerEndpoint.Timeouts = .imap
    ) -> MailServerEndpoint {
        MailServerEndpoint(
            host: host,
            port: security == .implicitTLS ? imapsPort : imapPort,
            security: security,
            caFile: caFile ?? self.caFile,
            username: address(user),
            credential: .password(password ?? self.password),
            timeouts: timeouts
        )
    }

    func smtp(
        _ user: String?,
        security: MailServerEndpoint.Security = .startTLS,
        password: String? = nil,
        port: Int? = nil
    ) -> MailServerEndpoint {
        MailServerEndpoint(
            host: host,
            port: port ?? (security == .implicitTLS ? submissionsPort : smtpPort),
            security: security,
            caFile: caFile,
            username: user.map(address) ?? "",
            credential: user == nil ? .none : .password(password ?? self.password),
            timeouts: .smtp
        )
    }

    func mailbox(_ user: String, security: MailServerEndpoint.Security = .startTLS) -> IMAPMailbox {
        IMAPMailbox(endpoint: imap(user, security: security), logger: MailStack.logger)
    }

    /// Runs `doveadm` against the stack's Dovecot (e.g. `kick USER` to drop a user's sessions).
    func doveadm(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/doveadm")
        process.arguments = ["-c", directory + "/dovecot/dovecot.conf"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
    }

    static let logger: Logger = {
        var logger = Logger(label: "panelmail.transport.test")
        logger.logLevel = ProcessInfo.processInfo.environment["PANELMAIL_TEST_TRACE"] == nil ? .info : .trace
        return logger
    }()

    /// A folder name no other test run uses.
    static func uniqueFolder(_ prefix: String) -> String {
        "\(prefix) \(UInt32.random(in: 0...UInt32.max))"
    }

    /// A small RFC 5322 message with CRLF line ends and a unique token.
    static func message(subject: String, token: String = UUID().uuidString, bodyLines: Int = 3) -> [UInt8] {
        var text = "From: Panel Test <panel@council.test>\r\nTo: worker1@council.test\r\n"
        text += "Subject: \(subject)\r\nMessage-ID: <\(token)@council.test>\r\nDate: Mon, 23 Nov 2026 09:00:00 +0000\r\n"
        text += "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        for line in 0..<bodyLines { text += "Line \(line) of \(token): Grüße, £5 ✓\r\n" }
        text += ".leading dot\r\n"
        return Array(text.utf8)
    }

    /// A message of about `size` bytes with varied 8-bit content (never NUL, CR or LF inside a
    /// line) and CRLF every 76 bytes.
    static func largeMessage(size: Int, token: String) -> [UInt8] {
        let header = Array("From: panel@council.test\r\nSubject: large \(token)\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
        let lines = max(1, (size - header.count) / 78)
        var state = UInt64.random(in: 1...UInt64.max)
        let body = [UInt8](unsafeUninitializedCapacity: lines * 78) { buffer, count in
            var index = 0
            for _ in 0..<lines {
                for _ in 0..<76 {
                    // xorshift64: fast enough for 34 MB in a debug build.
                    state ^= state << 13
                    state ^= state >> 7
                    state ^= state << 17
                    buffer[index] = 0x20 + UInt8(truncatingIfNeeded: state % 0xDF)  // 0x20...0xFE
                    index += 1
                }
                buffer[index] = 13
                buffer[index + 1] = 10
                index += 2
            }
            count = index
        }
        return header + body
    }
}
