import Foundation

/// A token that proves a reply answers an email panelmail sent about a request (or
/// about an agenda), so that only the people who were sent that email can decide by
/// replying to it.
///
/// Layout, 20 bytes written as 32 characters of base32 (RFC 4648, unpadded):
///
/// | bytes | request token | agenda token |
/// |---|---|---|
/// | 0 | 1 | 2 |
/// | 1–7 | year (2), sequence (3), version (2) | 0, 0, 0, agenda number (4) |
/// | 8–19 | HMAC-SHA256 over a label, bytes 0–7 | … and the agenda's items |
///
/// The reference and version travel in clear (the reference is in the subject
/// anyway) so a token for another request or an older version is recognised as
/// such, not just as "wrong". The 96-bit MAC is what cannot be guessed.
///
/// Tokens travel in the reply address, `panel+TOKEN@council.gov.uk` (see
/// `replyAddress(panel:)`), and in the subject as a tag, `[#TOKEN]` (see
/// `subjectTag`); `DecisionTokenFinder` reads both. Case is ignored when reading.
/// Make and check them with `DecisionTokenSigner`.
public struct DecisionToken: Hashable, Sendable, CustomStringConvertible {
    /// What a token covers; the first byte of the token.
    public enum Kind: UInt8, Hashable, Sendable {
        /// One request at one version.
        case request = 1
        /// Every request on one sent agenda.
        case agenda = 2
    }

    static let payloadCount = 8
    static let macCount = 12
    static let byteCount = payloadCount + macCount
    /// Characters in the written token.
    public static let length = 32

    let bytes: [UInt8]

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Reads a written token (any case, surrounding spaces ignored); nil unless it is
    /// 32 base32 characters of a known kind. Says nothing about whether it is genuine.
    public init?(_ text: some StringProtocol) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.utf8.count == Self.length, let bytes = Base32.decode(trimmed),
              bytes.count == Self.byteCount, Kind(rawValue: bytes[0]) != nil else { return nil }
        self.bytes = bytes
    }

    /// What the token covers (read from its first byte; unchecked).
    public var kind: Kind { Kind(rawValue: bytes[0]) ?? .request }

    /// The token as written: 32 upper-case base32 characters.
    public var text: String { Base32.encode(bytes) }

    /// `[#TOKEN]`: how a token is carried in a subject line.
    public var subjectTag: String { "[#\(text)]" }

    /// `panel+TOKEN@domain`: the panel mailbox with the token as its plus-address detail.
    public func replyAddress(panel: EmailAddress) -> EmailAddress {
        EmailAddress(name: panel.name, localPart: "\(panel.localPart)+\(text)", domain: panel.domain)
    }

    /// The request and version a request token names, as written in it (unchecked:
    /// use `DecisionTokenSigner.check` before trusting it).
    var claimedRequest: VersionedReference? {
        guard kind == .request else { return nil }
        let year = Int(bytes[1]) << 8 | Int(bytes[2])
        let sequence = Int(bytes[3]) << 16 | Int(bytes[4]) << 8 | Int(bytes[5])
        let version = Int(bytes[6]) << 8 | Int(bytes[7])
        return VersionedReference(RequestReference(year: year, sequence: sequence), version: version)
    }

    /// The agenda number an agenda token names (unchecked): the key to look up
    /// the `SentAgenda` it must be checked against.
    public var agendaNumber: UInt32? {
        guard kind == .agenda else { return nil }
        return bytes[4...7].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    var payload: ArraySlice<UInt8> { bytes[0..<Self.payloadCount] }

    /// Shows the kind and the first characters only: a token is a capability, so
    /// logs get enough to tell tokens apart and not enough to use one.
    public var description: String { "DecisionToken(\(kind), \(text.prefix(6))…)" }
}
