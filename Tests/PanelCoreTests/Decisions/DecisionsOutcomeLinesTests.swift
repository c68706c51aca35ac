import Testing
@testable import PanelCore

@Suite("Decisions: clerk's outcome lines")
struct DecisionsOutcomeLinesTests {
    static func ref(_ n: Int) -> RequestReference { RequestReference(year: 2026, sequence: n) }
    static func day(_ y: Int, _ m: Int, _ d: Int) -> CalendarDay { CalendarDay(year: y, month: m, day: d)! }

    @Test func readsTheClerksEmailLineByLine() throws {
        let read = OutcomeLines.parse(try DecisionsFixture.text("clerk-outcomes"))
        #expect(read.outcomes == [
            OutcomeLine(lineNumber: 5, reference: Self.ref(42),
                        command: .approve(ApprovalTerms(cost: Cost(pence: 65_000, frequency: .perWeek), end: .date(Self.day(2027, 3, 31)))),
                        rationale: "framework rate agreed"),
            OutcomeLine(lineNumber: 6, reference: Self.ref(43), command: .decline,
                        rationale: "IFA contract covers transport;\nthe agency is funded 500 miles a week"),
            OutcomeLine(lineNumber: 9, reference: Self.ref(47), command: .moreInfo,
                        rationale: "the legal planning strategy and the child's plan"),
            OutcomeLine(lineNumber: 12, reference: Self.ref(50), command: .deferToPanel,
                        rationale: "to next week: needs the joint letter of instruction"),
            OutcomeLine(lineNumber: 15, reference: Self.ref(51),
                        command: .approve(ApprovalTerms(end: .date(Self.day(2026, 12, 18)))), rationale: ""),
        ])
        #expect(read.problems.map(\.lineNumber) == [8, 10, 11, 13, 16, 17, 18])
        #expect(read.problems.map(\.kind) == [
            .notAReference(written: "ARP-2026-0044"),
            .command(PanelReplyProblem(.textMissing(.alternatives))),
            .command(PanelReplyProblem(.unreadableAmount(written: "£abc", reason: "is not an amount in pounds"))),
            .noReference,
            .repeated(Self.ref(52), lines: [16, 17], count: 2),
            .repeated(Self.ref(52), lines: [16, 17], count: 2),
            .notACommand(written: "talk to finance first"),
        ])
        #expect(read.signedName == "Chris")
        #expect(read.problems[0].message
            == "Line 8 (\"ARP-2026-0044: MORE INFO the legal planning strategy\"): \"ARP-2026-0044\" is not a request reference. Write it as on the agenda, for example ARP-2026-00042.")
        #expect(read.problems[4].message
            == "Line 16 (\"ARP-2026-00052: APPROVE\"): ARP-2026-00052 also has an outcome on line 17, so none of them was applied. Send the one outcome for ARP-2026-00052 again.")
        #expect(read.problems.map(\.code) == ["line 8: not-a-reference", "line 10: text-missing alternatives", "line 11: unreadable-amount",
                                             "line 13: no-reference", "line 16: repeated-reference", "line 17: repeated-reference",
                                             "line 18: not-a-command"])
    }

    @Test func exploringAlternativesIsAnOutcome() throws {
        let read = OutcomeLines.parse("ARP-2026-00048: EXPLORE ALTERNATIVES - ask the family network first\nARP-2026-00049: Alternatives: the IFA contract covers transport")
        #expect(read.problems.isEmpty)
        #expect(read.outcomes.map(\.command) == [.alternatives, .alternatives])
        #expect(read.outcomes.map(\.rationale) == ["ask the family network first", "the IFA contract covers transport"])
    }

    @Test func readsAnOutlookTableRenderedToText() throws {
        let read = OutcomeLines.parse(try DecisionsFixture.body("clerk-outcomes-outlook-table"))
        #expect(read.outcomes.map(\.reference) == [Self.ref(42), Self.ref(43)])
        #expect(read.outcomes.map(\.rationale) == ["framework rate", "needs the child’s plan"])
        #expect(read.outcomes.first?.command == .approve(ApprovalTerms(cost: Cost(pence: 65_000, frequency: .perWeek),
                                                                       end: .date(Self.day(2027, 3, 31)))))
        #expect(read.problems.map(\.kind) == [.command(PanelReplyProblem(.textMissing(.moreInfo)))])
        #expect(read.problems.map(\.lineNumber) == [5])
    }

    @Test(arguments: [
        ("ARP-2026-00042: APPROVE", PanelCommand.approve(.asRequested), ""),
        ("arp-2026-00042 approve", .approve(.asRequested), ""),
        ("[ARP-2026-00042]: Declined, not value for money", .decline, "not value for money"),
        ("- ARP-2026-00042 – MORE INFO – the quote", .moreInfo, "the quote"),
        ("(3) ARP-2026-00042 | DEFER | needs the plan", .deferToPanel, "needs the plan"),
        ("ARP-2026-00042: LATE 20", .late(minutes: 20), ""),
        ("ARP-2026-00042:\tAPPROVE £450 pw", .approve(ApprovalTerms(cost: Cost(pence: 45_000, frequency: .perWeek))), ""),
    ] as [(String, PanelCommand, String)])
    func readsOneLine(line: String, command: PanelCommand, rationale: String) {
        let read = OutcomeLines.parse(line)
        #expect(read.problems == [])
        #expect(read.outcomes == [OutcomeLine(lineNumber: 1, reference: Self.ref(42), command: command, rationale: rationale)])
    }

    @Test(arguments: [
        "ARPs for today are below.",
        "Agenda: ARP-2026-00042 was heard at 10:00",
        "Hello panel",
    ])
    func ignoresLinesThatAreNotOutcomes(line: String) {
        #expect(OutcomeLines.parse(line) == OutcomeLines(outcomes: [], problems: [], signedName: nil))
    }

    @Test func manyRepeatsAreSummarised() {
        let read = OutcomeLines.parse(String(repeating: "ARP-2026-00042: APPROVE\n", count: 8))
        #expect(read.outcomes.isEmpty)
        #expect(read.problems.count == 8)
        #expect(read.problems.first?.message
            == "Line 1 (\"ARP-2026-00042: APPROVE\"): ARP-2026-00042 also has an outcome on lines 2, 3, 4, 5 and 3 others, so none of them was applied. Send the one outcome for ARP-2026-00042 again.")
    }

    @Test func aBlankLineEndsTheRationale() {
        let read = OutcomeLines.parse("ARP-2026-00042: DECLINE too costly\nsee the framework\n\nNext week's panel is on Thursday.")
        #expect(read.outcomes.map(\.rationale) == ["too costly\nsee the framework"])
    }

    @Test func aReasonOnTheNextLineCounts() {
        let read = OutcomeLines.parse("ARP-2026-00042: DECLINE\nthe IFA contract covers transport")
        #expect(read.outcomes.map(\.rationale) == ["the IFA contract covers transport"])
        #expect(read.problems == [])
    }

    @Test func quotedAgendaLinesAreNotOutcomes() {
        let body = "ARP-2026-00042: APPROVE\n\nOn Wed, 9 Sep 2026, Resource Panel <p@x.test> wrote:\n> ARP-2026-00043: DECLINE example"
        #expect(OutcomeLines.parse(body).outcomes.map(\.reference) == [Self.ref(42)])
    }
}
