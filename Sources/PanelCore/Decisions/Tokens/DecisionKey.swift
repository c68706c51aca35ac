import Crypto

/// The server secret that decision tokens are made with (HMAC-SHA256 key).
///
/// Its description never shows the secret, so a key can sit in a logged config.
public struct DecisionKey: Sendable, CustomStringConvertible {
    /// 32 bytes: the HMAC-SHA256 block-size guidance (RFC 2104 section 3) asks for at
    /// least the hash length.
    public static let minimumBytes = 32

    /// Kept as bytes: `SymmetricKey` is not `Sendable` in every swift-crypto release.
    private let secret: [UInt8]

    /// - Throws: `DecisionTokenError.secretTooShort` for fewer than `minimumBytes` bytes.
    public init(secret: [UInt8]) throws(DecisionTokenError) {
        guard secret.count >= Self.minimumBytes else { throw .secretTooShort(bytes: secret.count) }
        self.secret = secret
    }

    /// The first `count` bytes of HMAC-SHA256(key, message).
    func mac(_ message: [UInt8], count: Int) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: secret)).prefix(count))
    }

    public var description: String { "DecisionKey(redacted)" }
}
