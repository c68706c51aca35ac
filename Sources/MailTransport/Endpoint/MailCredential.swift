import Foundation

/// The secret half of a login. Its description, debug description and mirror never show the
/// secret, so it is safe inside logged or dumped values.
public enum MailCredential: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    case password(String)
    /// An OAuth 2.0 access token read from a file (SASL XOAUTH2/OAUTHBEARER, RFC 7628).
    /// The file is read again whenever its modification time or size changes, so a token
    /// refresher can replace it while the daemon runs. New logins use the new token.
    case oauth2BearerFile(path: String)
    /// No login at all: only for an SMTP relay that accepts the daemon by its address.
    /// IMAP always needs a login.
    case none

    public var description: String {
        switch self {
        case .password: "password(<redacted>)"
        case .oauth2BearerFile(let path): "oauth2BearerFile(\(path))"
        case .none: "none"
        }
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror { Mirror(self, children: ["credential": description]) }
}

/// Reads a bearer token file, and reads it again only when it changes.
/// Confined to one connection's thread.
final class BearerTokenFile {
    let path: String
    private var stamp: (modified: Date, size: Int)?
    private var token: String = ""

    init(path: String) { self.path = path }

    /// The current token, without surrounding whitespace.
    func current() throws(MailTransportError) -> String {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw Self.unreadable(path, "it does not exist or cannot be read")
        }
        let modified = attributes[.modificationDate] as? Date ?? .distantPast
        let size = (attributes[.size] as? NSNumber)?.intValue ?? -1
        if let stamp, stamp.modified == modified, stamp.size == size, !token.isEmpty { return token }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw Self.unreadable(path, "it cannot be read as UTF-8 text")
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, !trimmed.contains(where: { $0.isNewline || $0 == "\0" }) else {
            throw Self.unreadable(path, "it is empty or holds more than one line")
        }
        token = trimmed
        stamp = (modified, size)
        return trimmed
    }

    private static func unreadable(_ path: String, _ why: String) -> MailTransportError {
        MailTransportError(
            kind: .configuration,
            operation: "read OAuth2 token",
            message: "the bearer token file \(path) is unusable: \(why)",
            advice: "Check that the token refresher writes one access token to that file and that the daemon may read it."
        )
    }
}
