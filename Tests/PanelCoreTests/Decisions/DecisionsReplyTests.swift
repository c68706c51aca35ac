import Testing
@testable import PanelCore

@Suite("Decisions: reply commands")
struct DecisionsReplyTests {
    static func day(_ y: Int, _ m: Int, _ d: Int) -> CalendarDay { CalendarDay(year: y, month: m, day: d)! }
    static func approve(_ pence: Int? = nil, _ frequency: CostFrequency = .oneOff, end: ResourceEnd? = nil) -> PanelCommand {
        .approve(ApprovalTerms(cost: pence.map { Cost(pence: $0, frequency: frequency) }, end: end))
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var body: String
        var command: PanelCommand
        var rationale: String = ""
        var testDescription: String { body.split(separator: "\n").first.map(String.init) ?? "(empty)" }
    }

    @Test(arguments: [
        Case(body: "APPROVE", command: approve()),
        Case(body: "approve", command: approve()),
        Case(body: "Approved.", command: approve()),
        Case(body: "*APPROVE*", command: approve()),
        Case(body: "\n\n  APPROVE:\n", command: approve()),
        Case(body: "APPROVE £450", command: approve(45_000)),
        Case(body: "APPROVE £85 per day until 18/12/2026", command: approve(8_500, .perDay, end: .date(day(2026, 12, 18)))),
        Case(body: "APPROVE until 31/03/2027", command: approve(end: .date(day(2027, 3, 31)))),
        Case(body: "APPROVE £650 per week until 31/03/2027 - framework rate", command: approve(65_000, .perWeek, end: .date(day(2027, 3, 31))),
             rationale: "framework rate"),
        Case(body: "APPROVE £1,250.50 pcm until Friday 18 December 2026, reviewed monthly",
             command: approve(125_050, .perMonth, end: .date(day(2026, 12, 18))), rationale: "reviewed monthly"),
        Case(body: "APPROVE 450 pounds a week", command: approve(45_000, .perWeek)),
        Case(body: "APPROVE £ 450 pw", command: approve(45_000, .perWeek)),
        Case(body: "APPROVE £450 (weekly)", command: approve(45_000, .perWeek)),
        Case(body: "APPROVE £2k", command: approve(200_000)),
        Case(body: "APPROVE for 6 weeks", command: approve(end: .duration(count: 6, unit: .weeks))),
        Case(body: "APPROVE £285 per night for 5 nights - respite", command: approve(28_500, .perNight, end: .duration(count: 5, unit: .nights)),
             rationale: "respite"),
        Case(body: "APPROVE as requested", command: approve(), rationale: "as requested"),
        Case(body: "APPROVE to cover the summer holidays", command: approve(), rationale: "to cover the summer holidays"),
        Case(body: "APPROVE for the summer holidays", command: approve(), rationale: "for the summer holidays"),
        Case(body: "APPROVE £450 - reduced from the £520 quoted", command: approve(45_000), rationale: "reduced from the £520 quoted"),
        Case(body: "APPROVE\nThe risk is high.\n\n\n\nReview in March.", command: approve(), rationale: "The risk is high.\n\nReview in March."),
        Case(body: "DECLINE: not value for money", command: .decline, rationale: "not value for money"),
        Case(body: "DECLINE\n\nThe IFA contract covers this transport.", command: .decline, rationale: "The IFA contract covers this transport."),
        Case(body: "Declined - blood tests for alcohol use are not funded\nSee the policy.", command: .decline,
             rationale: "blood tests for alcohol use are not funded\nSee the policy."),
        Case(body: "MORE INFO the provider's quote", command: .moreInfo, rationale: "the provider's quote"),
        Case(body: "More information needed: the quote", command: .moreInfo, rationale: "the quote"),
        Case(body: "more info\n- the quote\n- the child's plan", command: .moreInfo, rationale: "- the quote\n- the child's plan"),
        Case(body: "DEFER - needs the legal planning strategy", command: .deferToPanel, rationale: "needs the legal planning strategy"),
        Case(body: "ENDORSE", command: .endorse),
        Case(body: "Endorsed.", command: .endorse),
        Case(body: "NOT ENDORSED alternatives not explored", command: .notEndorsed, rationale: "alternatives not explored"),
        Case(body: "Not endorse – aunt can help", command: .notEndorsed, rationale: "aunt can help"),
        Case(body: "CHALLENGE the panel missed the new risk assessment", command: .challenge,
             rationale: "the panel missed the new risk assessment"),
        Case(body: "LATE 30", command: .late(minutes: 30)),
        Case(body: "LATE: 45 mins - the previous case overran", command: .late(minutes: 45), rationale: "the previous case overran"),
        Case(body: "late 45m", command: .late(minutes: 45)),
        Case(body: "LATE 1 hour", command: .late(minutes: 60)),
        Case(body: "LATE 1h15", command: .late(minutes: 75)),
        Case(body: "LATE 1 hour and 20 minutes", command: .late(minutes: 80)),
        Case(body: "LATE 0 - back on time", command: .late(minutes: 0), rationale: "back on time"),
        Case(body: "DECLINE no funding\r\n\r\nOn Mon, 7 Sep 2026 at 10:02, Panel <p@x.test> wrote:\r\n> APPROVE", command: .decline,
             rationale: "no funding"),
        Case(body: "> Reply with APPROVE\nDECLINE not needed\n> or DECLINE", command: .decline, rationale: "not needed"),
        Case(body: "APPROVE\n\nThanks, Sam", command: approve()),
    ])
    func reads(_ test: Case) throws {
        let reply = try PanelReply.parse(test.body).get()
        #expect(reply.command == test.command)
        #expect(reply.rationale == test.rationale)
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        var body: String
        var kind: PanelReplyProblem.Kind
        var testDescription: String { body.isEmpty ? "(empty)" : body }
    }

    @Test(arguments: [
        Refusal(body: "", kind: .noOwnText),
        Refusal(body: "\n> APPROVE\n", kind: .noOwnText),
        Refusal(body: "Hi Jane\n\nAPPROVE", kind: .notACommand(firstLine: "Hi Jane", laterCommand: "APPROVE")),
        Refusal(body: "APPROVEMENT", kind: .notACommand(firstLine: "APPROVEMENT", laterCommand: nil)),
        Refusal(body: "I approve", kind: .notACommand(firstLine: "I approve", laterCommand: nil)),
        Refusal(body: "Approve? The quote looks high", kind: .notACommand(firstLine: "Approve? The quote looks high", laterCommand: nil)),
        Refusal(body: "Not approved", kind: .notACommand(firstLine: "Not approved", laterCommand: nil)),
        Refusal(body: "DECLINE", kind: .textMissing(.decline)),
        Refusal(body: "DECLINE -\n\nKind regards\nSam", kind: .textMissing(.decline)),
        Refusal(body: "MORE INFO:", kind: .textMissing(.moreInfo)),
        Refusal(body: "DEFER", kind: .textMissing(.deferToPanel)),
        Refusal(body: "NOT ENDORSED.", kind: .textMissing(.notEndorsed)),
        Refusal(body: "CHALLENGE", kind: .textMissing(.challenge)),
        Refusal(body: "APPROVE £abc", kind: .unreadableAmount(written: "£abc", reason: "is not an amount in pounds")),
        Refusal(body: "APPROVE £4OO per week", kind: .unreadableAmount(written: "£4OO per week", reason: "has a letter O among its figures: write the amount in figures only, e.g. \"£400 per week\"")),
        Refusal(body: "APPROVE £", kind: .unreadableAmount(written: "£", reason: "has no amount")),
        Refusal(body: "APPROVE £0", kind: .unreadableAmount(written: "£0", reason: "is zero: give the cost of the resource")),
        Refusal(body: "APPROVE £25 per hour", kind: .unreadableAmount(
            written: "£25 per hour", reason: "is a price per hour: give the cost per day, night, week, month or year, or the one-off total")),
        Refusal(body: "APPROVE £200-£300", kind: .unreadableAmount(written: "£200-£300", reason: "is a range: give one amount")),
        Refusal(body: "APPROVE £200 - £300", kind: .moreThanOneAmount(written: "£200 - £300")),
        Refusal(body: "APPROVE £200 to £300", kind: .moreThanOneAmount(written: "£200 to £300")),
        Refusal(body: "APPROVE £450 500", kind: .moreThanOneAmount(written: "£450 500")),
        Refusal(body: "APPROVE reduced to £400", kind: .amountNotAfterCommand(written: "reduced to £400")),
        Refusal(body: "APPROVE - the £400 quote", kind: .amountNotAfterCommand(written: "the £400 quote")),
        Refusal(body: "APPROVE until 31/02/2027", kind: .unreadableEndDate(written: "31/02/2027", reason: "is not a date: February 2027 has 28 days")),
        Refusal(body: "APPROVE until", kind: .unreadableEndDate(written: "", reason: "is not a date")),
        Refusal(body: "APPROVE until next month", kind: .unreadableEndDate(written: "next month", reason: "is not a date")),
        Refusal(body: "APPROVE for 6 fortnights", kind: .unreadableTerm(
            written: "for 6 fortnights",
            reason: "is not a date or a length of time: give an end date (03/12/2026), a length (6 weeks) or \"ongoing\"")),
        Refusal(body: "LATE soon", kind: .unreadableMinutes(written: "soon")),
        Refusal(body: "LATE", kind: .unreadableMinutes(written: "")),
        Refusal(body: "LATE 900", kind: .unreadableMinutes(written: "900")),
        Refusal(body: "LATE 30x", kind: .unreadableMinutes(written: "30x")),
    ])
    func refuses(_ test: Refusal) {
        #expect(PanelReply.parse(test.body) == .failure(PanelReplyProblem(test.kind)))
    }

    @Test func refusalsSayWhatToDo() {
        let messages = [
            "DECLINE": "DECLINE needs a reason, so the worker knows why: write it after DECLINE on the same line, or on the lines below, for example \"DECLINE the IFA contract covers this transport\".",
            "MORE INFO": "MORE INFO needs to say what information is needed: write it after MORE INFO on the same line, or on the lines below, for example \"MORE INFO the provider's quote and the child's plan\".",
            "APPROVE £abc": "The amount \"£abc\" is not an amount in pounds. Write the amount approved as, for example, APPROVE £450 per week, or APPROVE alone to approve the amount requested.",
            "APPROVE until 31/02/2027": "The end date \"31/02/2027\" is not a date: February 2027 has 28 days. Write it as, for example, APPROVE until 31/03/2027.",
            "Hi": "The first line, \"Hi\", is not a panel command. Start the reply with APPROVE, DECLINE <reason>, MORE INFO <what is needed>, DEFER <reason>, ALTERNATIVES <what to explore>, ENDORSE, NOT ENDORSED <reason>, CHALLENGE <text>, LATE <minutes> or WITHDRAW [reason].",
        ]
        for (body, message) in messages {
            guard case .failure(let problem) = PanelReply.parse(body) else {
                Issue.record("\(body) was read")
                continue
            }
            #expect(problem.message == message)
            #expect(!problem.code.contains(" £"))
        }
    }

    struct FixtureCase: Sendable, CustomTestStringConvertible {
        var name: String
        var ext: String = "eml"
        var command: PanelCommand
        var rationale: String
        var signedName: String?
        var testDescription: String { name }
    }

    @Test(arguments: [
        FixtureCase(name: "reply-outlook-html-approve", command: approve(45_000, .perWeek, end: .date(day(2027, 3, 31))),
                    rationale: "Agreed at the framework rate rather than the spot rate quoted.\nReview at the LAC review in March.",
                    signedName: "Sam Patel"),
        FixtureCase(name: "reply-owa-html-not-endorsed", command: .notEndorsed,
                    rationale: "the family network meeting has not happened yet and the aunt has offered weekend care.",
                    signedName: "Priya"),
        // A signature with no valediction cannot be told from the rationale.
        FixtureCase(name: "reply-outlook-plain-decline", command: .decline,
                    rationale: "the IFA contract covers transport for this placement\n\nThe carer is funded 500 miles a week under the IFA contract; please ask the agency first.\n\nAlex Morgan\nPanel Lead"),
        FixtureCase(name: "reply-gmail-more-info", command: .moreInfo,
                    rationale: "please send:\n- the legal planning strategy\n- the provider's quote (the PAMs assessor's day rate)"),
        FixtureCase(name: "reply-iphone-endorse", command: .endorse, rationale: ""),
        FixtureCase(name: "reply-thunderbird-challenge", command: .challenge,
                    rationale: "the panel did not see the updated risk assessment from 4 September,\nwhich shows the placement is at risk of breaking down without the extra support.\n\nI have attached it to the case record."),
        FixtureCase(name: "reply-duty-mailbox-signed", ext: "txt", command: approve(end: .duration(count: 2, unit: .weeks)),
                    rationale: "Emergency respite while the carer is in hospital; review on return.", signedName: "Chris Lee"),
        FixtureCase(name: "reply-signature-delimiter-defer", ext: "txt", command: .deferToPanel,
                    rationale: "Three expert assessments at once: the panel needs the legal planning strategy\nand the child's plan, and to know whether joint letters of instruction are agreed.",
                    signedName: "Chris Lee"),
    ])
    func readsRealReplies(_ test: FixtureCase) throws {
        let body = test.ext == "eml" ? try DecisionsFixture.body(test.name) : try DecisionsFixture.text(test.name)
        let reply = try PanelReply.parse(body).get()
        #expect(reply.command == test.command)
        #expect(reply.rationale == test.rationale)
        #expect(reply.signedName == test.signedName)
    }

    @Test func aGreetingFirstIsRefusedWithAHint() throws {
        let result = PanelReply.parse(try DecisionsFixture.text("reply-no-command"))
        #expect(result == .failure(PanelReplyProblem(.notACommand(firstLine: "Hi,", laterCommand: "APPROVE"))))
    }

    @Test func aDeclineSignedOffWithoutAReasonIsRefused() throws {
        let result = PanelReply.parse(try DecisionsFixture.text("reply-decline-no-reason"))
        #expect(result == .failure(PanelReplyProblem(.textMissing(.decline))))
    }

    @Test(arguments: [
        ("APPROVE\n\nName: Sam Patel", "Sam Patel"),
        ("APPROVE\nok\nDecided by: Sam Patel (duty)", "Sam Patel"),
        ("APPROVE\n\nThanks, Sam", "Sam"),
        ("APPROVE\n\nMany thanks\n\nSam Patel | Head of Service", "Sam Patel"),
        ("APPROVE\n\nKind regards,\nSam Patel, Duty Manager\n07700 900123", "Sam Patel"),
        ("APPROVE\n\nRegards\n-- \nSam Patel", "Sam Patel"),
        ("APPROVE\n-- \nSam Patel\nHead of Service", "Sam Patel"),
        ("APPROVE\n\nSent from my iPhone", nil),
        ("APPROVE\n\nKind regards\nsam.patel@council.gov.uk", nil),
        ("APPROVE\n\nThanks, see you next week", nil),
        ("APPROVE", nil),
        ("APPROVE\nWithin the framework rate.\n\nDana", "Dana"),
        ("NOT ENDORSED Ask the family network first.\n\nTina O'Neill", "Tina O'Neill"),
        ("DECLINE over budget\n\nSee the policy", nil),
        ("DECLINE over budget\n\nSee Policy.", nil),
    ] as [(String, String?)])
    func findsTheSignedName(body: String, name: String?) throws {
        #expect(try PanelReply.parse(body).get().signedName == name)
    }

    @Test func aNameAloneOnTheLastLineIsNotPartOfTheRationale() throws {
        let reply = try PanelReply.parse("APPROVE £60 per week\nThe cheaper provider will do.\n\nDana").get()
        #expect(reply.rationale == "The cheaper provider will do.")
        // The command line alone with a name below it: the name is still the signature.
        #expect(try PanelReply.parse("ENDORSE\n\nTina").get().rationale == "")
        // A closing sentence is kept.
        #expect(try PanelReply.parse("DECLINE over budget\n\nPlease resubmit in April.").get().rationale == "over budget\n\nPlease resubmit in April.")
    }

    @Test func aDelimiterInsideTheQuoteIsNotTheSendersSignature() throws {
        let body = "APPROVE\n\nOn Mon, 7 Sep 2026, Panel <p@x.test> wrote:\n> text\n> -- \n> Resource Panel"
        #expect(try PanelReply.parse(body).get().signedName == nil)
    }

    @Test func controlCharactersAreRemovedFromTheRationale() throws {
        let reply = try PanelReply.parse("DECLINE no\u{0}t funded\u{1B}[31m\nsee\u{7} policy").get()
        #expect(reply.rationale == "not funded[31m\nsee policy")
    }
}
