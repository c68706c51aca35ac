import Testing
@testable import PanelCore

@Suite("Form values: people")
struct PersonParserTests {
    @Test(arguments: [
        ("Jane Smith, jane.smith@council.test", "Jane Smith", "jane.smith@council.test"),
        ("Jane Smith <jane.smith@council.test>", "Jane Smith", "jane.smith@council.test"),
        ("Jane Smith<jane.smith@council.test>", "Jane Smith", "jane.smith@council.test"),
        ("Jane Smith (jane.smith@council.test)", "Jane Smith", "jane.smith@council.test"),
        ("Jane Smith - jane.smith@council.test", "Jane Smith", "jane.smith@council.test"),
        ("Jane Smith\njane.smith@council.test", "Jane Smith", "jane.smith@council.test"),
        ("Jane Smith | jane.smith@council.test", "Jane Smith", "jane.smith@council.test"),
        ("jane.smith@council.test", nil, "jane.smith@council.test"),
        ("mailto:Jane.Smith@Council.TEST", nil, "Jane.Smith@council.test"),
        ("Jane Smith", "Jane Smith", nil),
        ("  Sam   Patel  ", "Sam Patel", nil),
    ] as [(String, String?, String?)])
    func readsPeople(text: String, name: String?, email: String?) {
        #expect(PersonParser.parse(text) == .success(FormPerson(name: name, email: email)))
    }

    @Test(arguments: [
        ("Jane Smith, jane.smith@council", "has \"jane.smith@council\", which is not an email address"),
        ("Jane <jane@@council.test>", "has \"jane@@council.test\", which is not an email address"),
        ("jane@council.test, sam@council.test", "has more than one email address: give one person"),
        ("<>", "is not a name"),
    ])
    func refusesWithAReason(text: String, reason: String) {
        #expect(PersonParser.parse(text) == .failure(UnreadableValue(reason)))
    }

    @Test func sameAddressTwiceIsOnePerson() {
        #expect(PersonParser.parse("Jane <jane@council.test> jane@COUNCIL.test") ==
            .success(FormPerson(name: "Jane", email: "jane@council.test")))
    }

    @Test func samePerson() {
        let a = FormPerson(name: "Jane Smith", email: "Jane.Smith@council.test")
        #expect(a.isSamePerson(as: FormPerson(name: nil, email: "jane.smith@council.test")))
        #expect(FormPerson(name: "jane  smith", email: nil).isSamePerson(as: FormPerson(name: "Jane Smith", email: nil)))
        #expect(!a.isSamePerson(as: FormPerson(name: "Jane Smith", email: nil)))
        #expect(a.description == "Jane Smith <Jane.Smith@council.test>")
    }
}
