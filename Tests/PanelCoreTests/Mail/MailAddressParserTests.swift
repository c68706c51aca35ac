import Testing
@testable import PanelCore

@Suite("RFC 5322 address lists")
struct MailAddressParserTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var input: String
        var expected: [(String?, String)]
        var testDescription: String { input }
    }

    @Test(arguments: [
        Case(input: "jo.bloggs@council.test", expected: [(nil, "jo.bloggs@council.test")]),
        Case(input: "Jo Bloggs <Jo.Bloggs@Council.TEST>", expected: [("Jo Bloggs", "Jo.Bloggs@council.test")]),
        Case(input: "\"Bloggs, Jo\" <jo@x.test>, Sam <sam@x.test>", expected: [("Bloggs, Jo", "jo@x.test"), ("Sam", "sam@x.test")]),
        Case(input: "\"Jo \\\"JB\\\" Bloggs\" <jo@x.test>", expected: [("Jo \"JB\" Bloggs", "jo@x.test")]),
        Case(input: "jo@x.test (Jo Bloggs)", expected: [("Jo Bloggs", "jo@x.test")]),
        Case(input: "Jo (the worker) Bloggs <jo@x.test>", expected: [("Jo Bloggs", "jo@x.test")]),
        Case(input: "<jo@x.test>", expected: [(nil, "jo@x.test")]),
        Case(input: "jo@x.test <jo@x.test>", expected: [(nil, "jo@x.test")]),
        Case(input: "=?UTF-8?Q?Zo=C3=AB?= <zoe@x.test>", expected: [("Zoë", "zoe@x.test")]),
        Case(input: "=?UTF-8?B?Wm/Dqw==?= =?UTF-8?Q?_Adams?= <zoe@x.test>", expected: [("Zoë Adams", "zoe@x.test")]),
        Case(input: "\"=?ISO-8859-1?Q?Ren=E9e?=\" <renee@x.test>", expected: [("Renée", "renee@x.test")]),
        Case(input: "Zoë Ó Seán <zoe@x.test>", expected: [("Zoë Ó Seán", "zoe@x.test")]),
        Case(input: "Panel: a@x.test, B <b@x.test>;, c@x.test", expected: [(nil, "a@x.test"), ("B", "b@x.test"), (nil, "c@x.test")]),
        Case(input: "undisclosed-recipients:;", expected: []),
        Case(input: "Empty Group:;, d@x.test", expected: [(nil, "d@x.test")]),
        Case(input: "a@x.test; b@x.test", expected: [(nil, "a@x.test"), (nil, "b@x.test")]),
        Case(input: "a@x.test b@x.test", expected: [(nil, "a@x.test"), (nil, "b@x.test")]),
        Case(input: "<a@x.test> <b@x.test>", expected: [(nil, "a@x.test"), (nil, "b@x.test")]),
        Case(input: "Bloggs, Jo <jo@x.test>", expected: [("Bloggs, Jo", "jo@x.test")]),
        Case(input: "'Jo Bloggs' <jo@x.test>", expected: [("Jo Bloggs", "jo@x.test")]),
        Case(input: "Jo Bloggs jo@x.test", expected: [("Jo Bloggs", "jo@x.test")]),
        Case(input: "<@relay.test,@other.test:jo@x.test>", expected: [(nil, "jo@x.test")]),
        Case(input: "\"jo bloggs\"@x.test", expected: [(nil, "\"jo bloggs\"@x.test")]),
        Case(input: "\"jo.bloggs\"@x.test", expected: [(nil, "jo.bloggs@x.test")]),
        Case(input: "jo@[192.0.2.1]", expected: [(nil, "jo@[192.0.2.1]")]),
        Case(input: "jo@X.Test.", expected: [(nil, "jo@x.test")]),
        Case(input: "jo @ x . test", expected: [(nil, "jo@x.test")]),
        Case(input: "Jo Q. Public <jq@x.test>", expected: [("Jo Q. Public", "jq@x.test")]),
        Case(input: "zoë@exämple.test", expected: [(nil, "zoë@exämple.test")]),
        Case(input: "MAILER-DAEMON", expected: []),
        Case(input: "<>", expected: []),
        Case(input: "", expected: []),
        Case(input: ",,,", expected: []),
        Case(input: "Jo <jo@x.test", expected: [("Jo", "jo@x.test")]),
        Case(input: "\"Unterminated <jo@x.test>", expected: []),
        Case(input: "Jo <jo@x.test> (comment), (lead) Sam <sam@x.test>", expected: [("Jo", "jo@x.test"), ("Sam", "sam@x.test")]),
    ])
    func parses(_ c: Case) {
        let parsed = AddressParser.parseList(c.input)
        #expect(parsed.map(\.name) == c.expected.map(\.0))
        #expect(parsed.map(\.address) == c.expected.map(\.1))
    }

    @Test func addressParts() throws {
        let a = try #require(EmailAddress("Jo.Bloggs@Council.Test"))
        #expect(a.localPart == "Jo.Bloggs")
        #expect(a.domain == "council.test")
        #expect(a.address == "Jo.Bloggs@council.test")
        #expect(a.description == "Jo.Bloggs@council.test")
        #expect(EmailAddress("two@a.test, three@b.test") == nil)
        #expect(EmailAddress("not an address") == nil)
        let named = EmailAddress(name: "  Jo  ", localPart: "jo", domain: "X.TEST")
        #expect(named.name == "Jo")
        #expect(named.description == "Jo <jo@x.test>")
        #expect(EmailAddress(name: "", localPart: "a b", domain: "x.test").address == "\"a b\"@x.test")
    }
}
