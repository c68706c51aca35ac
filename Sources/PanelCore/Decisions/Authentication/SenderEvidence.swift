/// Evidence, added by the organisation's receiving server, that the From address
/// is really the sender's.
public enum SenderEvidence: Hashable, Sendable, CustomStringConvertible {
    /// `dmarc=pass` with `header.from` the From domain.
    case dmarc(domain: String)
    /// `dkim=pass` with a signing domain (`header.d`) aligned with the From domain.
    case dkim(signingDomain: String)
    /// `spf=pass` with an envelope sender domain (`smtp.mailfrom`) aligned with the From domain.
    case spf(mailFromDomain: String)
    /// The internal-mail marker, as written: `X-MS-Exchange-Organization-AuthAs: Internal`.
    case internalMail(marker: String)

    public var description: String {
        switch self {
        case .dmarc(let domain): return "dmarc=pass for \(domain)"
        case .dkim(let domain): return "dkim=pass, signed by \(domain) (aligned)"
        case .spf(let domain): return "spf=pass, envelope sender at \(domain) (aligned)"
        case .internalMail(let marker): return "internal mail (\(marker))"
        }
    }
}
