import Foundation
import Logging

/// The panel mailbox over IMAP: one libcurl handle, one logged-in connection, reused for every
/// command, reconnected when it is lost.
///
/// An actor whose executor is a dedicated thread: every blocking network call runs there, never
/// on Swift's cooperative pool, and commands are serialised. Cancelling the calling task makes a
/// waiting command give up within a quarter of a second (the connection is then dropped).
public actor IMAPMailbox: MailboxClient {
    public nonisolated let endpoint: MailServerEndpoint
    private let logger: Logger
    private let executor: ThreadExecutor
    private let cancellation = CancellationFlag()
    private let connection: IMAPConnection
    private let configurationError: MailTransportError?
    /// The last UIDVALIDITY seen per folder (encoded name), to refuse UID commands after it changed.
    private var knownUIDValidity: [String: UInt32] = [:]

    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    public init(endpoint: MailServerEndpoint, logger: Logger) {
        self.endpoint = endpoint
        self.logger = logger
        executor = ThreadExecutor(name: "imap \(endpoint.host):\(endpoint.port)")
        connection = IMAPConnection(endpoint: endpoint, logger: logger, cancellation: cancellation)
        var problem: MailTransportError?
        do {
            try endpoint.validate(protocolName: "IMAP")
            if case .none = endpoint.credential {
                problem = MailTransportError(
                    kind: .configuration, operation: "IMAP setup", endpoint: endpoint,
                    message: "no credential is configured", advice: "Set a password or an OAuth2 token file for the mailbox.")
            }
        } catch {
            problem = error
        }
        configurationError = problem
    }

    deinit {
        executor.shutdown()
    }

    // MARK: MailboxClient

    public func select(_ folder: String) async throws -> FolderStatus {
        try await run("IMAP SELECT") { _ throws in
            let state = try self.selectFolder(folder, force: true)
            return FolderStatus(
                name: folder,
                uidValidity: state.uidValidity,
                messageCount: Int(state.exists),
                uidNext: state.uidNext,
                isReadOnly: state.readOnly,
                allowsNewKeywords: state.permanentFlags.contains("\\*")
            )
        }
    }

    public func listMessages(in folder: String) async throws -> (uidValidity: UInt32, messages: [MessageSummary]) {
        try await run("IMAP UID FETCH (listing)") { connection throws in
            let encoded = IMAPSyntax.encodedMailboxName(folder)
            if connection.selected?.encodedName == encoded {
                // A server shows new mail to a session when it syncs at the end of a command, so
                // NOOP first. Not pipelined: Dovecot runs a pipelined NOOP and FETCH in parallel.
                let noop = try connection.execute("NOOP") { _ in }
                guard noop.status == .ok else { throw self.commandFailure(noop, operation: "IMAP NOOP", folder: folder) }
            } else {
                _ = try self.selectFolder(folder, force: true)
            }
            var byUID: [UInt32: MessageSummary] = [:]
            byUID.reserveCapacity(Int(connection.selected?.exists ?? 0))
            let completion = try connection.execute("UID FETCH 1:* (UID FLAGS INTERNALDATE RFC822.SIZE)") { response in
                guard case .fetch(_, let attributes) = response, let uid = attributes.uid,
                    let flags = attributes.flags, let date = attributes.internalDate, let size = attributes.size
                else { return }  // unsolicited flag updates carry no UID
                byUID[uid] = MessageSummary(uid: uid, flags: IMAPSyntax.storedFlags(flags), internalDate: date, size: size)
            }
            guard let state = connection.selected else {
                throw self.protocolViolation("IMAP UID FETCH", "no folder is selected after SELECT")
            }
            if completion.status != .ok {
                // Some servers answer NO or BAD to "1:*" in an empty folder.
                guard state.exists == 0 else { throw self.commandFailure(completion, operation: "IMAP UID FETCH", folder: folder) }
            }
            return (state.uidValidity, byUID.values.sorted { $0.uid < $1.uid })
        }
    }

    public func fetch(uid: UInt32, uidValidity: UInt32, folder: String, maxBytes: Int) async throws -> [UInt8] {
        try await run("IMAP UID FETCH BODY.PEEK[]") { connection throws in
            try self.fetchBody(uid: uid, uidValidity: uidValidity, folder: folder, maxBytes: maxBytes, connection: connection, sink: nil)
        }
    }

    public func fetch(uid: UInt32, uidValidity: UInt32, folder: String, maxBytes: Int, into sink: some MessageByteSink) async throws -> Int {
        try await run("IMAP UID FETCH BODY.PEEK[]") { connection throws in
            // A repeat on a new connection starts the message again from its first byte.
            try sink.restart()
            var delivered = 0
            let inline = try self.fetchBody(uid: uid, uidValidity: uidValidity, folder: folder, maxBytes: maxBytes, connection: connection) { bytes in
                try sink.receive(bytes)
                delivered += bytes.count
            }
            // A server may send a small body as a quoted string rather than a literal.
            if !inline.isEmpty {
                try inline.withUnsafeBytes { try sink.receive($0) }
                delivered += inline.count
            }
            return delivered
        }
    }

    public func fetch(uids: [UInt32], uidValidity: UInt32, folder: String, maxBytes: Int) async throws -> [UInt32: [UInt8]] {
        guard !uids.isEmpty else { return [:] }
        return try await run("IMAP UID FETCH BODY.PEEK[] (pipelined)") { connection throws in
            try self.fetchBodies(uids: uids, uidValidity: uidValidity, folder: folder, maxBytes: maxBytes, connection: connection, sink: nil).bodies
        }
    }

    /// UID FETCH BODY.PEEK[] of one message: its bytes, or, with `sink`, an empty array once
    /// every literal has gone to the sink.
    private func fetchBody(
        uid: UInt32, uidValidity: UInt32, folder: String, maxBytes: Int, connection: IMAPConnection,
        sink: IMAPConnection.LiteralSink?
    ) throws -> [UInt8] {
        let answer = try fetchBodies(uids: [uid], uidValidity: uidValidity, folder: folder, maxBytes: maxBytes, connection: connection, sink: sink)
        guard let body = answer.bodies[uid] else { throw self.messageNotFound(uid: uid, folder: folder, response: answer.gone[uid]) }
        return body
    }

    /// UID FETCH BODY.PEEK[] of each message, the commands pipelined: one per message rather
    /// than one UID set, so that each is answered on its own and a message deleted meanwhile
    /// costs only its own entry. Gives the bodies, and the server's answer for each message
    /// it said is gone; a message it said nothing of is in neither.
    private func fetchBodies(
        uids: [UInt32], uidValidity: UInt32, folder: String, maxBytes: Int, connection: IMAPConnection,
        sink: IMAPConnection.LiteralSink?
    ) throws -> (bodies: [UInt32: [UInt8]], gone: [UInt32: String]) {
        let state = try self.selectFolder(folder, force: false)
        guard state.uidValidity == uidValidity else {
            throw self.uidValidityChanged(folder: folder, expected: uidValidity, actual: state.uidValidity)
        }
        let wanted = Set(uids)
        var bodies: [UInt32: [UInt8]] = [:]
        bodies.reserveCapacity(uids.count)
        let completions = try connection.executePipelined(
            uids.map { "UID FETCH \($0) (UID BODY.PEEK[])" }, literalLimit: max(0, maxBytes), literalSink: sink
        ) { response in
            if case .fetch(_, let attributes) = response, let uid = attributes.uid, wanted.contains(uid), let content = attributes.body {
                bodies[uid] = content
            }
        }
        var gone: [UInt32: String] = [:]
        for (uid, completion) in zip(uids, completions) where completion.status != .ok {
            // Dovecot: "NO Some of the requested messages no longer exist".
            guard completion.status == .no, completion.code == .other("EXPUNGEISSUED") || completion.text.lowercased().contains("no longer exist") else {
                throw self.commandFailure(completion, operation: "IMAP UID FETCH", folder: folder)
            }
            bodies[uid] = nil
            gone[uid] = completion.line
        }
        return (bodies, gone)
    }

    public func removeFlags(_ flags: Set<String>, uids: [UInt32], folder: String) async throws {
        try await store("-FLAGS.SILENT", flags, uids: uids, folder: folder)
    }

    public func addFlags(_ flags: Set<String>, uids: [UInt32], folder: String) async throws {
        try await store("+FLAGS.SILENT", flags, uids: uids, folder: folder)
    }

    private func store(_ action: String, _ flags: Set<String>, uids: [UInt32], folder: String) async throws {
        if let bad = flags.first(where: { !IMAPSyntax.isStorableFlag($0) }) {
            throw MailTransportError(
                kind: .configuration, operation: "IMAP UID STORE", endpoint: endpoint,
                message: "\"\(bad)\" is not a flag that can be stored",
                advice: "Use a system flag such as \\Seen or a keyword atom such as $Panelmail.")
        }
        guard !flags.isEmpty, !uids.isEmpty else { return }
        try await run("IMAP UID STORE") { connection throws in
            let state = try self.selectFolder(folder, force: false, forUIDCommand: true)
            guard !state.readOnly else { throw self.readOnly(folder) }
            let list = IMAPSyntax.flagList(flags)
            for chunk in UIDSet.chunks(uids) {
                let completion = try connection.execute("UID STORE \(chunk) \(action) \(list)") { _ in }
                guard completion.status == .ok else { throw self.commandFailure(completion, operation: "IMAP UID STORE", folder: folder) }
            }
        }
    }

    @discardableResult
    public func move(uids: [UInt32], from folder: String, to destination: String) async throws -> [UInt32: UInt32] {
        guard !uids.isEmpty else { return [:] }
        guard let target = IMAPSyntax.mailbox(destination) else { throw invalidFolderName(destination) }
        return try await run("IMAP UID MOVE") { connection throws in
            let state = try self.selectFolder(folder, force: false, forUIDCommand: true)
            guard !state.readOnly else { throw self.readOnly(folder) }
            var mapping: [UInt32: UInt32] = [:]
            func collect(_ code: IMAPResponseCode?) {
                guard case .copyUID(_, let source, let copies) = code, source.count == copies.count else { return }
                for (old, new) in zip(source, copies) { mapping[old] = new }
            }
            let handler: (IMAPResponse) -> Void = { response in
                if case .condition(let condition) = response { collect(condition.code) }
            }
            func check(_ completion: IMAPCondition, _ operation: String) throws {
                collect(completion.code)
                guard completion.status == .ok else {
                    if completion.code == .tryCreate || completion.code == .nonExistent {
                        throw self.folderNotFound(destination, operation: operation, response: completion.line)
                    }
                    throw self.commandFailure(completion, operation: operation, folder: folder)
                }
            }
            let chunks = UIDSet.chunks(uids)
            if connection.has("MOVE") {
                // RFC 6851: atomic, and the server expunges the originals itself.
                for chunk in chunks {
                    try check(try connection.execute("UID MOVE \(chunk) \(target)", handler: handler), "IMAP UID MOVE")
                }
            } else if connection.has("UIDPLUS") {
                // RFC 4315 UID EXPUNGE removes only these messages, never other \Deleted ones.
                for chunk in chunks {
                    try check(try connection.execute("UID COPY \(chunk) \(target)", handler: handler), "IMAP UID COPY")
                    try check(try connection.execute("UID STORE \(chunk) +FLAGS.SILENT (\\Deleted)") { _ in }, "IMAP UID STORE")
                    try check(try connection.execute("UID EXPUNGE \(chunk)") { _ in }, "IMAP UID EXPUNGE")
                }
            } else {
                throw MailTransportError(
                    kind: .unsupported, operation: "IMAP move", endpoint: self.endpoint,
                    message: "the server offers neither MOVE (RFC 6851) nor UIDPLUS (RFC 4315)",
                    advice: "Use a server with MOVE or UIDPLUS; a plain EXPUNGE would also remove messages other people marked deleted.")
            }
            return mapping
        }
    }

    public func ensureFolder(_ name: String) async throws {
        guard let argument = IMAPSyntax.mailbox(name) else { throw invalidFolderName(name) }
        try await run("IMAP CREATE") { connection throws in
            if try self.listContains(name, connection) { return }
            let completion = try connection.execute("CREATE \(argument)") { _ in }
            guard completion.status == .ok || completion.code == .alreadyExists else {
                throw self.commandFailure(completion, operation: "IMAP CREATE", folder: name)
            }
            // So that people's mail programs, which often show subscribed folders only, show it.
            try connection.execute("SUBSCRIBE \(argument)") { _ in }
            self.logger.info("IMAP folder created", metadata: ["folder": "\(name)"])
        }
    }

    public func folderExists(_ name: String) async throws -> Bool {
        guard IMAPSyntax.mailbox(name) != nil else { throw invalidFolderName(name) }
        return try await run("IMAP LIST") { connection throws in try self.listContains(name, connection) }
    }

    @discardableResult
    public func append(_ message: [UInt8], to folder: String, flags: Set<String>, internalDate: Date?) async throws -> AppendedMessage? {
        guard let target = IMAPSyntax.mailbox(folder) else { throw invalidFolderName(folder) }
        if let bad = flags.first(where: { !IMAPSyntax.isStorableFlag($0) }) {
            throw MailTransportError(
                kind: .configuration, operation: "IMAP APPEND", endpoint: endpoint,
                message: "\"\(bad)\" is not a flag that can be stored", advice: "Use system flags or keyword atoms.")
        }
        // Not repeated after a lost connection: the server may already have stored it.
        return try await run("IMAP APPEND", retry: false) { connection throws in
            var prefix = "APPEND \(target)"
            if !flags.isEmpty { prefix += " " + IMAPSyntax.flagList(flags) }
            if let internalDate { prefix += " \"\(IMAPDateTime.format(internalDate))\"" }
            let completion = try connection.executeWithLiteral(prefix, literal: message) { _ in }
            guard completion.status == .ok else {
                if completion.code == .tryCreate || completion.code == .nonExistent {
                    throw self.folderNotFound(folder, operation: "IMAP APPEND", response: completion.line)
                }
                throw self.commandFailure(completion, operation: "IMAP APPEND", folder: folder)
            }
            if case .appendUID(let validity, let uid) = completion.code { return AppendedMessage(uidValidity: validity, uid: uid) }
            return nil
        }
    }

    public func noop() async throws {
        try await run("IMAP NOOP") { connection throws in
            let completion = try connection.execute("NOOP") { _ in }
            guard completion.status == .ok else { throw self.commandFailure(completion, operation: "IMAP NOOP", folder: nil) }
        }
    }

    public func logout() async {
        connection.logout()
    }

    /// For tests: behave as if the server did not offer these capabilities (e.g. "MOVE").
    func ignoreCapabilities(_ names: Set<String>) {
        connection.ignoredCapabilities = names
    }

    // MARK: running commands

    /// Runs `body` with a ready connection. A connection lost under an idempotent command on a
    /// reused connection (an idle timeout, a server restart) is reconnected and the command
    /// repeated once; everything else is classified into a `MailTransportError`.
    private func run<T: Sendable>(
        _ operation: String,
        retry: Bool = true,
        _ body: (IMAPConnection) throws -> T
    ) async throws -> T {
        if let configurationError { throw configurationError }
        try Task.checkCancellation()
        cancellation.reset()
        return try await withTaskCancellationHandler {
            try perform(operation, retry: retry, body)
        } onCancel: { [cancellation] in
            cancellation.set()
        }
    }

    private func perform<T>(_ operation: String, retry: Bool, _ body: (IMAPConnection) throws -> T) throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                try connection.prepare()
                return try body(connection)
            } catch let failure as IMAPIOError {
                if retry, attempt == 1, failure.isConnectionLoss, !connection.connectedDuringOperation {
                    logger.debug("IMAP connection lost; reconnecting and repeating", metadata: ["operation": "\(operation)"])
                    connection.disconnect()
                    continue
                }
                throw translate(failure, operation: operation)
            }
        }
    }

    private func translate(_ failure: IMAPIOError, operation: String) -> any Error {
        switch failure {
        case .login(let error):
            return error
        case .sink(let error):
            // Where the bytes were going failed (a full disk): that error, as it is.
            return error
        case .cancelled:
            return CancellationError()
        case .closed(let bye):
            return MailTransportError(
                kind: .transient, operation: operation, endpoint: endpoint, serverResponse: bye,
                message: "the server closed the connection", advice: "It will be retried; the next command reconnects.")
        case .timedOut:
            return MailTransportError(
                kind: .transient, operation: operation, endpoint: endpoint,
                message: "the server did not answer within \(endpoint.timeouts.response)",
                advice: "It will be retried; if it persists, check the server's load and the network.")
        case .curl(let code, let detail):
            return CurlFailure.error(code, detail: detail, operation: operation, endpoint: endpoint)
        case .malformed(let problem):
            return protocolViolation(operation, "\(problem.reason) in \"\(problem.line.prefix(120))\"")
        case .literalTooLarge(let size, let limit):
            return MailTransportError(
                kind: .messageTooLarge, operation: operation, endpoint: endpoint,
                message: "the message is \(size) bytes, over the limit of \(limit); the transfer was aborted",
                advice: "Raise the size limit in the configuration, or deal with the message by hand.")
        }
    }

    // MARK: folders

    /// Selects `name` read-write unless it is already selected. With `forUIDCommand`, refuses
    /// when the folder's UIDVALIDITY differs from the one seen before: the caller's UIDs would
    /// name other messages.
    private func selectFolder(_ name: String, force: Bool, forUIDCommand: Bool = false) throws -> SelectedMailbox {
        let encoded = IMAPSyntax.encodedMailboxName(name)
        if !force, let current = connection.selected, current.encodedName == encoded { return current }
        guard let argument = IMAPSyntax.mailbox(name) else { throw invalidFolderName(name) }
        var state = SelectedMailbox(encodedName: encoded, uidValidity: 0, uidNext: nil, exists: 0, readOnly: false, permanentFlags: [])
        var sawValidity = false
        connection.selected = nil
        let completion = try connection.execute("SELECT \(argument)") { response in
            switch response {
            case .exists(let count):
                state.exists = count
            case .condition(let condition):
                switch condition.code {
                case .uidValidity(let value):
                    state.uidValidity = value
                    sawValidity = true
                case .uidNext(let value): state.uidNext = value
                case .permanentFlags(let flags): state.permanentFlags = flags
                default: break
                }
            default:
                break
            }
        }
        guard completion.status == .ok else {
            if completion.code == .nonExistent || completion.text.lowercased().contains("doesn't exist")
                || completion.text.lowercased().contains("does not exist")
            {
                throw folderNotFound(name, operation: "IMAP SELECT", response: completion.line)
            }
            throw commandFailure(completion, operation: "IMAP SELECT", folder: name)
        }
        guard sawValidity else { throw protocolViolation("IMAP SELECT", "the server sent no UIDVALIDITY for \(name)") }
        state.readOnly = completion.code == .readOnly
        connection.selected = state
        let previous = knownUIDValidity.updateValue(state.uidValidity, forKey: encoded)
        if forUIDCommand, let previous, previous != state.uidValidity {
            throw uidValidityChanged(folder: name, expected: previous, actual: state.uidValidity)
        }
        return state
    }

    private func listContains(_ name: String, _ connection: IMAPConnection) throws -> Bool {
        guard let argument = IMAPSyntax.mailbox(name) else { throw invalidFolderName(name) }
        let encoded = IMAPSyntax.encodedMailboxName(name)
        var found = false
        let completion = try connection.execute("LIST \"\" \(argument)") { response in
            if case .list(let entry) = response, entry.encodedName == encoded, entry.isSelectable { found = true }
        }
        guard completion.status == .ok else { throw commandFailure(completion, operation: "IMAP LIST", folder: name) }
        return found
    }

    // MARK: errors

    private func commandFailure(_ completion: IMAPCondition, operation: String, folder: String?) -> MailTransportError {
        let transientCodes: Set<String> = ["UNAVAILABLE", "INUSE", "SERVERBUG", "LIMIT", "EXPUNGEISSUED", "CORRUPTION"]
        var kind = MailTransportError.Kind.permanent
        if case .other(let code) = completion.code, transientCodes.contains(code) { kind = .transient }
        if completion.code == .authenticationFailed { kind = .authentication }
        let what = folder.map { " on folder \"\($0)\"" } ?? ""
        return MailTransportError(
            kind: kind, operation: operation, endpoint: endpoint, serverResponse: completion.line,
            message: "the server answered \(completion.status.rawValue)\(what)",
            advice: kind == .transient
                ? "It will be retried."
                : (completion.status == .bad
                    ? "The server did not accept the command; this is a panelmail bug or an unusual server. Report it with the server's answer."
                    : "Check the folder and the account's permissions; the server's answer says why."))
    }

    private func protocolViolation(_ operation: String, _ detail: String) -> MailTransportError {
        MailTransportError(
            kind: .protocolViolation, operation: operation, endpoint: endpoint,
            message: "the server's response did not follow IMAP: \(detail)",
            advice: "The connection was reset; if it happens again, report it with the server software and version.")
    }

    private func uidValidityChanged(folder: String, expected: UInt32, actual: UInt32) -> MailTransportError {
        MailTransportError(
            kind: .uidValidityChanged, operation: "IMAP UID command", endpoint: endpoint,
            message: "folder \"\(folder)\" has UIDVALIDITY \(actual), not \(expected): its UIDs now name other messages",
            advice: "List the folder again and treat every message in it as new to this UIDVALIDITY.")
    }

    private func messageNotFound(uid: UInt32, folder: String, response: String?) -> MailTransportError {
        MailTransportError(
            kind: .messageNotFound, operation: "IMAP UID FETCH", endpoint: endpoint, serverResponse: response,
            message: "no message with UID \(uid) in folder \"\(folder)\"",
            advice: "It was probably moved or deleted by someone else; list the folder again.")
    }

    private func folderNotFound(_ folder: String, operation: String, response: String?) -> MailTransportError {
        MailTransportError(
            kind: .folderNotFound, operation: operation, endpoint: endpoint, serverResponse: response,
            message: "folder \"\(folder)\" does not exist",
            advice: "Create it (ensureFolder) or correct the folder name in the configuration.")
    }

    private func readOnly(_ folder: String) -> MailTransportError {
        MailTransportError(
            kind: .permanent, operation: "IMAP SELECT", endpoint: endpoint,
            message: "folder \"\(folder)\" is read-only for \(endpoint.username)",
            advice: "Give the account write access to the folder (ACL), or use another folder.")
    }

    private nonisolated func invalidFolderName(_ name: String) -> MailTransportError {
        MailTransportError(
            kind: .configuration, operation: "IMAP", endpoint: endpoint,
            message: "the folder name \"\(name)\" is empty or contains a line break or NUL",
            advice: "Correct the folder name in the configuration.")
    }
}
