import Testing
@testable import PanelCore

/// Email bodies in real clients' styles, as the MIME layer hands them over.
@Suite("Form fixtures")
struct FormFixtureTests {
    static let parser = FormParser()

    static func forms(_ name: String, sender: FormPerson? = testSender) throws -> [RequestForm] {
        parser.parse(text: try FormFixture.text(name), sender: sender).forms
    }

    @Test func outlookPlainTextWithAQuotedReplyBelow() throws {
        let forms = try Self.forms("outlook-plain-reply")
        #expect(forms.count == 1)
        let form = forms[0]
        #expect(form.problems == [])
        #expect(form.caseID == "8812003") // not the quoted "(missing)"
        #expect(form.cost == Cost(pence: 20_000, frequency: .oneOff))
        #expect(form.person(.socialWorker) == FormPerson(name: "Hannah Moss", email: "hannah.moss@council.test"))
        #expect(form.valuesFromSender.isEmpty)
        // The signature's "Social Worker | Cheltenham Safeguarding 1" is not a second social worker.
        #expect(form.entries.filter { $0.key == .socialWorker }.count == 1)
        #expect(form.text(.provider) == "Argos")
    }

    @Test func outlookHTMLTableAsText() throws {
        let forms = try Self.forms("outlook-html-table")
        #expect(forms.count == 1)
        let form = forms[0]
        #expect(form.problems == [])
        #expect(form.childName == "Kai Barnes")
        #expect(form.caseID == "9901446")
        #expect(form.person(.socialWorker) == FormPerson(name: "Olivia Grant", email: "olivia.grant@council.test"))
        #expect(form.resourceType?.name == "Placement")
        #expect(form.text(.placementType) == "Solo residential, out of county")
        #expect(form.end == .duration(count: 6, unit: .months))
        #expect(form.text(.reason) == """
        Kai's foster placement ended after three missing episodes in a fortnight.
        Two IFA searches (14 and 21 September) found no match.
        """)
        #expect(form.value(.iro) == nil)
        // 28/09/2026 to 27/03/2027 is 181 days: £6,850 × 181 / 7.
        #expect(form.totalPence == 17_712_143)
    }

    @Test func gmailReplyIsReadWithoutItsQuote() throws {
        let forms = try Self.forms("gmail-reply")
        #expect(forms.count == 1)
        #expect(forms[0].entries.map(\.key) == [.caseID, .teamManager, .startDate])
        #expect(forms[0].childName == nil) // "Jayden Webb" is only in the quote
        #expect(try Self.forms("gmail-wrapped-reply").first?.entries.map(\.value) == ["£75 per week"])
    }

    @Test func appleMailWithValuesBelowTheirLabels() throws {
        let forms = try Self.forms("apple-mail")
        #expect(forms.count == 1)
        let form = forms[0]
        #expect(form.problems == [])
        #expect(form.childName == "Chloé Durand")
        #expect(form.person(.teamManager) == FormPerson(name: "Ifeoma Adeyemi", email: "ifeoma.adeyemi@council.test"))
        #expect(form.resourceType?.name == "Respite/short breaks")
        #expect(form.startDate == CalendarDay(year: 2026, month: 10, day: 26))
        #expect(form.end == .duration(count: 5, unit: .nights))
        #expect(form.totalPence == 142_500) // 5 nights at £285, as the worker worked out
        #expect(form.text(.reason)?.hasSuffix("agreed a plan with the unit.") == true)
        #expect(form.person(.socialWorker) == testSender)
    }

    @Test func bulletsAndBoldMarkers() throws {
        let forms = try Self.forms("bullets-and-bold")
        #expect(forms.count == 1)
        let form = forms[0]
        #expect(form.problems == [])
        #expect(form.entries.count == 13)
        #expect(form.text(.locality) == "Gloucester")
        #expect(form.person(.teamManager) == FormPerson(name: "Beth Young", email: "beth.young@council.test"))
        #expect(form.cost == Cost(pence: 3_550, frequency: .perWeek))
        #expect(form.startDate == CalendarDay(year: 2026, month: 9, day: 3))
        #expect(form.text(.otherFunding) == "school pays £10 a week")
        #expect(form.childName == "Tyler Brooks") // not the signature's
    }

    @Test func siblingGroupWithThreeBlocks() throws {
        let forms = try Self.forms("sibling-group")
        #expect(forms.map(\.childName) == ["Ellie Ward", "Josh Ward", "Mason Ward"])
        #expect(forms.map(\.caseID) == ["7100231", "7100232", "7100233"])
        #expect(forms.allSatisfy { $0.problems.isEmpty })
        #expect(forms.allSatisfy { $0.person(.teamManager)?.email == "paul.reid@council.test" })
        #expect(forms.allSatisfy { $0.text(.locality) == "Cheltenham" })
        #expect(forms.map { $0.resourceType?.name } == ["School transport", "School transport", "Mentoring"])
        // 7 September to 18 December 2026 is 103 days at £42.
        #expect(forms.map(\.totalPence) == [432_600, 432_600, nil])
        #expect(forms[2].end == .ongoing)
        #expect(forms[1].sharedEntries.map(\.key) == [.locality, .team, .socialWorker, .teamManager])
    }

    @Test func everyKindOfDamage() throws {
        let forms = try Self.forms("damaged")
        #expect(forms.count == 1)
        let form = forms[0]
        #expect(form.problems.map(\.message) == [
            "\"Csae ID\" was read as Case ID: please check it",
            "Team is missing",
            "Team manager: \"Dan Ross\" has no email address",
            "Resource type: \"Tutoring\" is not one of the resource types: Placement, Expert assessment, Mentoring, Drug or alcohol testing, School transport, Housing costs, NRPF support, Equipment, Respite/short breaks, Family support or Other",
            "Cost: \"about 200\" is not an amount in pounds",
            "Start date is given twice with different values: \"03/09/2026\" and \"10/09/2026\"",
            "End date: \"31/02/2026\" is not a date: February 2026 has 28 days",
        ])
        #expect(!form.isComplete)
        #expect(form.blockingProblems.count == 6)
        // The same reason twice is fine; "Provider: TBC" is simply not given yet.
        #expect(form.text(.reason) == "Lily needs catch-up support.")
        #expect(form.value(.provider) == nil)
        #expect(form.caseID == "5550123")
    }

    @Test func aChattyEmailIsNotARequest() throws {
        #expect(Self.parser.parse(text: try FormFixture.text("chatty"), sender: testSender) == .notARequest)
    }
}
