/// Makes decision tokens with the server secret and checks the tokens replies carry.
///
/// ```swift
/// let signer = DecisionTokenSigner(key: try DecisionKey(secret: secretBytes))
/// let token = try signer.token(for: VersionedReference(reference, version: 3))
/// // send with Reply-To: token.replyAddress(panel: panelAddress), subject + token.subjectTag
/// let found = DecisionTokenFinder(panel: panelAddress).tokens(in: reply.headers)
/// switch signer.check(found, for: reference, currentVersion: 3) { case .valid: ... }
/// ```
///
/// Checking compares all 20 bytes in constant time. Keys can be rotated: tokens are
/// made with `key`, and ones made with a `previousKeys` entry still check.
public struct DecisionTokenSigner: Sendable {
    static let label = Array("panelmail-decision-token-v1".utf8) + [0]
    static let years = 0...0xFFFF
    static let sequences = 1...0xFF_FFFF
    static let versions = 0...0xFFFF

    public let key: DecisionKey
    public let previousKeys: [DecisionKey]

    public init(key: DecisionKey, previousKeys: [DecisionKey] = []) {
        self.key = key
        self.previousKeys = previousKeys
    }

    /// The token for one request at one version.
    /// - Throws: `DecisionTokenError.outOfRange` for a year above 65535, a sequence
    ///   above 16,777,215 or a version above 65535.
    public func token(for request: VersionedReference) throws(DecisionTokenError) -> DecisionToken {
        let ref = request.reference
        guard Self.years.contains(ref.year) else { throw .outOfRange(what: "the year", value: ref.year, allowed: Self.years) }
        guard Self.sequences.contains(ref.sequence) else {
            throw .outOfRange(what: "the sequence number", value: ref.sequence, allowed: Self.sequences)
        }
        guard Self.versions.contains(request.version) else {
            throw .outOfRange(what: "the version", value: request.version, allowed: Self.versions)
        }
        let payload: [UInt8] = [
            DecisionToken.Kind.request.rawValue,
            UInt8(ref.year >> 8), UInt8(ref.year & 0xFF),
            UInt8(ref.sequence >> 16), UInt8(ref.sequence >> 8 & 0xFF), UInt8(ref.sequence & 0xFF),
            UInt8(request.version >> 8), UInt8(request.version & 0xFF),
        ]
        return DecisionToken(bytes: payload + mac(payload[...], extra: [], key: key))
    }

    /// The token for a sent agenda: one token for every request it lists.
    public func token(for agenda: SentAgenda) -> DecisionToken {
        let n = agenda.number
        let payload: [UInt8] = [
            DecisionToken.Kind.agenda.rawValue, 0, 0, 0,
            UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF),
        ]
        return DecisionToken(bytes: payload + mac(payload[...], extra: agenda.canonicalBytes, key: key))
    }

    /// Checks the tokens found in a reply about `reference`, now at `currentVersion`,
    /// and returns the best finding: one valid token is enough. An agenda token is
    /// checked against `agenda`, the agenda stored under its number (pass nil when
    /// there is none; the token is then `.wrong`).
    public func check(_ tokens: [DecisionToken], for reference: RequestReference, currentVersion: Int,
                      agenda: SentAgenda? = nil) -> TokenCheck {
        var best = TokenCheck.missing
        for token in tokens {
            let found = check(token, for: reference, currentVersion: currentVersion, agenda: agenda)
            if found.rank < best.rank { best = found }
            if best == .valid { break }
        }
        return best
    }

    /// Checks one token; see `check(_:for:currentVersion:agenda:)`.
    public func check(_ token: DecisionToken, for reference: RequestReference, currentVersion: Int,
                      agenda: SentAgenda? = nil) -> TokenCheck {
        switch token.kind {
        case .request:
            guard isGenuine(token, extra: []), let claimed = token.claimedRequest else { return .wrong }
            if claimed.reference != reference { return .anotherRequest(claimed.reference) }
            if claimed.version != currentVersion { return .stale(tokenVersion: claimed.version, currentVersion: currentVersion) }
            return .valid
        case .agenda:
            guard let agenda, isGenuine(token, agenda: agenda) else { return .wrong }
            guard let listed = agenda.version(of: reference) else { return .notOnAgenda(agendaNumber: agenda.number) }
            if listed != currentVersion { return .stale(tokenVersion: listed, currentVersion: currentVersion) }
            return .valid
        }
    }

    /// True when `token` is a genuine agenda token for `agenda` (for a reply about the
    /// sitting as a whole, such as LATE).
    public func isGenuine(_ token: DecisionToken, agenda: SentAgenda) -> Bool {
        token.kind == .agenda && token.agendaNumber == agenda.number && isGenuine(token, extra: agenda.canonicalBytes)
    }

    /// The request a genuine request token names: lets a reply whose subject lost its
    /// `[ARP-…]` tag still be matched to its request. Nil for anything else.
    public func request(named token: DecisionToken) -> VersionedReference? {
        guard token.kind == .request, isGenuine(token, extra: []) else { return nil }
        return token.claimedRequest
    }

    private func isGenuine(_ token: DecisionToken, extra: [UInt8]) -> Bool {
        var genuine = false
        for candidate in [key] + previousKeys {
            let expected = Array(token.payload) + mac(token.payload, extra: extra, key: candidate)
            // No early exit between keys either: every key is tried.
            genuine = ConstantTime.equal(expected, token.bytes) || genuine
        }
        return genuine
    }

    private func mac(_ payload: ArraySlice<UInt8>, extra: [UInt8], key: DecisionKey) -> [UInt8] {
        key.mac(Self.label + payload + extra, count: DecisionToken.macCount)
    }
}
