import Testing
@testable import PanelCore

@Suite("Decisions: sender authentication")
struct DecisionsAuthenticationTests {
    static let postfix = SenderAuthentication(receivingHosts: ["mx.council.gov.uk", "imap.council.gov.uk"],
                                              methods: [.authenticationResults(authservID: "mx.council.gov.uk")])
    static let exchange = SenderAuthentication.exchangeOnline(organisationDomains: ["council.gov.uk"])

    struct Case: Sendable, CustomTestStringConvertible {
        var fixture: String
        var policy: SenderAuthentication
        var evidence: [SenderEvidence]
        var problems: [AuthenticationProblem]
        var testDescription: String { fixture }
    }

    @Test(arguments: [
        Case(fixture: "auth-exchange-internal", policy: exchange,
             evidence: [.internalMail(marker: "X-MS-Exchange-Organization-AuthAs: Internal")],
             problems: [.methodResult(method: "dkim", result: "none", domain: nil),
                        .methodResult(method: "dmarc", result: "none", domain: "council.gov.uk")]),
        Case(fixture: "auth-exchange-external", policy: exchange,
             evidence: [.spf(mailFromDomain: "mail.partner.org.uk"), .dkim(signingDomain: "partner.org.uk"), .dmarc(domain: "partner.org.uk")],
             problems: [.internalMarkerOutside(field: "X-MS-Exchange-Organization-AuthAs")]),
        Case(fixture: "auth-exchange-external-forged-internal", policy: exchange,
             evidence: [],
             problems: [.methodResult(method: "spf", result: "fail", domain: "council.gov.uk"),
                        .methodResult(method: "dkim", result: "none", domain: nil),
                        .methodResult(method: "dmarc", result: "fail", domain: "council.gov.uk"),
                        .internalMarkerOutside(field: "X-MS-Exchange-Organization-AuthAs")]),
        Case(fixture: "auth-google-workspace", policy: .googleWorkspace,
             evidence: [.dkim(signingDomain: "neighbour.gov.uk"), .spf(mailFromDomain: "neighbour.gov.uk"), .dmarc(domain: "neighbour.gov.uk")],
             problems: []),
        Case(fixture: "auth-postfix-opendkim", policy: postfix,
             evidence: [.dmarc(domain: "partner.org.uk"), .dkim(signingDomain: "mail.partner.org.uk"), .spf(mailFromDomain: "mail.partner.org.uk")],
             problems: []),
        Case(fixture: "auth-postfix-forged-below", policy: postfix,
             evidence: [],
             problems: [.resultsBelowReceipt(count: 1),
                        .methodResult(method: "dmarc", result: "fail", domain: "council.gov.uk"),
                        .methodResult(method: "dkim", result: "none", domain: nil),
                        .methodResult(method: "spf", result: "fail", domain: "council.gov.uk")]),
        Case(fixture: "auth-postfix-forged-foreign", policy: postfix,
             evidence: [],
             problems: [.noResults(authservID: "mx.council.gov.uk"), .resultsBelowForeignReceived(count: 1)]),
        Case(fixture: "auth-spoofed-dmarc-fail", policy: postfix,
             evidence: [],
             problems: [.methodResult(method: "dmarc", result: "fail", domain: "council.gov.uk"),
                        .notAligned(method: "dkim", domain: "bulk.example.com", fromDomain: "council.gov.uk"),
                        .notAligned(method: "spf", domain: "bulk.example.com", fromDomain: "council.gov.uk")]),
        // The wrong settings for the server say so, rather than trusting nothing silently.
        Case(fixture: "auth-exchange-internal", policy: postfix,
             evidence: [],
             problems: [.notReceivedByConfiguredServer(topmostBy: "cwlp265mb5678.gbrp265.prod.outlook.com",
                                                       expected: ["mx.council.gov.uk", "imap.council.gov.uk"])]),
        Case(fixture: "auth-exchange-internal",
             policy: SenderAuthentication.exchangeOnline(organisationDomains: ["other.gov.uk"]),
             evidence: [],
             problems: [.methodResult(method: "dkim", result: "none", domain: nil),
                        .methodResult(method: "dmarc", result: "none", domain: "council.gov.uk"),
                        .notAnInternalDomain(domain: "council.gov.uk")]),
    ])
    func judgesRealHeaders(_ test: Case) throws {
        let outcome = test.policy.check(try DecisionsFixture.headers(test.fixture))
        #expect(outcome.evidence == test.evidence)
        #expect(outcome.problems == test.problems)
        #expect(outcome.isAuthenticated == !test.evidence.isEmpty)
    }

    @Test func outcomesExplainThemselvesWithoutAddresses() throws {
        let spoofed = Self.postfix.check(try DecisionsFixture.headers("auth-spoofed-dmarc-fail"))
        #expect(spoofed.description
            == "not authenticated: dmarc=fail for council.gov.uk; dkim=pass for bulk.example.com, which is not aligned with the From domain council.gov.uk; spf=pass for bulk.example.com, which is not aligned with the From domain council.gov.uk")
        #expect(spoofed.from?.address == "sam.patel@council.gov.uk")
        let forged = Self.postfix.check(try DecisionsFixture.headers("auth-postfix-forged-foreign"))
        #expect(forged.description
            == "not authenticated: no Authentication-Results from mx.council.gov.uk; results header below a foreign Received header ignored")
        let inside = Self.exchange.check(try DecisionsFixture.headers("auth-exchange-internal"))
        #expect(inside.description == "authenticated: internal mail (X-MS-Exchange-Organization-AuthAs: Internal)")
    }

    static func headers(_ lines: [String]) throws -> MIMEHeaders {
        try MIMEParser().parse(Array((lines.joined(separator: "\r\n") + "\r\n\r\nbody").utf8)).headers
    }

    static let receipt = "Received: from mail.partner.org.uk (mail.partner.org.uk [198.51.100.40]) by mx.council.gov.uk (Postfix) with ESMTPS id 1; Mon, 7 Sep 2026 12:10:04 +0100"

    @Test(arguments: [
        ([] as [String], AuthenticationProblem.noFrom),
        (["From: a@partner.org.uk, b@partner.org.uk"], .severalFromAddresses(count: 2)),
        (["From: a@partner.org.uk"], .noReceivedHeader(expected: ["mx.council.gov.uk", "imap.council.gov.uk"])),
        (["Received: by mx.council.gov.uk", "Authentication-Results: mx.council.gov.uk; none", "From: a@partner.org.uk"],
         .nothingAboutFromDomain(fromDomain: "partner.org.uk")),
        (["Received: from mx.council.gov.uk by relay.example.net", "Authentication-Results: mx.council.gov.uk; dmarc=pass header.from=partner.org.uk",
          receipt, "From: a@partner.org.uk"],
         .notReceivedByConfiguredServer(topmostBy: "relay.example.net", expected: ["mx.council.gov.uk", "imap.council.gov.uk"])),
        (["Received: from somewhere; Mon, 7 Sep 2026", "From: a@partner.org.uk"],
         .notReceivedByConfiguredServer(topmostBy: nil, expected: ["mx.council.gov.uk", "imap.council.gov.uk"])),
    ] as [([String], AuthenticationProblem)])
    func refusesWithAReason(lines: [String], problem: AuthenticationProblem) throws {
        let outcome = Self.postfix.check(try Self.headers(lines.isEmpty ? ["Subject: x"] : lines))
        #expect(!outcome.isAuthenticated)
        #expect(outcome.problems.contains(problem), "\(outcome.problems)")
    }

    @Test func resultsFromAnotherServerDoNotCount() throws {
        let outcome = Self.postfix.check(try Self.headers([
            "Authentication-Results: mx.partner.org.uk; dmarc=pass header.from=partner.org.uk", Self.receipt,
            "From: a@partner.org.uk",
        ]))
        #expect(outcome.problems == [.noResults(authservID: "mx.council.gov.uk")])
    }

    @Test func theInternalMarkerMustBeSingleAndFromTheReceivingHost() throws {
        let base = ["Received: from a.prod.outlook.com by b.prod.outlook.com with mapi", "From: sam@council.gov.uk"]
        let twice = Self.exchange.check(try Self.headers(base + [
            "X-MS-Exchange-Organization-AuthAs: Internal", "X-MS-Exchange-Organization-AuthAs: Internal",
            "X-MS-Exchange-Organization-AuthSource: a.prod.outlook.com",
        ]))
        #expect(twice.problems.contains(.internalMarkerRepeated(field: "X-MS-Exchange-Organization-AuthAs", count: 2)))
        let elsewhere = Self.exchange.check(try Self.headers(base + [
            "X-MS-Exchange-Organization-AuthAs: Internal", "X-MS-Exchange-Organization-AuthSource: mail.example.net",
        ]))
        #expect(elsewhere.problems.contains(.internalMarkerSource(field: "X-MS-Exchange-Organization-AuthSource", value: "mail.example.net")))
        let anonymous = Self.exchange.check(try Self.headers(base + [
            "X-MS-Exchange-Organization-AuthAs: Anonymous", "X-MS-Exchange-Organization-AuthSource: a.prod.outlook.com",
        ]))
        #expect(anonymous.problems.contains(.internalMarkerValue(field: "X-MS-Exchange-Organization-AuthAs", value: "Anonymous", expected: "Internal")))
        let good = Self.exchange.check(try Self.headers(base + [
            "X-MS-Exchange-Organization-AuthAs: internal", "X-MS-Exchange-Organization-AuthSource: a.prod.outlook.com",
        ]))
        #expect(good.isAuthenticated)
    }

    @Test(arguments: [
        ("mx.council.gov.uk; dkim=pass header.d=council.gov.uk", "mx.council.gov.uk", ["dkim=pass d=council.gov.uk"]),
        ("mx.council.gov.uk 1; spf=pass smtp.mailfrom=jo@Council.GOV.uk", "mx.council.gov.uk", ["spf=pass m=council.gov.uk"]),
        ("\"mx.council.gov.uk\"; dmarc=pass (p=reject; sp=none) header.from=council.gov.uk",
         "mx.council.gov.uk", ["dmarc=pass f=council.gov.uk"]),
        ("mx.council.gov.uk (the (nested; comment) server); dkim=pass reason=\"good; really\" header.i=@sub.council.gov.uk",
         "mx.council.gov.uk", ["dkim=pass d=sub.council.gov.uk"]),
        ("mx.council.gov.uk; none", "mx.council.gov.uk", []),
        ("spf=pass (sender IP is 1.2.3.4) smtp.mailfrom=x.org; dkim=pass (signature was verified) header.d=x.org;dmarc=pass action=none header.from=x.org;compauth=pass reason=100",
         nil, ["spf=pass m=x.org", "dkim=pass d=x.org", "dmarc=pass f=x.org", "compauth=pass"]),
        ("mx.council.gov.uk; dkim/1=pass header.d=x.org; garbage; =; dkim=", "mx.council.gov.uk", ["dkim=pass d=x.org"]),
        ("mx.council.gov.uk; dkim=pass header.d=\"unterminated", "mx.council.gov.uk", ["dkim=pass d=unterminated"]),
        ("(unterminated comment", nil, []),
        ("", nil, []),
    ] as [(String, String?, [String])])
    func parsesResultsHeaders(value: String, authservID: String?, summary: [String]) {
        let parsed = AuthenticationResults(value)
        #expect(parsed.authservID == authservID)
        let shown = parsed.results.map { r -> String in
            var s = "\(r.method)=\(r.result)"
            if let d = r.domain("header.d") ?? r.domain("header.i") { s += " d=\(d)" }
            if let m = r.domain("smtp.mailfrom") { s += " m=\(m)" }
            if let f = r.domain("header.from") { s += " f=\(f)" }
            return s
        }
        #expect(shown == summary)
    }

    @Test(arguments: [
        ("mail.council.gov.uk", "council.gov.uk", true),
        ("council.gov.uk", "bounces.council.gov.uk", true),
        ("council.gov.uk", "other.gov.uk", false),
        ("mail.partner.org.uk", "partner.org.uk", true),
        ("partner.org.uk", "org.uk", false),
        ("a.example.com", "b.example.com", true),
        ("example.com", "example.net", false),
        ("St-Mary.Glos.sch.uk", "mail.st-mary.glos.sch.uk", true),
        ("st-mary.glos.sch.uk", "st-john.glos.sch.uk", false),
        ("COUNCIL.GOV.UK.", "council.gov.uk", true),
        ("", "council.gov.uk", false),
    ])
    func alignsDomainsRelaxed(a: String, b: String, aligned: Bool) {
        #expect(OrganisationalDomains.standard.areAligned(a, b) == aligned)
    }

    @Test(arguments: [
        ("*.prod.outlook.com", "LO2P265MB4123.GBRP265.PROD.OUTLOOK.COM", true),
        ("*.prod.outlook.com", "prod.outlook.com", false),
        ("*.outlook.com", "evil.com", false),
        ("mx.council.gov.uk", "MX.council.gov.uk.", true),
        ("mx.council.gov.uk", "mx.council.gov.uk.evil.com", false),
        ("2002:*", "2002:a05:7300:6e8c:b0:14b:3f0a:7a52", true),
        ("*a*b*c*", String(repeating: "a", count: 250), false),
    ])
    func matchesHostPatterns(pattern: String, host: String, matches: Bool) {
        #expect(HostPattern(pattern).matches(host) == matches)
    }

    @Test(arguments: [
        ("from mail.example.org (mail.example.org. [1.2.3.4]) by mx.council.gov.uk (Postfix) with ESMTPS id X; Mon, 7 Sep 2026",
         "mail.example.org", "mx.council.gov.uk"),
        ("by 2002:a05:7300:6e8c:b0:14b:3f0a:7a52 with SMTP id o12csp; Mon, 7 Sep 2026", nil, "2002:a05:7300:6e8c:b0:14b:3f0a:7a52"),
        ("from x (comment by evil.example) by MX.Council.gov.uk.; date", "x", "mx.council.gov.uk"),
        ("; only a date", nil, nil),
    ] as [(String, String?, String?)])
    func readsReceivedHosts(value: String, from: String?, by: String?) {
        let field = ReceivedField(value)
        #expect(field.from == from)
        #expect(field.by == by)
    }
}
