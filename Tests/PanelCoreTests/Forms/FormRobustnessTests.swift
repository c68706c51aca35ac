import Testing
@testable import PanelCore

@Suite("Form robustness")
struct FormRobustnessTests {
    static let parser = FormParser()

    /// Big or hostile bodies stay linear (a worker's email is small; a 25 MB one must not stall intake).
    @Test(arguments: [
        String(repeating: "Csae ID: 1\n", count: 20_000),
        String(repeating: "Child's name: A\n", count: 20_000),
        String(repeating: "Tema tema tema: x\n", count: 20_000),
        String(repeating: "Reason:\n", count: 20_000),
        String(repeating: "> quoted\n", count: 50_000),
        String(repeating: "On Monday\n", count: 50_000),
        String(repeating: "x", count: 1_000_000),
        String(repeating: "Cost: £1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1 per per per\n", count: 5_000),
        "Reason: " + String(repeating: "word ", count: 200_000),
        String(repeating: "Locality: A\n---\n", count: 10_000),
    ])
    func largeInputsStayFast(text: String) {
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = Self.parser.parse(text: text, sender: testSender) }
        #expect(elapsed < .seconds(20))
    }

    @Test func oddCharactersDoNotTrap() {
        let samples = [
            "Cost: £\u{0}5", "Case ID:\u{FEFF}1", "\u{202E}Cost: £5", "Cost: ££££", "Start date: 99/99/9999",
            "Start date: 1/1/99999999999999999999", "End date: 99999999999 weeks", "Cost: £9999999999999999999999",
            "Team manager: @", "Team manager: a@b@c", "Cost: .5", "Cost: £.", "Cost: k", "Case ID: |||",
            ":::", "|", "\t\t", "Child's name: \u{1F600}\nCost: 1e9",
        ]
        for text in samples {
            _ = Self.parser.parse(text: text, sender: nil)
        }
    }
}
