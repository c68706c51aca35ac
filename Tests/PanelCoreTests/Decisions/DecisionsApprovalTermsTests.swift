import Testing
@testable import PanelCore

@Suite("Decisions: approval terms")
struct DecisionsApprovalTermsTests {
    static let start = CalendarDay(year: 2026, month: 9, day: 7)!
    static let requestedEnd = ResourceEnd.date(CalendarDay(year: 2027, month: 3, day: 31)!)
    static let requestedCost = Cost(pence: 52_000, frequency: .perWeek)

    @Test(arguments: [
        (ApprovalTerms.asRequested, [String]()),
        (ApprovalTerms(cost: Cost(pence: 45_000, frequency: .perWeek)), []),
        (ApprovalTerms(cost: Cost(pence: 52_000, frequency: .perWeek)), []),
        (ApprovalTerms(cost: Cost(pence: 65_000, frequency: .perWeek)),
         ["£650 per week is more than the £520 per week requested: the panel can approve the amount asked or less"]),
        (ApprovalTerms(cost: Cost(pence: 8_500, frequency: .perDay)),
         ["the approved amount is per day but the request is per week: give the amount per week"]),
        (ApprovalTerms(end: .date(CalendarDay(year: 2026, month: 12, day: 18)!)), []),
        (ApprovalTerms(end: .duration(count: 6, unit: .weeks)), []),
        (ApprovalTerms(end: .date(CalendarDay(year: 2027, month: 6, day: 30)!)),
         ["the approval runs to 30/06/2027, after the requested end 31/03/2027"]),
    ])
    func approvalsNeverExceedTheRequest(terms: ApprovalTerms, excess: [String]) {
        #expect(terms.excess(requestedCost: Self.requestedCost, requestedStart: Self.start, requestedEnd: Self.requestedEnd) == excess)
    }

    @Test(arguments: [
        (ApprovalTerms.asRequested, "as requested"),
        (ApprovalTerms(cost: Cost(pence: 8_500, frequency: .perDay), end: .date(CalendarDay(year: 2026, month: 12, day: 18)!)),
         "£85 per day until 18/12/2026"),
        (ApprovalTerms(end: .duration(count: 6, unit: .weeks)), "for 6 weeks"),
    ])
    func describesTerms(terms: ApprovalTerms, text: String) {
        #expect(terms.description == text)
        #expect(PanelCommand.approve(terms).description == (terms.isAsRequested ? "APPROVE" : "APPROVE \(text)"))
    }
}
