import Testing
@testable import PanelCore

@Suite("Form validation")
struct FormValidationTests {
    static let complete = """
    Child's name: Ava Thompson
    Case ID: 7730215
    Locality: Forest of Dean
    Team: Safeguarding 2
    Team manager: Sam Patel, sam.patel@council.test
    Resource type: Placement
    Cost: £1,150 per week
    Start date: 14/09/2026
    End date: 12 weeks
    Reason: Kinship carers can no longer care for her.
    """

    static func form(_ text: String, sender: FormPerson? = testSender) throws -> RequestForm {
        let forms = FormParser().parse(text: text, sender: sender).forms
        try #require(forms.count == 1)
        return forms[0]
    }

    static func messages(_ text: String, sender: FormPerson? = testSender) throws -> [String] {
        try form(text, sender: sender).problems.map(\.message)
    }

    @Test func aCompleteFormHasTypedValues() throws {
        let form = try Self.form(Self.complete)
        #expect(form.problems == [])
        #expect(form.isComplete)
        #expect(form.childName == "Ava Thompson")
        #expect(form.caseID == "7730215")
        #expect(form.resourceType?.name == "Placement")
        #expect(form.cost == Cost(pence: 115_000, frequency: .perWeek))
        #expect(form.startDate == CalendarDay(year: 2026, month: 9, day: 14))
        #expect(form.end == .duration(count: 12, unit: .weeks))
        #expect(form.lastDay == CalendarDay(year: 2026, month: 12, day: 6))
        #expect(form.totalPence == 1_380_000)
        // The social worker is the sender.
        #expect(form.person(.socialWorker) == testSender)
        #expect(form.valuesFromSender == [.socialWorker])
        #expect(form.person(.teamManager) == FormPerson(name: "Sam Patel", email: "sam.patel@council.test"))
    }

    @Test func everythingMissingIsListed() throws {
        let messages = try Self.messages("Provider: Acme", sender: nil)
        #expect(messages == [
            "Child's name is missing", "Case ID is missing", "Locality is missing", "Team is missing",
            "Social worker is missing", "Team manager is missing", "Resource type is missing", "Cost is missing",
            "Start date is missing", "Reason is missing",
        ])
    }

    @Test func placeholdersAreMissingWhenRequiredAndAbsentOtherwise() throws {
        let text = Self.complete.replacingFirst("Case ID: 7730215", with: "Case ID: TBC")
            + "\nProvider: N/A\nIRO: none\nEnd date: n/a"
        let form = try Self.form(text)
        // "n/a" beside "12 weeks" is no value, so no contradiction either.
        #expect(form.problems.map(\.message) == ["Case ID is missing (it says \"TBC\")"])
        #expect(form.end == .duration(count: 12, unit: .weeks))
        #expect(form.value(.provider) == nil)
        #expect(form.value(.iro) == nil)
    }

    @Test func unreadableValuesAreQuotedWithTheReason() throws {
        let text = Self.complete
            .replacingFirst("Cost: £1,150 per week", with: "Cost: about 200")
            .replacingFirst("Start date: 14/09/2026", with: "Start date: 31/02/2026")
            .replacingFirst("Resource type: Placement", with: "Resource type: Tutoring")
            .replacingFirst("Team manager: Sam Patel, sam.patel@council.test", with: "Team manager: Sam Patel")
        #expect(try Self.messages(text) == [
            "Team manager: \"Sam Patel\" has no email address",
            "Resource type: \"Tutoring\" is not one of the resource types: Placement, Expert assessment, Mentoring, Drug or alcohol testing, School transport, Housing costs, NRPF support, Equipment, Respite/short breaks, Family support or Other",
            "Cost: \"about 200\" is not an amount in pounds",
            "Start date: \"31/02/2026\" is not a date: February 2026 has 28 days",
        ])
    }

    @Test func theSameValueTwiceIsFineDifferentValuesAreNot() throws {
        let same = Self.complete + "\nStart date: 14 September 2026\nCost: £1150 pw"
        #expect(try Self.messages(same) == [])
        let different = Self.complete + "\nStart date: 21/09/2026"
        #expect(try Self.messages(different) ==
            ["Start date is given twice with different values: \"14/09/2026\" and \"21/09/2026\""])
        let three = Self.complete + "\nStart date: 21/09/2026\nStart date: 28/09/2026"
        #expect(try Self.messages(three) ==
            ["Start date is given 3 times with different values: \"14/09/2026\", \"21/09/2026\" and \"28/09/2026\""])
        #expect(try Self.form(different).startDate == nil)
    }

    @Test func misspeltLabelsAreReadWithANote() throws {
        let text = Self.complete.replacingFirst("Case ID: 7730215", with: "Csae ID: 7730215")
        let form = try Self.form(text)
        #expect(form.caseID == "7730215")
        #expect(form.problems.map(\.message) == ["\"Csae ID\" was read as Case ID: please check it"])
        #expect(form.isComplete)
        #expect(form.problems[0].code == "label-corrected caseID")
    }

    @Test func theEndMustNotBeBeforeTheStart() throws {
        let text = Self.complete.replacingFirst("End date: 12 weeks", with: "End date: 01/09/2026")
        #expect(try Self.messages(text) == ["End date: \"01/09/2026\" is before the start date (14/09/2026)"])
    }

    @Test func theSocialWorkerTakesTheSendersAddressWhenTheNamesMatch() throws {
        let form = try Self.form(Self.complete + "\nSocial worker: jane smith")
        #expect(form.person(.socialWorker) == FormPerson(name: "jane smith", email: "jane.smith@council.test"))
        #expect(form.problems == [])
        let other = try Self.form(Self.complete + "\nSocial worker: Tom Reed")
        #expect(other.problems.map(\.message) == ["Social worker: \"Tom Reed\" has no email address"])
    }

    @Test func aWeeklyCostLabelGivesTheFrequency() throws {
        let form = try Self.form(Self.complete.replacingFirst("Cost: £1,150 per week", with: "Weekly cost: £1,150"))
        #expect(form.cost == Cost(pence: 115_000, frequency: .perWeek))
    }

    @Test func problemCodesCarryNoPersonalData() throws {
        let form = try Self.form("Child's name: Ava Thompson\nCost: about 200", sender: nil)
        for problem in form.problems {
            #expect(!problem.code.contains("Ava"))
            #expect(!problem.code.contains("200"))
        }
        #expect(form.problems.first { $0.field == .cost }?.code == "unreadable cost")
    }

    @Test func totalsFollowTheCostsFrequency() throws {
        let oneOff = try Self.form(Self.complete.replacingFirst("Cost: £1,150 per week", with: "Cost: £200"))
        #expect(oneOff.totalPence == 20_000)
        let ongoing = try Self.form(Self.complete.replacingFirst("End date: 12 weeks", with: "End date: ongoing"))
        #expect(ongoing.totalPence == nil)
        let noEnd = try Self.form(Self.complete.replacingFirst("End date: 12 weeks", with: ""))
        #expect(noEnd.totalPence == nil)
        #expect(noEnd.isComplete)
    }

    /// A start date before the request arrived is noted, never refused: retrospective,
    /// or, long before, probably a slipped year.
    @Test(arguments: [
        ("14/09/2025", "long-past startDate", 358),  // a year early
        ("01/08/2026", "long-past startDate", 37),
        ("20/08/2026", "retrospective startDate", 18), // started last month: retrospective spend
        ("06/09/2026", "retrospective startDate", 1),
        ("07/09/2026", nil, nil),                      // the day it arrived
        ("14/09/2026", nil, nil),                      // ahead
    ] as [(String, String?, Int?)])
    func aStartDateBeforeArrivalIsNoted(start: String, code: String?, days: Int?) throws {
        let form = try Self.form(Self.complete.replacingOccurrences(of: "14/09/2026", with: start))
        let arrived = CalendarDay(year: 2026, month: 9, day: 7)!
        let checked = form.notingStartBeforeArrival(arrivedOn: arrived)
        #expect(checked.isComplete)
        #expect(checked.problems.last(where: { $0.field == .startDate })?.code == code)
        #expect(form.daysRetrospective(arrivedOn: arrived) == days)
    }
}
