import CCurl
import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a command could not complete on the wire.
enum IMAPIOError: Error {
    /// The server closed the connection (after `BYE` text, if it sent one).
    case closed(bye: String?)
    case timedOut
    case cancelled
    case curl(CURLcode, String)
    case malformed(IMAPParseError)
    /// A literal larger than the caller allows; the connection has been dropped.
    case literalTooLarge(size: Int, limit: Int)
    /// A connect or login failure, already classified.
    case login(MailTransportError)
    /// The receiver of a streamed literal failed (a full disk); the connection has been dropped.
    case sink(any Error)

    /// The connection went away under a command: safe to reconnect and repeat an idempotent one.
    var isConnectionLoss: Bool {
        switch self {
        case .closed: true
        case .curl(let code, _): code == CURLE_SEND_ERROR || code == CURLE_RECV_ERROR || code == CURLE_GOT_NOTHING
        default: false
        }
    }
}

/// The folder the connection has selected and what the server has said about it.
struct SelectedMailbox {
    var encodedName: String
    var uidValidity: UInt32
    var uidNext: UInt32?
    var exists: UInt32
    var readOnly: Bool
    var permanentFlags: [String]
}

/// One logged-in IMAP connection.
///
/// libcurl connects, verifies TLS (implicit or STARTTLS), reads the greeting and logs in with
/// SASL (PLAIN, LOGIN, XOAUTH2, OAUTHBEARER) in CONNECT_ONLY mode. From then on panelmail
/// speaks IMAP itself over `curl_easy_send`/`curl_easy_recv`: libcurl 7.88's own command
/// layer loses or rejects long responses (measured: past ~38 untagged lines of 100 bytes, Debian's 300 KiB header cap trips, code 56), and has
/// no BODY.PEEK, dated APPEND or literal handling for custom commands.
///
/// Not thread-safe: owned by one `IMAPMailbox` and used only on its thread.
final class IMAPConnection {
    let endpoint: MailServerEndpoint
    private let logger: Logger
    private let secrets: LoginSecretSource
    private let cancellation: CancellationFlag

    private var easy: CurlEasy?
    private var socket: curl_socket_t = -1
    private var buffer: [UInt8]
    private var bufferStart = 0
    private var bufferEnd = 0
    private var tagNumber: UInt32 = 0
    private var pendingBye: String?
    private var loginSecrets: [String] = []

    private(set) var capabilities: Set<String> = []
    var selected: SelectedMailbox?
    /// Set when `connect()` ran during the current operation; a failure then is not retried.
    var connectedDuringOperation = false

    /// Longest response line accepted (a LIST or SEARCH line can be long; a FETCH listing is one line per message).
    static let maximumLineLength = 16 << 20
    /// Literals outside a message body (e.g. mailbox names) stay small.
    static let defaultLiteralLimit = 1 << 20

    init(endpoint: MailServerEndpoint, logger: Logger, cancellation: CancellationFlag) {
        self.endpoint = endpoint
        self.logger = logger
        self.secrets = LoginSecretSource(endpoint.credential)
        self.cancellation = cancellation
        buffer = [UInt8](repeating: 0, count: 256 << 10)
    }

    deinit { disconnect() }

    var isConnected: Bool { easy != nil }

    /// Capabilities to act as if the server lacked (tests exercise fallbacks with it).
    var ignoredCapabilities: Set<String> = []

    func has(_ capability: String) -> Bool { capabilities.contains(capability) && !ignoredCapabilities.contains(capability) }

    // MARK: connecting

    /// Connects and logs in, then asks for the post-login capabilities.
    func connect() throws(IMAPIOError) {
        disconnect()
        let started = ContinuousClock.now
        let easy: CurlEasy
        let capture = LineCapture()
        do {
            easy = try CurlEasy()
            let secret = try secrets.current()
            loginSecrets = secret.secrets
            try easy.applyConnectionOptions(endpoint: endpoint, protocol: .imap, path: "", secret: secret)
            try easy.set(CURLOPT_CONNECT_ONLY, 1)
            try easy.set(CURLOPT_HEADERFUNCTION, callback: lineCaptureCallback)
            try easy.set(CURLOPT_HEADERDATA, pointer: Unmanaged.passUnretained(capture).toOpaque())
        } catch {
            throw .login(error)
        }
        let code = withExtendedLifetime(capture) { easy.perform() }
        // The capture object dies with this call: detach it before curl could call back again.
        _ = try? easy.set(CURLOPT_HEADERFUNCTION, callback: { _, size, count, _ in size * count })
        _ = try? easy.set(CURLOPT_HEADERDATA, pointer: nil)

        guard code == CURLE_OK else {
            throw .login(loginFailure(code, easy: easy, capture: capture))
        }
        guard let socket = easy.activeSocket() else {
            throw .login(
                MailTransportError(
                    kind: .transient, operation: "IMAP connect", endpoint: endpoint,
                    message: "libcurl reported no socket after logging in", advice: "It will be retried."))
        }
        self.easy = easy
        self.socket = socket
        bufferStart = 0
        bufferEnd = 0
        selected = nil
        pendingBye = nil
        connectedDuringOperation = true

        var announced: Set<String> = []
        let result = try execute("CAPABILITY") { response in
            if case .capability(let set) = response { announced = set }
        }
        guard result.status == .ok else {
            disconnect()
            throw .login(
                MailTransportError(
                    kind: .protocolViolation, operation: "IMAP CAPABILITY", endpoint: endpoint,
                    serverResponse: result.line, message: "the server refused CAPABILITY",
                    advice: "Check that this is an IMAP4rev1 server."))
        }
        capabilities = announced
        logger.debug(
            "IMAP connected",
            metadata: [
                "server": "\(endpoint.hostAndPort)", "security": "\(endpoint.security.rawValue)",
                "ms": "\((ContinuousClock.now - started).wholeMilliseconds)",
                "move": "\(has("MOVE"))", "uidplus": "\(has("UIDPLUS"))", "literalPlus": "\(has("LITERAL+"))",
            ])
    }

    private func loginFailure(_ code: CURLcode, easy: CurlEasy, capture: LineCapture) -> MailTransportError {
        let detail = easy.errorText(for: code)
        let serverText = code == CURLE_LOGIN_DENIED ? capture.lastIMAPCompletion : (capture.imapBye ?? capture.lastIMAPCompletion)
        var error = CurlFailure.error(code, detail: detail, operation: "IMAP login", endpoint: endpoint, serverResponse: serverText)
        if let response = error.serverResponse {
            error.serverResponse = Redaction.removeSecrets(from: response, secrets: loginSecrets)
            if code == CURLE_LOGIN_DENIED, response.uppercased().contains("[UNAVAILABLE]") {
                // RFC 5530: the login was fine but the server cannot serve it now.
                error.kind = .transient
                error.advice = "The server is temporarily unable to log in this user; it will be retried."
            }
        }
        return error
    }

    /// Ends the session politely: LOGOUT, then close.
    func logout() {
        guard isConnected else { return }
        _ = try? execute("LOGOUT") { _ in }
        disconnect()
    }

    /// Drops the connection at once. Shutting the socket down first makes libcurl's cleanup
    /// fail fast instead of waiting for a reply to its own LOGOUT.
    func disconnect() {
        guard let easy else { return }
        if socket >= 0 { _ = shutdown(socket, Int32(SHUT_RDWR)) }
        self.easy = nil
        withExtendedLifetime(easy) {}
        socket = -1
        bufferStart = 0
        bufferEnd = 0
        selected = nil
        capabilities = []
    }

    /// Makes sure a usable connection exists: connects if there is none, and reads anything the
    /// server sent while we were idle (an EXISTS, or a BYE before an idle timeout closes it).
    func prepare() throws(IMAPIOError) {
        connectedDuringOperation = false
        if isConnected {
            do {
                try drainUnsolicited()
            } catch {
                logger.debug("IMAP connection lost while idle; reconnecting", metadata: ["server": "\(endpoint.hostAndPort)"])
                disconnect()
            }
        }
        if !isConnected { try connect() }
    }

    private func drainUnsolicited() throws(IMAPIOError) {
        while true {
            if pendingBye != nil { throw .closed(bye: pendingBye) }
            if !hasCompleteLine() {
                guard try pollSocket(events: Int16(POLLIN), timeoutMilliseconds: 0) else { return }
                guard try fill(wait: false) > 0 else { return }
                continue
            }
            let frame = try readFrame(literalLimit: Self.defaultLiteralLimit)
            let response: IMAPResponse
            do {
                response = try IMAPResponseParser.parse(frame)
            } catch {
                throw .malformed(error)
            }
            track(response)
        }
    }

    // MARK: commands

    /// Sends one command and reads up to its tagged completion, passing each untagged response
    /// to `handler` after the connection has noted what it needs (EXISTS, EXPUNGE, BYE, ...).
    /// Returns the completion; NO and BAD are returned, not thrown.
    @discardableResult
    func execute(
        _ command: String,
        literalLimit: Int = defaultLiteralLimit,
        literalSink: LiteralSink? = nil,
        handler: (IMAPResponse) throws(IMAPIOError) -> Void
    ) throws(IMAPIOError) -> IMAPCondition {
        try executePipelined([command], literalLimit: literalLimit, literalSink: literalSink, handler: handler)[0]
    }

    /// Receives literals as they arrive instead of holding them (a large message body).
    /// The frame then carries an empty literal in its place.
    typealias LiteralSink = (UnsafeRawBufferPointer) throws -> Void

    /// Sends several commands in one write and reads their completions in order (RFC 9051 5.5).
    /// The server may run them in parallel (Dovecot does: a pipelined NOOP does not make new
    /// mail visible to the UID FETCH after it), so only for commands independent of each other.
    func executePipelined(
        _ commands: [String],
        literalLimit: Int = defaultLiteralLimit,
        literalSink: LiteralSink? = nil,
        handler: (IMAPResponse) throws(IMAPIOError) -> Void
    ) throws(IMAPIOError) -> [IMAPCondition] {
        var tags: [String] = []
        var wire: [UInt8] = []
        for command in commands {
            let tag = nextTag()
            tags.append(tag)
            wire.append(contentsOf: tag.utf8)
            wire.append(UInt8(ascii: " "))
            wire.append(contentsOf: command.utf8)
            wire.append(contentsOf: [13, 10])
            trace("C", "\(tag) \(command)")
        }
        try send(wire)
        return try readCompletions(tags: tags, literalLimit: literalLimit, literalSink: literalSink, handler: handler)
    }

    /// A command whose last argument is a literal (APPEND, RFC 9051 6.3.12). Uses a
    /// non-synchronising literal when the server offers LITERAL+ (RFC 7888), otherwise waits
    /// for the continuation request before sending the data.
    func executeWithLiteral(
        _ prefix: String,
        literal: [UInt8],
        handler: (IMAPResponse) throws(IMAPIOError) -> Void
    ) throws(IMAPIOError) -> IMAPCondition {
        let tag = nextTag()
        let nonSynchronising = has("LITERAL+") || (has("LITERAL-") && literal.count <= 4096)
        let head = "\(tag) \(prefix) {\(literal.count)\(nonSynchronising ? "+" : "")}"
        trace("C", head + " <\(literal.count) bytes>")
        if nonSynchronising {
            var wire = Array(head.utf8)
            wire.append(contentsOf: [13, 10])
            try send(wire)
        } else {
            try send(Array(head.utf8) + [13, 10])
            // The server answers "+ ..." to go on, or completes the command at once with NO/BAD.
            while true {
                let frame = try readFrame(literalLimit: Self.defaultLiteralLimit)
                let response: IMAPResponse
                do { response = try IMAPResponseParser.parse(frame) } catch { throw .malformed(error) }
                if case .continuation = response { break }
                if case .tagged(let received, let condition) = response, received == tag { return condition }
                track(response)
                try handler(response)
            }
        }
        try send(literal)
        try send([13, 10])
        return try readCompletions(tags: [tag], literalLimit: Self.defaultLiteralLimit, handler: handler)[0]
    }

    /// Reads responses until every tag has its completion, returned in the order of `tags`.
    /// Commands the server runs in parallel may complete in any order (RFC 9051 5.5).
    private func readCompletions(
        tags: [String],
        literalLimit: Int,
        literalSink: LiteralSink? = nil,
        handler: (IMAPResponse) throws(IMAPIOError) -> Void
    ) throws(IMAPIOError) -> [IMAPCondition] {
        var waiting = [String: Int](minimumCapacity: tags.count)
        for (index, tag) in tags.enumerated() { waiting[tag] = index }
        var results = [IMAPCondition?](repeating: nil, count: tags.count)
        while !waiting.isEmpty {
            let frame = try readFrame(literalLimit: literalLimit, literalSink: literalSink)
            let response: IMAPResponse
            do {
                response = try IMAPResponseParser.parse(frame)
            } catch {
                throw .malformed(error)
            }
            switch response {
            case .tagged(let received, let condition):
                guard let index = waiting.removeValue(forKey: received) else {
                    throw .malformed(IMAPParseError(reason: "completion for \(received) while waiting for \(waiting.keys.sorted().joined(separator: ", "))", line: frame.text))
                }
                trace("S", "\(received) \(condition.status.rawValue) \(condition.text)")
                results[index] = condition
            case .continuation:
                throw .malformed(IMAPParseError(reason: "unexpected continuation request", line: frame.text))
            default:
                track(response)
                try handler(response)
            }
        }
        return results.compactMap { $0 }
    }

    /// Keeps the connection's view of the server current.
    private func track(_ response: IMAPResponse) {
        switch response {
        case .exists(let count):
            selected?.exists = count
        case .expunge:
            if let count = selected?.exists, count > 0 { selected?.exists = count - 1 }
        case .capability(let set):
            capabilities = set
        case .condition(let condition):
            if condition.status == .bye { pendingBye = condition.line }
            if case .capability(let set) = condition.code { capabilities = set }
            if case .uidNext(let next) = condition.code { selected?.uidNext = next }
        default:
            break
        }
    }

    private func nextTag() -> String {
        tagNumber &+= 1
        return "P\(tagNumber)"
    }

    private func trace(_ direction: String, _ line: @autoclosure () -> String) {
        guard logger.logLevel <= .trace else { return }
        logger.trace("IMAP \(direction): \(line().prefix(300))")
    }

    // MARK: reading

    private func hasCompleteLine() -> Bool {
        guard bufferEnd > bufferStart else { return false }
        return buffer.withUnsafeBufferPointer { raw in
            memchr(raw.baseAddress! + bufferStart, 10, bufferEnd - bufferStart) != nil
        }
    }

    /// Reads one response: a line, and if it ends in a literal marker `{n}`, the literal and the
    /// rest of the response after it (RFC 9051 4.3).
    private func readFrame(literalLimit: Int, literalSink: LiteralSink? = nil) throws(IMAPIOError) -> IMAPResponseFrame {
        var frame = IMAPResponseFrame(line: try readLine())
        while let size = Self.trailingLiteralSize(frame.line) {
            guard size <= literalLimit else {
                disconnect()
                throw .literalTooLarge(size: size, limit: literalLimit)
            }
            if let literalSink, size > 0 {
                try stream(size, to: literalSink)
                frame.literals.append([])
                frame.literalsStreamed = true
            } else {
                frame.literals.append(try readExactly(size))
            }
            frame.line.append(contentsOf: try readLine())
        }
        return frame
    }

    /// `{123}` or `{123+}` at the end of a line gives 123.
    static func trailingLiteralSize(_ line: [UInt8]) -> Int? {
        guard line.last == UInt8(ascii: "}") else { return nil }
        var index = line.count - 2
        if index >= 0, line[index] == UInt8(ascii: "+") || line[index] == UInt8(ascii: "-") { index -= 1 }
        var value = 0
        var multiplier = 1
        var digits = 0
        while index >= 0, line[index] >= UInt8(ascii: "0"), line[index] <= UInt8(ascii: "9") {
            guard digits < 12 else { return nil }
            value += Int(line[index] - UInt8(ascii: "0")) * multiplier
            multiplier *= 10
            digits += 1
            index -= 1
        }
        guard digits > 0, index >= 0, line[index] == UInt8(ascii: "{") else { return nil }
        return value
    }

    /// One line without its CRLF.
    private func readLine() throws(IMAPIOError) -> [UInt8] {
        var scanFrom = bufferStart
        while true {
            let newline: Int? = buffer.withUnsafeBufferPointer { raw in
                guard bufferEnd > scanFrom, let found = memchr(raw.baseAddress! + scanFrom, 10, bufferEnd - scanFrom) else { return nil }
                return raw.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
            }
            if let newline {
                var end = newline
                if end > bufferStart, buffer[end - 1] == 13 { end -= 1 }
                let line = Array(buffer[bufferStart..<end])
                bufferStart = newline + 1
                if bufferStart == bufferEnd {
                    bufferStart = 0
                    bufferEnd = 0
                }
                return line
            }
            // Everything up to bufferEnd has been scanned; room is made before the
            // scan position is taken, since making room moves the bytes.
            try makeRoom()
            scanFrom = bufferEnd
            _ = try fill(wait: true)
        }
    }

    /// Passes exactly `count` bytes (a literal) to `sink` as they arrive, through one
    /// buffer of at most 256 KiB. If the sink fails, the rest of the literal is never read:
    /// the connection is dropped.
    private func stream(_ count: Int, to sink: LiteralSink) throws(IMAPIOError) {
        do throws(IMAPIOError) {
            try streamUnguarded(count, to: sink)
        } catch {
            disconnect()  // the rest of the literal is unread: the connection is unusable
            throw error
        }
    }

    private func streamUnguarded(_ count: Int, to sink: LiteralSink) throws(IMAPIOError) {
        var remaining = count
        func deliver(_ bytes: UnsafeRawBufferPointer) throws(IMAPIOError) {
            do {
                try sink(bytes)
            } catch {
                throw .sink(error)
            }
        }
        let buffered = min(bufferEnd - bufferStart, remaining)
        if buffered > 0 {
            let start = bufferStart
            var failure: IMAPIOError?
            buffer.withUnsafeBytes { raw in
                do throws(IMAPIOError) {
                    try deliver(UnsafeRawBufferPointer(rebasing: raw[start..<(start + buffered)]))
                } catch {
                    failure = error
                }
            }
            if let failure { throw failure }
            bufferStart += buffered
            if bufferStart == bufferEnd {
                bufferStart = 0
                bufferEnd = 0
            }
            remaining -= buffered
        }
        guard remaining > 0 else { return }
        let capacity = min(remaining, Self.streamChunk)
        let chunk = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        defer { chunk.deallocate() }
        while remaining > 0 {
            let received = try receive(into: chunk, capacity: min(remaining, capacity), wait: true)
            try deliver(UnsafeRawBufferPointer(start: chunk, count: received))
            remaining -= received
        }
    }

    /// The most of a streamed literal held at once.
    static let streamChunk = 256 << 10

    /// Exactly `count` bytes (a literal), received straight into the result's storage.
    private func readExactly(_ count: Int) throws(IMAPIOError) -> [UInt8] {
        var failure: IMAPIOError?
        let result = [UInt8](unsafeUninitializedCapacity: count) { destination, initialized in
            let buffered = min(bufferEnd - bufferStart, count)
            if buffered > 0 {
                buffer.withUnsafeBufferPointer { raw in
                    destination.baseAddress!.initialize(from: raw.baseAddress! + bufferStart, count: buffered)
                }
                bufferStart += buffered
                if bufferStart == bufferEnd {
                    bufferStart = 0
                    bufferEnd = 0
                }
            }
            initialized = buffered
            while initialized < count {
                do throws(IMAPIOError) {
                    initialized += try receive(into: UnsafeMutableRawPointer(destination.baseAddress! + initialized), capacity: count - initialized, wait: true)
                } catch {
                    failure = error
                    return
                }
            }
        }
        if let failure { throw failure }
        return result
    }

    /// When the buffer is full, moves the unread bytes to its front or, if they already
    /// start there, doubles it (up to the longest line allowed).
    private func makeRoom() throws(IMAPIOError) {
        guard bufferEnd == buffer.count else { return }
        if bufferStart > 0 {
            let start = bufferStart
            let pending = bufferEnd - start
            buffer.withUnsafeMutableBufferPointer { raw in
                _ = memmove(raw.baseAddress!, raw.baseAddress! + start, pending)
            }
            bufferStart = 0
            bufferEnd = pending
            return
        }
        guard buffer.count < Self.maximumLineLength else {
            disconnect()
            throw .malformed(IMAPParseError(reason: "a response line is longer than \(Self.maximumLineLength) bytes", line: ""))
        }
        buffer.append(contentsOf: repeatElement(0, count: buffer.count))
    }

    /// Receives into the free end of the buffer. Returns the number of bytes (0 only without `wait`).
    private func fill(wait: Bool) throws(IMAPIOError) -> Int {
        try makeRoom()
        let capacity = buffer.count - bufferEnd
        let start = bufferEnd
        let received = try buffer.withUnsafeMutableBufferPointer { (raw) throws(IMAPIOError) -> Int in
            try receive(into: UnsafeMutableRawPointer(raw.baseAddress! + start), capacity: capacity, wait: wait)
        }
        bufferEnd += received
        return received
    }

    private func receive(into destination: UnsafeMutableRawPointer, capacity: Int, wait: Bool) throws(IMAPIOError) -> Int {
        guard let easy else { throw .closed(bye: pendingBye) }
        while true {
            var received = 0
            let code = curl_easy_recv(easy.handle, destination, capacity, &received)
            if code == CURLE_OK {
                guard received > 0 else {
                    let bye = pendingBye
                    disconnect()
                    throw .closed(bye: bye)
                }
                return received
            }
            if code == CURLE_AGAIN {
                guard wait else { return 0 }
                try waitFor(events: Int16(POLLIN))
                continue
            }
            let detail = easy.errorText(for: code)
            disconnect()
            throw .curl(code, detail)
        }
    }

    // MARK: writing

    private func send(_ bytes: [UInt8]) throws(IMAPIOError) {
        guard let easy else { throw .closed(bye: pendingBye) }
        var offset = 0
        while offset < bytes.count {
            var sent = 0
            let code = bytes.withUnsafeBytes { raw in
                curl_easy_send(easy.handle, raw.baseAddress! + offset, bytes.count - offset, &sent)
            }
            if code == CURLE_OK {
                offset += sent
            } else if code == CURLE_AGAIN {
                try waitFor(events: Int16(POLLOUT))
            } else {
                let detail = easy.errorText(for: code)
                disconnect()
                throw .curl(code, detail)
            }
        }
    }

    // MARK: waiting

    /// Waits until the socket is ready, at most the response timeout, checking for
    /// cancellation four times a second.
    private func waitFor(events: Int16) throws(IMAPIOError) {
        let deadline = ContinuousClock.now + endpoint.timeouts.response
        while true {
            if cancellation.isSet {
                disconnect()
                throw .cancelled
            }
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else {
                disconnect()
                throw .timedOut
            }
            if try pollSocket(events: events, timeoutMilliseconds: min(250, max(1, remaining.wholeMilliseconds))) { return }
        }
    }

    private func pollSocket(events: Int16, timeoutMilliseconds: Int) throws(IMAPIOError) -> Bool {
        guard socket >= 0 else { throw .closed(bye: pendingBye) }
        var descriptor = pollfd(fd: socket, events: events, revents: 0)
        let result = poll(&descriptor, 1, Int32(timeoutMilliseconds))
        if result < 0 {
            if errno == EINTR { return false }
            let detail = String(cString: strerror(errno))
            disconnect()
            throw .curl(CURLE_RECV_ERROR, "poll failed: \(detail)")
        }
        return result > 0
    }
}
