/// Reads the trusted `Authentication-Results` of one authserv-id for one From
/// domain (see `SenderAuthentication`).
struct ResultsEvaluation {
    var evidence: [SenderEvidence] = []
    var problems: [AuthenticationProblem] = []
    /// An explicit `dmarc=fail` for the From domain.
    var dmarcFailed = false

    init(headers: MIMEHeaders, chain: ReceivingChain, authservID: String?, fromDomain: String, domains: OrganisationalDomains) {
        var above: [AuthenticationResults] = []
        var below: [AuthenticationResults] = []
        var outside = 0
        for (index, field) in headers.fields.enumerated() where field.hasName("Authentication-Results") {
            let parsed = AuthenticationResults(field.unfoldedValue)
            guard parsed.authservID == authservID else { continue } // another server's, or not ours
            switch chain.position(ofFieldAt: index) {
            case .aboveReceipt: above.append(parsed)
            case .belowReceipt: below.append(parsed)
            case .outside: outside += 1
            }
        }
        // The server writes its results on one side of its receipt line; results on
        // both sides mean the lower ones came with the message.
        let trusted = above.isEmpty ? below : above
        if !above.isEmpty, !below.isEmpty { problems.append(.resultsBelowReceipt(count: below.count)) }
        if outside > 0 { problems.append(.resultsBelowForeignReceived(count: outside)) }
        guard !trusted.isEmpty else {
            problems.insert(.noResults(authservID: authservID), at: 0)
            return
        }
        var spoke = false
        for result in trusted.flatMap(\.results) {
            switch result.method {
            case "dmarc":
                guard let domain = result.domain("header.from"), domain == fromDomain else { continue }
                spoke = true
                if result.result == "pass" {
                    evidence.append(.dmarc(domain: domain))
                } else {
                    if result.result == "fail" { dmarcFailed = true }
                    problems.append(.methodResult(method: "dmarc", result: result.result, domain: domain))
                }
            case "dkim":
                judge(result, method: "dkim", domain: result.domain("header.d") ?? result.domain("header.i"),
                      fromDomain: fromDomain, domains: domains, pass: { .dkim(signingDomain: $0) }, spoke: &spoke)
            case "spf":
                judge(result, method: "spf", domain: result.domain("smtp.mailfrom"),
                      fromDomain: fromDomain, domains: domains, pass: { .spf(mailFromDomain: $0) }, spoke: &spoke)
            default:
                continue
            }
        }
        if !spoke { problems.append(.nothingAboutFromDomain(fromDomain: fromDomain)) }
    }

    private mutating func judge(_ result: AuthenticationResults.Result, method: String, domain: String?, fromDomain: String,
                                domains: OrganisationalDomains, pass: (String) -> SenderEvidence, spoke: inout Bool) {
        guard let domain else {
            // dkim=none, spf=none: nothing about any domain.
            if result.result != "pass" {
                problems.append(.methodResult(method: method, result: result.result, domain: nil))
                spoke = true
            }
            return
        }
        let aligned = domains.areAligned(domain, fromDomain)
        if result.result == "pass" {
            if aligned {
                evidence.append(pass(domain))
            } else {
                problems.append(.notAligned(method: method, domain: domain, fromDomain: fromDomain))
            }
            spoke = true
        } else if aligned {
            problems.append(.methodResult(method: method, result: result.result, domain: domain))
            spoke = true
        }
    }
}
