import CCurl
import Foundation
import Logging

/// The message being uploaded, read by libcurl's read callback.
final class UploadSource {
    let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func read(into destination: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
        let count = min(capacity, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { raw in
            UnsafeMutableRawPointer(destination).copyMemory(from: raw.baseAddress! + offset, byteCount: count)
        }
        offset += count
        return count
    }
}

/// CURLOPT_READFUNCTION with an `UploadSource` as CURLOPT_READDATA.
let uploadReadCallback: pm_data_callback = { destination, size, count, context in
    guard let destination, let context else { return pm_readfunc_abort() }
    return Unmanaged<UploadSource>.fromOpaque(context).takeUnretainedValue().read(into: destination, capacity: size * count)
}

/// CURLOPT_XFERINFOFUNCTION with a `CancellationFlag` as CURLOPT_XFERINFODATA: aborts a
/// transfer (CURLE_ABORTED_BY_CALLBACK) once the flag is set. libcurl calls it at least once a second.
let cancellationProgressCallback: pm_xferinfo_callback = { context, _, _, _, _ in
    guard let context else { return 0 }
    return Unmanaged<CancellationFlag>.fromOpaque(context).takeUnretainedValue().isSet ? 1 : 0
}

/// One SMTP client: a libcurl easy handle whose connection libcurl keeps open between sends
/// (and replaces when the server has closed it). Used only on its `SMTPSender`'s thread.
final class SMTPSession {
    let endpoint: MailServerEndpoint
    private let heloName: String?
    private let logger: Logger
    private let secrets: LoginSecretSource
    private let cancellation: CancellationFlag
    private let transcript: SMTPTranscript
    private var easy: CurlEasy?

    init(endpoint: MailServerEndpoint, heloName: String?, logger: Logger, cancellation: CancellationFlag) {
        self.endpoint = endpoint
        self.heloName = heloName
        self.logger = logger
        self.cancellation = cancellation
        secrets = LoginSecretSource(endpoint.credential)
        transcript = SMTPTranscript(logger: logger)
    }

    /// The URL path is the EHLO name (curl uses the local host name when it is empty).
    private var path: String {
        guard let heloName else { return "" }
        return heloName.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-."))) ?? ""
    }

    /// Options for one transfer on `handle`, with the transcript and cancellation hooked in.
    private func configure(_ handle: CurlEasy, secret: LoginSecret) throws(MailTransportError) {
        try handle.applyConnectionOptions(endpoint: endpoint, protocol: .smtp, path: path, secret: secret)
        // VERBOSE only routes protocol lines to the debug callback; nothing is printed.
        try handle.set(CURLOPT_VERBOSE, true)
        try handle.setDebugCallback(smtpTranscriptCallback)
        try handle.set(CURLOPT_DEBUGDATA, pointer: Unmanaged.passUnretained(transcript).toOpaque())
        try handle.set(CURLOPT_NOPROGRESS, false)
        try handle.setProgressCallback(cancellationProgressCallback)
        try handle.set(CURLOPT_XFERINFODATA, pointer: Unmanaged.passUnretained(cancellation).toOpaque())
    }

    func send(from: String, recipients: [String], message: [UInt8]) throws -> SMTPDelivery {
        if let problem = EnvelopeAddress.problem(with: from, isSender: true) {
            throw invalidAddress("the envelope sender", problem, address: from)
        }
        guard !recipients.isEmpty else {
            throw MailTransportError(
                kind: .configuration, operation: "SMTP send", endpoint: endpoint,
                message: "the message has no recipients", advice: "Give at least one envelope recipient.")
        }
        for recipient in recipients {
            if let problem = EnvelopeAddress.problem(with: recipient, isSender: false) {
                throw invalidAddress("an envelope recipient", problem, address: recipient)
            }
        }
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try transfer(from: from, recipients: recipients, message: message)
            } catch let failure as RetryableConnectionLoss {
                guard attempt == 1 else { throw failure.error }
                logger.debug("SMTP connection was lost before the message was sent; reconnecting", metadata: ["server": "\(endpoint.hostAndPort)"])
            }
        }
    }

    /// A reused connection that turned out dead before any of the message was sent.
    private struct RetryableConnectionLoss: Error {
        var error: MailTransportError
    }

    private func transfer(from: String, recipients: [String], message: [UInt8]) throws -> SMTPDelivery {
        let handle: CurlEasy
        if let easy {
            handle = easy
        } else {
            handle = try CurlEasy()
            easy = handle
        }
        let secret = try secrets.current()
        try configure(handle, secret: secret)

        var list: UnsafeMutablePointer<curl_slist>?
        for recipient in recipients {
            guard let extended = curl_slist_append(list, "<\(recipient)>") else {
                curl_slist_free_all(list)
                throw MailTransportError(kind: .transient, operation: "SMTP send", endpoint: endpoint, message: "out of memory", advice: "Retry later.")
            }
            list = extended
        }
        let upload = UploadSource(message)
        defer {
            _ = try? handle.set(CURLOPT_MAIL_RCPT, list: nil)
            _ = try? handle.set(CURLOPT_READDATA, pointer: nil)
            curl_slist_free_all(list)
        }
        try handle.set(CURLOPT_MAIL_FROM, "<\(from)>")
        try handle.set(CURLOPT_MAIL_RCPT, list: list)
        try handle.set(CURLOPT_UPLOAD, true)
        try handle.set(CURLOPT_INFILESIZE_LARGE, offset: Int64(message.count))
        try handle.set(CURLOPT_READFUNCTION, callback: uploadReadCallback)
        try handle.set(CURLOPT_READDATA, pointer: Unmanaged.passUnretained(upload).toOpaque())

        transcript.reset()
        let started = ContinuousClock.now
        let code = withExtendedLifetime(upload) { handle.perform() }
        let reusedConnection = handle.infoLong(CURLINFO_NUM_CONNECTS) == 0

        guard code == CURLE_OK else {
            if code == CURLE_ABORTED_BY_CALLBACK, cancellation.isSet {
                easy = nil
                throw CancellationError()
            }
            let error = failure(code, handle: handle, secret: secret)
            let lostConnection = code == CURLE_SEND_ERROR || code == CURLE_RECV_ERROR || code == CURLE_GOT_NOTHING
            if lostConnection, reusedConnection, transcript.rejection == nil, upload.offset == 0 {
                throw RetryableConnectionLoss(error: error)
            }
            throw error
        }
        let replyText = transcript.lastReplyText
        let replyCode = handle.infoLong(CURLINFO_RESPONSE_CODE)
        let delivery = SMTPDelivery(
            replyCode: replyCode,
            replyText: replyText,
            queueID: SMTPTranscript.queueID(in: replyText),
            recipients: recipients
        )
        logger.debug(
            "SMTP message accepted",
            metadata: [
                "server": "\(endpoint.hostAndPort)", "queueID": "\(delivery.queueID ?? "-")", "bytes": "\(message.count)",
                "recipients": "\(recipients.count)", "reused": "\(reusedConnection)",
                "ms": "\((ContinuousClock.now - started).wholeMilliseconds)",
            ])
        return delivery
    }

    /// Classifies a failed transfer: a 4xx/5xx reply to a command is the server's decision
    /// (transient or permanent); anything else is the connection, TLS or login.
    private func failure(_ code: CURLcode, handle: CurlEasy, secret: LoginSecret) -> MailTransportError {
        let detail = handle.errorText(for: code)
        if let rejection = transcript.rejection, code != CURLE_LOGIN_DENIED, rejection.stage != .auth {
            let replyCode = rejection.code
            let reply = Redaction.removeSecrets(from: rejection.reply, secrets: secret.secrets)
            var error = MailTransportError(
                kind: replyCode < 500 ? .transient : .permanent,
                operation: "SMTP \(rejection.stage.rawValue)",
                server: endpoint.hostAndPort,
                curlCode: Int(code.rawValue),
                curlMessage: detail,
                serverResponse: reply,
                smtpReplyCode: replyCode,
                message: "the server refused \(rejection.stage.rawValue) with \(replyCode)",
                advice: replyCode < 500
                    ? "The server asked to try again later; it will be retried."
                    : "The server will not accept this message as it is; its reply says why. Do not retry it unchanged.")
            if rejection.stage == .rcptTo, let recipient = rejection.recipient {
                error.rejectedRecipient = recipient
                error.message = "the server refused a recipient with \(replyCode)"
                if replyCode >= 500 { error.advice = "Remove or correct that recipient (see rejectedRecipient) and send again." }
            }
            if rejection.stage == .mailFrom, replyCode == 552 || reply.contains("5.3.4") {
                error.message = "the server refused the message as too large (\(replyCode))"
                error.advice = "Send a smaller message; this server accepts at most the SIZE it advertises in EHLO."
            }
            return error
        }
        let stage = transcript.stage
        let replyLines = transcript.repliesSinceCommand.joined(separator: " ")
        let reply = replyLines.isEmpty ? nil : Redaction.removeSecrets(from: replyLines, secrets: secret.secrets)
        var error = CurlFailure.error(code, detail: detail, operation: "SMTP \(stage.rawValue)", endpoint: endpoint, serverResponse: reply)
        if code == CURLE_LOGIN_DENIED || stage == .auth || transcript.rejection?.stage == .auth {
            error.kind = .authentication
            error.operation = "SMTP AUTH"
            error.message = "the server rejected the login for \(endpoint.username)"
            error.advice = "Check the username and the password or token in the configuration (an OAuth2 token may have expired)."
            error.smtpReplyCode = transcript.rejection?.code
            if let rejected = transcript.rejection?.reply { error.serverResponse = Redaction.removeSecrets(from: rejected, secrets: secret.secrets) }
        }
        return error
    }

    /// Connects, says EHLO, starts TLS and logs in, without sending anything: for check-config.
    func verifyLogin() throws {
        let probe = try CurlEasy()
        let secret = try secrets.current()
        try configure(probe, secret: secret)
        try probe.set(CURLOPT_CONNECT_ONLY, 1)
        transcript.reset()
        let code = probe.perform()
        guard code == CURLE_OK else {
            if code == CURLE_ABORTED_BY_CALLBACK, cancellation.isSet { throw CancellationError() }
            throw failure(code, handle: probe, secret: secret)
        }
        if case .none = secret { return }
        guard transcript.authenticated else {
            // libcurl skips AUTH silently when the server does not offer it.
            throw MailTransportError(
                kind: .authentication, operation: "SMTP AUTH", endpoint: endpoint,
                message: "the server did not offer AUTH, so the configured login was not used",
                advice: "Use the server's submission port (465 or 587 with STARTTLS), or set the credential to none for a relay that accepts the daemon by address.")
        }
    }

    /// Ends the held connection (QUIT).
    func close() {
        easy = nil
    }

    private func invalidAddress(_ role: String, _ problem: String, address: String) -> MailTransportError {
        MailTransportError(
            kind: .configuration, operation: "SMTP send", server: endpoint.hostAndPort,
            rejectedRecipient: role == "an envelope recipient" ? address : nil,
            message: "\(role) cannot be used: \(problem)",
            advice: "Correct the address; it must be a single plain address such as name@example.org.")
    }
}
