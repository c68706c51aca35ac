import Testing
@testable import PanelCore

@Suite("Decision fingerprint")
struct DecisionFingerprintTests {
    static let base = """
    Child's name: Ava Thompson
    Case ID: 7730215
    Locality: Forest of Dean
    Team: Safeguarding 2
    Team manager: Sam Patel, sam.patel@council.test
    Resource type: Placement
    Placement type: IFA
    Provider: Severn Fostering
    Cost: £1,150 per week
    Start date: 14/09/2026
    End date: 12 weeks
    Reason: Kinship carers can no longer care for her.
    """

    static func fingerprint(_ text: String) throws -> DecisionFingerprint {
        try #require(FormParser().parse(text: text, sender: testSender).forms.first).decisionFingerprint
    }

    @Test func holdsTheDecisionFieldsInCanonicalForm() throws {
        let fingerprint = try Self.fingerprint(Self.base)
        #expect(fingerprint.text == """
        caseID=7730215
        childName=ava thompson
        cost=115000p per_week
        endDate=12 weeks
        placementType=ifa
        provider=severn fostering
        resourceType=placement
        startDate=2026-09-14
        """)
        #expect(DecisionFingerprint(text: fingerprint.text) == fingerprint)
        #expect(DecisionFingerprint(text: "no equals sign") == nil)
        #expect(fingerprint.description == "DecisionFingerprint(8 fields)")
    }

    @Test(arguments: [
        // Same meaning, different writing: not a change.
        ("Start date: 14/09/2026", "Start date: 14th September 2026", [FormFieldKey]()),
        ("Cost: £1,150 per week", "Cost: £1150.00 pw", []),
        ("Provider: Severn Fostering", "Provider:   SEVERN   fostering", []),
        ("Resource type: Placement", "Resource type: IFA placement", []),
        // Not decision fields.
        ("Reason: Kinship carers can no longer care for her.", "Reason: Something else entirely.", []),
        ("Team: Safeguarding 2", "Team: Safeguarding 3", []),
        // Decision fields.
        ("Cost: £1,150 per week", "Cost: £1,150 per month", [.cost]),
        ("Start date: 14/09/2026", "Start date: 21/09/2026", [.startDate]),
        ("End date: 12 weeks", "End date: 13 weeks", [.endDate]),
        ("Provider: Severn Fostering", "Provider: Wye Fostering", [.provider]),
        ("Placement type: IFA", "Placement type: In-house", [.placementType]),
        ("Resource type: Placement", "Resource type: Respite", [.resourceType]),
        ("Case ID: 7730215", "Case ID: 7730216", [.caseID]),
        ("Child's name: Ava Thompson", "Child's name: Ava Jones", [.childName]),
        // Removed, or made unreadable.
        ("Provider: Severn Fostering", "", [.provider]),
        ("Cost: £1,150 per week", "Cost: about 1150", [.cost]),
    ])
    func changesAreDetected(line: String, replacement: String, changed: [FormFieldKey]) throws {
        let before = try Self.fingerprint(Self.base)
        let after = try Self.fingerprint(Self.base.replacingFirst(line, with: replacement))
        #expect(after.changedFields(since: before) == changed)
    }
}
