import Testing
@testable import PanelCore

@Suite("Form values: resource types")
struct ResourceTypeMatchTests {
    @Test(arguments: [
        ("Placement", "Placement"),
        ("placement", "Placement"),
        ("IFA placement", "Placement"),
        ("Residential", "Placement"),
        ("Placement - residential, out of county", "Placement"),
        ("Expert assessment", "Expert assessment"),
        ("PAMs parenting assessment", "Expert assessment"),
        ("Residential assessment for mum and baby", "Expert assessment"),
        ("School transport", "School transport"),
        ("Taxi to school", "School transport"),
        ("Housing costs", "Housing costs"),
        ("Rent deposit", "Housing costs"),
        ("NRPF support", "NRPF support"),
        ("No recourse to public funds", "NRPF support"),
        ("Equipment", "Equipment"),
        ("Stair gate", "Equipment"),
        ("Respite/short breaks", "Respite/short breaks"),
        ("Respite", "Respite/short breaks"),
        ("short breaks", "Respite/short breaks"),
        ("Hair strand testing", "Drug or alcohol testing"),
        ("Mentoring", "Mentoring"),
        ("Other", "Other"),
        ("Other (tutoring)", "Other"),
    ])
    func matchesNamesAndSynonyms(text: String, name: String) throws {
        let type = try FormSchema.standard.resourceType(matching: text).get()
        #expect(type.name == name)
    }

    @Test func unknownTypesNameTheAcceptedOnes() {
        let result = FormSchema.standard.resourceType(matching: "Tutoring")
        #expect(result == .failure(UnreadableValue(
            "is not one of the resource types: Placement, Expert assessment, Mentoring, Drug or alcohol testing, School transport, Housing costs, NRPF support, Equipment, Respite/short breaks, Family support or Other")))
    }

    @Test func twoTypesAtOnceAreRefused() {
        let result = FormSchema.standard.resourceType(matching: "Transport to placement")
        #expect(result == .failure(UnreadableValue(
            "matches more than one resource type (Placement and School transport): give one request per resource")))
    }
}
