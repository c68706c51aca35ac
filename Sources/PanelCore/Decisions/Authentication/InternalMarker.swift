/// A header the organisation's own mail server adds to mail sent from inside the
/// organisation, such as Exchange Online's `X-MS-Exchange-Organization-AuthAs:
/// Internal`. Internal Microsoft 365 mail is often neither DKIM-signed nor
/// SPF-aligned, so this is the evidence that a colleague really sent it.
///
/// It counts only when the message came through the receiving hosts, the marker
/// appears exactly once and was not written outside (`ReceivingChain`), the source
/// field (if set) names a receiving host, and the From domain is one of the
/// organisation's `domains`. Use it only with a server that removes such headers
/// from mail arriving from outside, as Exchange Online does.
public struct InternalMarker: Hashable, Sendable {
    /// The field name: `X-MS-Exchange-Organization-AuthAs`.
    public var field: String
    /// The value that means "sent by an authenticated user inside": `Internal`.
    public var value: String
    /// A field naming the host that authenticated the sender, which must be a
    /// receiving host: `X-MS-Exchange-Organization-AuthSource`. Nil: not checked.
    public var sourceField: String?
    /// The organisation's mail domains (lower-cased); the From domain must be one.
    public var domains: [String]

    public init(field: String, value: String, sourceField: String?, domains: [String]) {
        self.field = field
        self.value = value
        self.sourceField = sourceField
        self.domains = domains.map { $0.lowercased() }
    }

    /// Exchange Online's marker for mail from the organisation's own users.
    public static func exchangeOnline(domains: [String]) -> InternalMarker {
        InternalMarker(field: "X-MS-Exchange-Organization-AuthAs", value: "Internal",
                       sourceField: "X-MS-Exchange-Organization-AuthSource", domains: domains)
    }
}
