import Testing
@testable import PanelCore

@Suite("Form merge")
struct FormMergeTests {
    static let parser = FormParser()

    static let incomplete = """
    Child's name: Jayden Webb
    Locality: Gloucester
    Team: Gloucester CiN
    Resource type: Mentoring
    Cost: about 75
    Start date: 03/09/2026
    Reason: No positive adult outside the family.
    """

    static func original() throws -> RequestForm {
        let forms = parser.parse(text: incomplete, sender: testSender).forms
        try #require(forms.count == 1)
        return forms[0]
    }

    @Test func aReplyWithTheMissingLinesCompletesTheRequest() throws {
        let form = try Self.original()
        #expect(form.problems.map(\.message) == [
            "Case ID is missing", "Team manager is missing", "Cost: \"about 75\" is not an amount in pounds",
        ])
        let reply = try FormFixture.text("gmail-reply")
        let merged = Self.parser.merge(reply: reply, into: form)
        #expect(!merged.replyHadNoFormLines)
        #expect(merged.changes.map(\.field) == [.caseID, .teamManager, .startDate])
        #expect(merged.changes[0] == FormFieldChange(field: .caseID, fieldLabel: "Case ID", before: nil, after: "4471920"))
        #expect(merged.changes[2] == FormFieldChange(field: .startDate, fieldLabel: "Start date",
                                                     before: "03/09/2026", after: "10/09/2026"))
        #expect(merged.form.problems.map(\.message) == ["Cost: \"about 75\" is not an amount in pounds"])
        #expect(merged.decisionFieldsChanged == [.caseID, .startDate])

        let again = Self.parser.merge(reply: try FormFixture.text("gmail-wrapped-reply"), into: merged.form)
        #expect(again.changes == [FormFieldChange(field: .cost, fieldLabel: "Cost", before: "about 75", after: "£75 per week")])
        #expect(again.form.isComplete)
        #expect(again.form.cost == Cost(pence: 7_500, frequency: .perWeek))
        #expect(again.decisionFieldsChanged == [.cost])
        // The quoted "Child's name" and start date in the reply were not read.
        #expect(again.form.childName == "Jayden Webb")
        #expect(again.form.startDate == CalendarDay(year: 2026, month: 9, day: 10))
    }

    @Test func theSameValueAgainIsNotAChange() throws {
        let merged = Self.parser.merge(reply: "Start date: 3 September 2026\nLocality: gloucester", into: try Self.original())
        #expect(merged.changes == [])
        #expect(merged.decisionFieldsChanged == [])
    }

    @Test func aLongReasonIsComparedByItsDigestButStillSeenToChange() throws {
        let long = Array(repeating: "The family has no positive adult outside the home and school reports worsening attendance.", count: 40)
            .joined(separator: " ")
        let forms = Self.parser.parse(text: Self.incomplete.replacingOccurrences(of: "No positive adult outside the family.", with: long),
                                      sender: testSender).forms
        let form = try #require(forms.first)
        #expect(form.text(.reason) == long)
        // The form keeps the reason's text in its entry and its value, not a third time.
        #expect(form.fieldStates[.reason]?.hasPrefix("#") == true)
        #expect(form.fieldStates[.reason]?.utf8.count == 65)
        // The same reason again, with other spacing and case, is no change...
        let same = Self.parser.merge(reply: "Reason: " + long.uppercased().replacingOccurrences(of: " ", with: "  "), into: form)
        #expect(same.changes == [])
        // ...and one word different is.
        let changed = Self.parser.merge(reply: "Reason: " + long + " Added.", into: form)
        #expect(changed.changes.map(\.field) == [.reason])
        #expect(changed.form.text(.reason) == long + " Added.")
    }

    @Test func aReplyResolvesAContradiction() throws {
        let form = try Self.original()
        let contradicting = Self.parser.merge(reply: "Start date: 10/09/2026\nStart date: 17/09/2026", into: form)
        #expect(contradicting.form.problems.contains {
            $0.message == "Start date is given twice with different values: \"10/09/2026\" and \"17/09/2026\""
        })
        let fixed = Self.parser.merge(reply: "Start date: 17/09/2026", into: contradicting.form)
        #expect(fixed.changes.map(\.after) == ["17/09/2026"])
        #expect(fixed.form.startDate == CalendarDay(year: 2026, month: 9, day: 17))
    }

    @Test func aReplyWithoutFormLinesChangesNothing() throws {
        let form = try Self.original()
        let merged = Self.parser.merge(reply: "Thanks, I'll send the case ID tomorrow.\n\n> Case ID: 1", into: form)
        #expect(merged.replyHadNoFormLines)
        #expect(merged.form == form)
        #expect(merged.changes == [])
    }

    @Test func aReplyCanClearAnOptionalField() throws {
        let form = try #require(Self.parser.parse(text: Self.incomplete + "\nProvider: Acme", sender: testSender).forms.first)
        let merged = Self.parser.merge(reply: "Provider: N/A", into: form)
        #expect(merged.changes == [FormFieldChange(field: .provider, fieldLabel: "Provider", before: "Acme", after: "N/A")])
        #expect(merged.form.value(.provider) == nil)
        #expect(merged.decisionFieldsChanged == [.provider])
    }

    @Test func aReplyOverridesSharedDetails() throws {
        let text = "Team: A\nChild's name: X\nCost: £5\nChild's name: Y\nCost: £6"
        let forms = Self.parser.parse(text: text, sender: testSender).forms
        #expect(forms.count == 2)
        #expect(forms[1].text(.team) == "A")
        let merged = Self.parser.merge(reply: "Team: B", into: forms[1])
        #expect(merged.form.text(.team) == "B")
        #expect(merged.form.sharedEntries.contains { $0.key == .team } == false)
        #expect(merged.changes.map(\.before) == ["A"])
    }
}
