/// Decides whether a message's From address is backed by evidence the
/// organisation's receiving server added, by the methods set in config:
///
/// - **Authentication-Results** (RFC 8601) from the configured authserv-id, in a
///   trusted position (`ReceivingChain`), saying `dmarc=pass` for the From domain,
///   or `dkim=pass` with `header.d` aligned with it, or `spf=pass` with
///   `smtp.mailfrom` aligned (`OrganisationalDomains`). Following RFC 8601 section 5,
///   a results header with our authserv-id written outside (below a `Received` field
///   added by someone else) may be forged and is ignored; so are those just below the
///   server's receipt line when the server's own stand above it.
/// - **An internal-mail marker** (`InternalMarker`), for colleagues on Microsoft 365.
///
/// Any configured method passing is enough, except that an explicit `dmarc=fail`
/// for the From domain in trusted results refuses the message whatever else passed:
/// the domain's owner has said it is not theirs.
///
/// ```swift
/// let auth = SenderAuthentication(receivingHosts: ["mx.council.gov.uk"],
///                                 methods: [.authenticationResults(authservID: "mx.council.gov.uk")])
/// let outcome = auth.check(message.headers)
/// if !outcome.isAuthenticated { log(outcome.description) }
/// ```
public struct SenderAuthentication: Hashable, Sendable {
    /// A kind of evidence to accept.
    public enum Method: Hashable, Sendable {
        /// Results headers from this authserv-id. Nil for Exchange Online, which
        /// writes its results without one: then only headers without an id count.
        case authenticationResults(authservID: String?)
        case internalMarker(InternalMarker)
    }

    /// The servers that handle the panel's mail once it reaches the organisation,
    /// as they name themselves in `Received` fields.
    public var receivingHosts: [HostPattern]
    /// Tried in order; any one passing authenticates the sender.
    public var methods: [Method]
    /// How DKIM and SPF domains are aligned with the From domain.
    public var domains: OrganisationalDomains

    /// - Parameters:
    ///   - receivingHosts: as the servers name themselves in `Received` fields (`HostPattern`).
    ///   - methods: the evidence to accept.
    ///   - domains: the public suffixes for relaxed alignment.
    public init(receivingHosts: [HostPattern], methods: [Method], domains: OrganisationalDomains = .standard) {
        self.receivingHosts = receivingHosts
        self.methods = methods
        self.domains = domains
    }

    /// Exchange Online: its results headers (no authserv-id) and its internal marker.
    /// Exchange names its hosts `*.outlook.com` (`*.prod.outlook.com`,
    /// `*.protection.outlook.com`) and `*.outlook.office365.com`.
    public static func exchangeOnline(organisationDomains: [String]) -> SenderAuthentication {
        SenderAuthentication(receivingHosts: ["*.outlook.com", "*.outlook.office365.com"],
                             methods: [.authenticationResults(authservID: nil),
                                       .internalMarker(.exchangeOnline(domains: organisationDomains))])
    }

    /// Google Workspace: `mx.google.com` results; Google's last hops are named by
    /// IPv6 address (`by 2002:a05:…`).
    public static let googleWorkspace = SenderAuthentication(
        receivingHosts: ["mx.google.com", "*.google.com", "2002:*"],
        methods: [.authenticationResults(authservID: "mx.google.com")])

    /// Judges a message's header section: every configured method is tried, and
    /// every failure is kept, so the outcome can say precisely why nothing passed.
    public func check(_ headers: MIMEHeaders) -> SenderAuthenticationOutcome {
        let from = headers.all("From").flatMap { AddressParser.parseList($0.unfoldedValue) }
        guard let sender = from.first else { return SenderAuthenticationOutcome(from: nil, evidence: [], problems: [.noFrom]) }
        guard from.count == 1 else {
            return SenderAuthenticationOutcome(from: nil, evidence: [], problems: [.severalFromAddresses(count: from.count)])
        }
        let chain = ReceivingChain(headers, receivingHosts: receivingHosts)
        guard chain.arrivedThroughReceivingHosts else {
            let problem: AuthenticationProblem = chain.topmostBy == nil && !headers.contains("Received")
                ? .noReceivedHeader(expected: receivingHosts)
                : .notReceivedByConfiguredServer(topmostBy: chain.topmostBy, expected: receivingHosts)
            return SenderAuthenticationOutcome(from: sender, evidence: [], problems: [problem])
        }
        var evidence: [SenderEvidence] = []
        var problems: [AuthenticationProblem] = []
        var dmarcFailed = false
        for method in methods {
            switch method {
            case .authenticationResults(let id):
                let found = ResultsEvaluation(headers: headers, chain: chain, authservID: id?.lowercased(),
                                              fromDomain: sender.domain, domains: domains)
                evidence += found.evidence
                problems += found.problems
                dmarcFailed = dmarcFailed || found.dmarcFailed
            case .internalMarker(let marker):
                switch checkMarker(marker, headers: headers, chain: chain, fromDomain: sender.domain) {
                case .success(let passed): evidence.append(passed)
                case .failure(let problem): problems.append(problem)
                }
            }
        }
        return SenderAuthenticationOutcome(from: sender, evidence: dmarcFailed ? [] : evidence, problems: problems)
    }

    private func checkMarker(_ marker: InternalMarker, headers: MIMEHeaders, chain: ReceivingChain,
                             fromDomain: String) -> Result<SenderEvidence, AuthenticationProblem> {
        let found = headers.fields.indices.filter { headers.fields[$0].hasName(marker.field) }
        guard let index = found.first else { return .failure(.noInternalMarker(field: marker.field)) }
        guard found.count == 1 else { return .failure(.internalMarkerRepeated(field: marker.field, count: found.count)) }
        guard chain.position(ofFieldAt: index) != .outside else { return .failure(.internalMarkerOutside(field: marker.field)) }
        let value = headers.fields[index].unfoldedValue
        guard value.lowercased() == marker.value.lowercased() else {
            return .failure(.internalMarkerValue(field: marker.field, value: String(value.prefix(64)), expected: marker.value))
        }
        if let sourceField = marker.sourceField {
            let sources = headers.all(sourceField)
            guard sources.count == 1, let source = sources.first?.unfoldedValue else {
                return .failure(.internalMarkerSource(field: sourceField, value: nil))
            }
            guard receivingHosts.contains(where: { $0.matches(source) }) else {
                return .failure(.internalMarkerSource(field: sourceField, value: String(source.prefix(255))))
            }
        }
        guard marker.domains.contains(fromDomain) else { return .failure(.notAnInternalDomain(domain: fromDomain)) }
        return .success(.internalMail(marker: "\(marker.field): \(marker.value)"))
    }
}
