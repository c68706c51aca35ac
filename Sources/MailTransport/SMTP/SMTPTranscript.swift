import CCurl
import Logging

/// Follows one SMTP conversation through libcurl's debug callback: which command is pending,
/// the replies to it, and which recipient a refusal was for. Commands that carry secrets
/// (AUTH and the SASL lines after it) are never kept or logged, and addresses are masked in
/// the trace.
final class SMTPTranscript {
    enum Stage: String {
        case connect = "connect", greeting = "EHLO", startTLS = "STARTTLS", auth = "AUTH"
        case mailFrom = "MAIL FROM", rcptTo = "RCPT TO", data = "DATA", endOfData = "end of DATA"
        case quit = "QUIT", other = "command"
    }

    private let logger: Logger
    private let traceEnabled: Bool
    private(set) var stage: Stage = .connect
    /// The recipient of the RCPT TO command in flight.
    private(set) var currentRecipient: String?
    /// Reply lines received since the last command was sent.
    private(set) var repliesSinceCommand: [String] = []
    /// The last complete reply (all lines of a multi-line reply).
    private(set) var lastReply: [String] = []
    /// The first 4xx/5xx reply to a command, with the command's stage and recipient. Kept when
    /// curl goes on to send QUIT.
    struct Rejection {
        var stage: Stage
        var code: Int
        var reply: String
        var recipient: String?
    }

    private(set) var rejection: Rejection?
    /// A `235` (authentication succeeded) was received.
    private(set) var authenticated = false
    private var inSASLExchange = false

    init(logger: Logger) {
        self.logger = logger
        traceEnabled = logger.logLevel <= .trace
    }

    func reset() {
        stage = .connect
        currentRecipient = nil
        repliesSinceCommand.removeAll(keepingCapacity: true)
        lastReply.removeAll(keepingCapacity: true)
        authenticated = false
        inSASLExchange = false
        rejection = nil
    }

    /// The reply code of the last complete reply received after the last command, if any.
    var replyCodeSinceCommand: Int? {
        guard let line = repliesSinceCommand.last else { return nil }
        return Self.code(of: line)
    }

    var lastReplyText: String { lastReply.joined(separator: "\n") }

    static func code(of line: String) -> Int? {
        guard line.utf8.count >= 3, let value = Int(line.prefix(3)), (200...599).contains(value) else { return nil }
        return value
    }

    func received(_ raw: UnsafeRawBufferPointer) {
        for piece in String(decoding: raw, as: UTF8.self).split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) {
            let line = String(piece)
            repliesSinceCommand.append(line)
            // "250-..." continues a reply, "250 ..." ends it (RFC 5321 4.2.1).
            let isLast = line.utf8.count < 4 || line.utf8[line.utf8.index(line.utf8.startIndex, offsetBy: 3)] != UInt8(ascii: "-")
            if isLast {
                lastReply = repliesSinceCommand.suffix(while: { $0.hasPrefix(line.prefix(3)) })
                if let code = Self.code(of: line) {
                    if code == 235 { authenticated = true }
                    if code != 334 { inSASLExchange = false }
                    if code >= 400, rejection == nil, stage != .quit {
                        rejection = Rejection(stage: stage, code: code, reply: lastReply.joined(separator: " "), recipient: stage == .rcptTo ? currentRecipient : nil)
                    }
                }
            }
            if traceEnabled {
                logger.trace("SMTP S: \(inSASLExchange && line.hasPrefix("334") ? "334 <challenge>" : Redaction.maskAddresses(in: line))")
            }
        }
        if stage == .data, lastReply.last.flatMap(Self.code) == 354 { stage = .endOfData }
    }

    func sent(_ raw: UnsafeRawBufferPointer) {
        let text = String(decoding: raw, as: UTF8.self)
        let upper = text.uppercased()
        repliesSinceCommand.removeAll(keepingCapacity: true)
        if inSASLExchange {
            if traceEnabled { logger.trace("SMTP C: <SASL response redacted>") }
            return
        }
        let trimmed = text.trimmingCharacters(in: .newlines)
        var shown = Substring(trimmed.split(separator: " ", maxSplits: 1).first ?? "")
        if upper.hasPrefix("EHLO") || upper.hasPrefix("HELO") {
            stage = .greeting
            shown = Substring(trimmed)
        } else if upper.hasPrefix("STARTTLS") {
            stage = .startTLS
        } else if upper.hasPrefix("AUTH") {
            stage = .auth
            inSASLExchange = true
            shown = "AUTH <redacted>"
        } else if upper.hasPrefix("MAIL FROM") {
            stage = .mailFrom
            shown = Substring(Redaction.maskAddresses(in: trimmed))
        } else if upper.hasPrefix("RCPT TO") {
            stage = .rcptTo
            currentRecipient = Self.address(in: text)
            shown = Substring(Redaction.maskAddresses(in: trimmed))
        } else if upper.hasPrefix("DATA") {
            stage = .data
            shown = "DATA"
        } else if upper.hasPrefix("QUIT") {
            stage = .quit
            shown = "QUIT"
        } else {
            stage = .other
        }
        if traceEnabled { logger.trace("SMTP C: \(shown)") }
    }

    private static func address(in command: String) -> String? {
        guard let open = command.firstIndex(of: "<"), let close = command[open...].firstIndex(of: ">") else { return nil }
        return String(command[command.index(after: open)..<close])
    }

    /// "queued as 4B2F8EF7A1A0" (Postfix, Sendmail) or "id=1qX..." (Exim) in the final reply.
    static func queueID(in reply: String) -> String? {
        let lower = reply.lowercased()
        for marker in ["queued as ", "id="] {
            guard let range = lower.range(of: marker) else { continue }
            let start = reply.index(reply.startIndex, offsetBy: lower.distance(from: lower.startIndex, to: range.upperBound))
            let token = reply[start...].prefix { !$0.isWhitespace && $0 != ")" && $0 != ">" && $0 != "," }
            if !token.isEmpty { return String(token) }
        }
        return nil
    }
}

extension Array {
    /// The longest suffix whose elements all satisfy `predicate`.
    fileprivate func suffix(while predicate: (Element) -> Bool) -> [Element] {
        var start = endIndex
        while start > startIndex, predicate(self[start - 1]) { start -= 1 }
        return Array(self[start...])
    }
}

/// CURLOPT_DEBUGFUNCTION with an `SMTPTranscript` as CURLOPT_DEBUGDATA.
let smtpTranscriptCallback: pm_debug_callback = { _, type, data, size, context in
    guard let data, let context else { return 0 }
    let transcript = Unmanaged<SMTPTranscript>.fromOpaque(context).takeUnretainedValue()
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    switch type {
    case CURLINFO_HEADER_IN: transcript.received(bytes)
    case CURLINFO_HEADER_OUT: transcript.sent(bytes)
    default: break
    }
    return 0
}
