import Testing
@testable import PanelCore

@Suite("Form lines")
struct FormLineTests {
    static let labels = LabelIndex(schema: .standard)

    static func hits(_ line: String) -> [FormLine.Hit] {
        if case .labels(let hits) = FormLine.classify(line, labels: labels, allowCorrection: true).kind { return hits }
        return []
    }

    @Test(arguments: [
        ("Cost: £450 per week", "Cost", "£450 per week"),
        ("cost:£450", "cost", "£450"),
        ("COST :   £450  ", "COST", "£450"),
        ("- Cost: £450", "Cost", "£450"),
        ("* Cost: £450", "Cost", "£450"),
        ("• Cost: £450", "Cost", "£450"),
        ("•\t\tCost: £450", "Cost", "£450"),
        ("o   Cost: £450", "Cost", "£450"),
        ("1. Cost: £450", "Cost", "£450"),
        ("12) Cost: £450", "Cost", "£450"),
        ("(a) Cost: £450", "Cost", "£450"),
        ("**Cost:** £450", "Cost", "£450"),
        ("*Cost*: £450", "Cost", "£450"),
        ("__Cost__: £450", "Cost", "£450"),
        ("- **Cost**: **£450**", "Cost", "£450"),
        ("Cost | £450 per week", "Cost", "£450 per week"),
        ("Cost\t£450 per week", "Cost", "£450 per week"),
        ("Cost：£450", "Cost", "£450"),
        ("Cost (per week): £450", "Cost (per week)", "£450"),
        ("Reason: the mother said: no", "Reason", "the mother said: no"),
        ("Start date:", "Start date", ""),
    ])
    func readsALabelledValue(line: String, written: String, value: String) {
        let hits = Self.hits(line)
        #expect(hits.count == 1)
        #expect(hits.first?.written == written)
        #expect(hits.first?.value == value)
        #expect(hits.first?.corrected == false)
    }

    @Test func tableRowsWithSeveralLabelsGiveSeveralValues() {
        let hits = Self.hits("Child's name | Ava | Case ID | 7730215")
        #expect(hits.map(\.key) == [.childName, .caseID])
        #expect(hits.map(\.value) == ["Ava", "7730215"])
        // Cells that are not labels stay one value.
        #expect(Self.hits("Social worker | Jane | jane@council.test").map(\.value) == ["Jane | jane@council.test"])
    }

    @Test(arguments: ["---", "- - -", "=====", "___", "***", "~~~"])
    func separators(line: String) {
        guard case .separator = FormLine.classify(line, labels: Self.labels, allowCorrection: true).kind else {
            Issue.record("not a separator: \(line)")
            return
        }
    }

    @Test(arguments: [
        "Hello Panel,", "Re: the stair gate", "Note: the IRO agrees", "10:30 meeting with mum",
        "https://council.test/panel", "Mr. Smith: hello", "Form: attached", "--", "Mum: wants support",
    ])
    func plainText(line: String) {
        guard case .text = FormLine.classify(line, labels: Self.labels, allowCorrection: true).kind else {
            Issue.record("not text: \(line)")
            return
        }
    }

    @Test func aLabelAloneIsABareLabel() {
        guard case .bareLabel(let hit) = FormLine.classify("Child's name", labels: Self.labels, allowCorrection: true).kind else {
            Issue.record("not a bare label")
            return
        }
        #expect(hit.key == .childName)
    }

    @Test(arguments: [
        ("Csae ID: 1", FormFieldKey.caseID), ("Chlid name: A", .childName), ("Socail worker: B", .socialWorker),
        ("Resorce type: C", .resourceType), ("Start dat: 1/1/26", .startDate), ("Alternatives consdered: D", .alternativesConsidered),
    ])
    func misspeltLabelsAreCorrected(line: String, key: FormFieldKey) {
        let hits = Self.hits(line)
        #expect(hits.map(\.key) == [key])
        #expect(hits.first?.corrected == true)
    }

    @Test func correctionsCanBeTurnedOff() {
        #expect(Self.hits("Csae ID: 1").isEmpty == false)
        let line = FormLine.classify("Csae ID: 1", labels: Self.labels, allowCorrection: false)
        guard case .text = line.kind else {
            Issue.record("corrected without leave")
            return
        }
    }

    @Test(arguments: ["Cots: 1", "Teem: 2", "Frm: 3", "Education: £50", "Xase ID: 4"])
    func shortLabelsAreNeverGuessed(line: String) {
        #expect(Self.hits(line).isEmpty)
    }

    /// The byte-level shortcuts agree with the character rules.
    @Test(arguments: [
        ("- Cost", "Cost", true), ("-Cost", "-Cost", false), ("-5 degrees", "-5 degrees", false),
        ("* item", "item", true), ("+ item", "item", true), ("o item", "item", true), ("other text", "other text", false),
        ("o\u{00A0}item", "item", true), ("• item", "item", true), ("–\titem", "item", true),
        ("1. First", "First", true), ("12) Twelfth", "Twelfth", true), ("123. x", "x", true), ("1234. x", "1234. x", false),
        ("a. alpha", "alpha", true), ("iv. four", "four", true), ("ab. no", "ab. no", false), ("(b) bee", "bee", true),
        ("(iv) four", "four", true), ("e.g. this", "e.g. this", false), ("Cost: £450", "Cost: £450", false),
        ("1.5 hours", "1.5 hours", false), ("Placement", "Placement", false), ("", "", false),
    ])
    func stripsBulletsAndListNumbers(line: String, content: String, bulleted: Bool) {
        let (stripped, found) = FormLine.strippingBullet(Substring(line))
        #expect(stripped == content)
        #expect(found == bulleted)
    }

    @Test(arguments: [
        ("Cost: £450", 4), ("Cost | £450", 5), ("Cost\t£450", 4), ("Cost：£450", 4), ("Coût：x", 5), ("no separator here", nil),
        ("£450: cost", 5), ("日本: x", 6),
    ] as [(String, Int?)])
    func findsTheSeparator(line: String, utf8Offset: Int?) {
        let index = FormLine.separatorIndex(in: Substring(line))
        #expect(index.map { line.utf8.distance(from: line.utf8.startIndex, to: $0) } == utf8Offset)
        if let index { #expect(line.unicodeScalars[index] == ":" || line.unicodeScalars[index] == "|" || line.unicodeScalars[index] == "\t" || line.unicodeScalars[index] == "\u{FF1A}") }
    }

    @Test(arguments: [("---", true), ("- - -", true), ("===", true), ("___", true), ("-=-", false), ("--", false), ("Cost", false), ("", false)])
    func recognisesSeparatorLines(line: String, expected: Bool) {
        #expect(FormLine.isSeparator(line) == expected)
    }
}
