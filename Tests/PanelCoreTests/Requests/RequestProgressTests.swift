import Foundation
import Testing
@testable import PanelCore

@Suite("Request progress and next step")
struct RequestProgressTests {
    static let rules: RequestRules = {
        let hours = try! WorkingHours()
        return RequestRules(schema: .standard, schedule: try! PanelSchedule(workingHours: hours))
    }()

    static let complete = """
        Child's name: Jayden Webb
        Case ID: 4471920
        Locality: Gloucester
        Team: Gloucester CiN
        Team manager: Tina Manager, tm@council.test
        Resource type: Mentoring
        Cost: £75 per week
        Start date: 03/09/2026
        Reason: No positive adult outside the family.
        """

    static func form(_ text: String) throws -> RequestForm {
        try #require(FormParser().parse(text: text, sender: FormPerson(name: "Sam", email: "sam@council.test")).forms.first)
    }

    /// Times in UTC; September 2026 is BST (UTC+1). The panel sits Thursday 10 September
    /// at 10:00 with its deadline at 13:00 on Wednesday 9 September.
    @Test(arguments: [
        // (event time UTC, now UTC, expected text fragment)
        ("2026-09-09 11:59:59", "2026-09-09 12:00:00", "listed for the panel on Thursday 10 September 2026 at 10:00"),
        ("2026-09-09 12:00:00", "2026-09-09 12:00:00", "listed for the panel on Thursday 10 September 2026 at 10:00"),
        ("2026-09-09 12:00:01", "2026-09-09 12:00:01", "after the deadline for the panel on Thursday 10 September 2026 at 10:00"),
        ("2026-09-09 12:00:01", "2026-09-09 12:00:01", "listed for the panel on Thursday 17 September 2026 at 10:00"),
        ("2026-09-08 10:00:00", "2026-09-10 09:30:00", "sat before your email could be read"),
    ])
    func aCompleteRequestIsListedForTheNextPanelStillOpen(event: String, now: String, expected: String) throws {
        let progress = Self.rules.progress(of: try Self.form(Self.complete), urgent: false,
                                           eventTime: CalendarFixtures.utc(event), now: CalendarFixtures.utc(now))
        guard case .listed = progress else { Issue.record("expected listed, got \(progress)"); return }
        #expect(progress.nextStepText?.contains(expected) == true, "\(progress.nextStepText ?? "nil")")
    }

    @Test func anUrgentRequestIsDueByClosing() throws {
        // Friday 28 August 2026 16:59:59 BST, before the bank-holiday Monday: due the same day.
        let progress = Self.rules.progress(of: try Self.form(Self.complete), urgent: true,
                                           eventTime: CalendarFixtures.utc("2026-08-28 15:59:59"), now: CalendarFixtures.utc("2026-08-28 16:00:00"))
        guard case .awaitingDecision(let due) = progress else { Issue.record("expected urgent, got \(progress)"); return }
        #expect(CalendarFixtures.utcText(due.due) == "2026-08-28 16:00:00")
        #expect(progress.nextStepText == "the duty panel member decides urgent requests the same working day. We received Friday 16:59; a decision is due by 17:00 on Friday 28 August.")
    }

    @Test func anIncompleteRequestHasNoNextStep() throws {
        let form = try Self.form(Self.complete.replacingOccurrences(of: "Case ID: 4471920\n", with: ""))
        let progress = Self.rules.progress(of: form, urgent: true, eventTime: Date(), now: Date())
        #expect(progress == .incomplete)
        #expect(progress.nextStepText == nil)
    }

    @Test func aCalendarWithNoSittingStillListsTheRequest() throws {
        let hours = try WorkingHours()
        // Every Thursday cancelled for more than two years: no sitting to offer.
        var cancelled: Set<CalendarDay> = []
        var day = CalendarFixtures.day("2026-09-10")
        for _ in 0..<120 { cancelled.insert(day); day = day.adding(days: 7) }
        let rules = RequestRules(schema: .standard, schedule: try PanelSchedule(cancelled: cancelled, workingHours: hours))
        let progress = rules.progress(of: try Self.form(Self.complete), urgent: false,
                                      eventTime: CalendarFixtures.utc("2026-09-07 09:00:00"), now: CalendarFixtures.utc("2026-09-07 09:00:00"))
        guard case .unplaced = progress else { Issue.record("expected unplaced, got \(progress)"); return }
        #expect(progress.nextStepText?.contains("The panel team will write with the date") == true)
    }

    @Test(arguments: [
        ("jane@council.test", ["jane@council.test", nil], false, nil),
        ("JANE@council.test", ["jane@council.test"], false, nil),
        ("tm@council.test", ["jane@council.test", "tm@council.test"], false, nil),
        ("other@council.test", ["jane@council.test", "tm@council.test"], false, "the sender is neither the worker nor the team manager of record"),
        ("jane@council.test", ["jane@council.test"], true, "the request has been decided"),
        (nil, ["jane@council.test"], false, "the reply has no sender address"),
    ] as [(String?, [String?], Bool, String?)])
    func onlyTheWorkerOrTeamManagerMayChangeARequestBeforeADecision(sender: String?, people: [String?], decided: Bool, refusal: String?) {
        #expect(RequestChangeRule.refusal(sender: sender, people: people, decided: decided) == refusal)
    }

    @Test func referencesAreFoundAnywhereInText() {
        #expect(RequestReference.mentions(in: "About arp-2026-00042, not ARP-2026-00042 again; see [ARP-2025-00001].").map(\.description)
                == ["ARP-2026-00042", "ARP-2025-00001"])
        #expect(RequestReference.mentions(in: "ARP-2026-0004 XARP-2026-00042 ARP-2026-00042x").isEmpty)
    }

    @Test func aReplySubjectNamesEveryReferenceOnce() {
        let refs = [RequestReference(year: 2026, sequence: 6), RequestReference(year: 2026, sequence: 7)]
        #expect(ReplySubject.reply(to: "Mentoring for the G siblings", references: refs) == "Re: Mentoring for the G siblings [ARP-2026-00006] [ARP-2026-00007]")
        #expect(ReplySubject.reply(to: "RE: Re: x [ARP-2026-00007] [ARP-2026-00006]", references: refs) == "Re: x [ARP-2026-00007] [ARP-2026-00006]")
        #expect(ReplySubject.reply(to: "Question", references: []) == "Re: Question")
    }
}
