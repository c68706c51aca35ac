import Foundation
import Testing
@testable import PanelCore

@Suite("Form schema")
struct FormSchemaTests {
    @Test func standardRequiresWhatThePanelNeeds() {
        let required = FormSchema.standard.fields.filter(\.isRequired).map(\.key)
        #expect(required == [.childName, .caseID, .locality, .team, .socialWorker, .teamManager,
                             .resourceType, .cost, .startDate, .reason])
        let optional = Set(FormSchema.standard.fields.filter { !$0.isRequired }.map(\.key))
        #expect(optional == [.serviceManager, .iro, .provider, .endDate, .legalStatus, .placementType,
                             .alternativesConsidered, .otherFunding])
    }

    @Test func standardIsSound() {
        #expect(FormSchema.standard.configurationProblems() == [])
    }

    @Test func decisionFieldsAreTheOnesTheNextIssueNeeds() {
        let decision = Set(FormSchema.standard.fields.filter(\.affectsDecision).map(\.key))
        #expect(decision == [.resourceType, .cost, .startDate, .endDate, .provider, .placementType, .childName, .caseID])
    }

    @Test(arguments: [
        ("Case ID", FormFieldKey.caseID), ("case number", .caseID), ("LCS ID", .caseID), ("Case no.", .caseID),
        ("Child's name", .childName), ("Child’s Name", .childName), ("Child name", .childName),
        ("Family name", .childName), ("Child or family name", .childName),
        ("Social worker", .socialWorker), ("Allocated worker", .socialWorker),
        ("TM", .teamManager), ("Team manager", .teamManager),
        ("Cost", .cost), ("Amount", .cost), ("Weekly cost", .cost), ("Costs", .cost),
        ("Start date", .startDate), ("From", .startDate),
        ("End date or duration", .endDate), ("Duration", .endDate),
        ("Legal status or PLO stage", .legalStatus), ("PLO stage", .legalStatus),
        ("Social worker (name and email)", .socialWorker), ("Other funding?", .otherFunding),
    ])
    func labelsAndSynonyms(written: String, key: FormFieldKey) {
        #expect(LabelIndex(schema: .standard).exactKey(FormLine.cleanLabel(written)) == key)
    }

    @Test func configurationProblemsAreFound() {
        var schema = FormSchema.standard
        schema.fields.append(FormField(key: .cost, label: "Price", isRequired: false, kind: .money))
        schema.resourceTypes.append(ResourceType(name: "Taxis", synonyms: ["taxi"]))
        #expect(schema.configurationProblems() == [
            "The form field key \"cost\" is used twice: give each field its own key.",
            "The resource type word \"taxi\" is used by both School transport and Taxis: keep it on one type.",
        ])
        let clash = FormSchema(fields: [
            FormField(key: "a", label: "Amount", isRequired: true, kind: .money),
            FormField(key: "b", label: "Total", synonyms: ["amount"], isRequired: true, kind: .money),
            FormField(key: "c", label: " ", isRequired: false, kind: .resourceType),
        ], resourceTypes: [])
        #expect(clash.configurationProblems() == [
            "The label \"amount\" is used by both a and b: keep it on one field.",
            "The form field \"c\" has no label: give it one.",
            "The form has a resource type field but no resource types: list them under resource_types.",
        ])
    }

    /// The daemon reads the schema from YAML; the same keys in JSON show the shape.
    @Test func decodesFromConfiguration() throws {
        let json = """
        {"fields": [
            {"key": "caseID", "label": "Case ID", "synonyms": ["LCS ID"], "kind": "text", "required": true,
             "starts_block": true, "sharing": "same_child", "affects_decision": true},
            {"key": "cost", "label": "Cost", "kind": "money", "required": true},
            {"key": "endDate", "label": "End", "kind": "end_date_or_duration"},
            {"key": "socialWorker", "label": "Social worker", "kind": "person", "defaults_to_sender": true,
             "sharing": "all_blocks"},
            {"key": "resourceType", "label": "Resource type", "kind": "resource_type"}
        ],
        "resource_types": [{"name": "Placement", "synonyms": ["IFA"]}, {"name": "Other"}]}
        """
        let schema = try JSONDecoder().decode(FormSchema.self, from: Data(json.utf8))
        #expect(schema.fields.count == 5)
        #expect(schema.fields[0] == FormField(key: .caseID, label: "Case ID", synonyms: ["LCS ID"], isRequired: true,
                                              kind: .text, startsBlock: true, sharing: .sameChild, affectsDecision: true))
        #expect(schema.fields[1] == FormField(key: .cost, label: "Cost", isRequired: true, kind: .money))
        #expect(schema.fields[2].isRequired == false)
        #expect(schema.fields[3].defaultsToSender && schema.fields[3].sharing == .allBlocks)
        #expect(schema.resourceTypes == [ResourceType(name: "Placement", synonyms: ["IFA"]), ResourceType(name: "Other")])
        // Round trip.
        let again = try JSONDecoder().decode(FormSchema.self, from: JSONEncoder().encode(schema))
        #expect(again == schema)
        #expect(try JSONDecoder().decode(FormSchema.self, from: JSONEncoder().encode(FormSchema.standard)) == .standard)
    }

    @Test func aConfiguredSchemaIsUsed() {
        let schema = FormSchema(fields: [
            FormField(key: "ref", label: "Family reference", isRequired: true, kind: .text, startsBlock: true),
            FormField(key: "amount", label: "Amount", isRequired: true, kind: .money),
        ], resourceTypes: [])
        let forms = FormParser(schema: schema).parse(text: "Family reference: F-12\nAmount: £90 pw", sender: nil).forms
        #expect(forms.count == 1)
        #expect(forms[0].values == ["ref": .text("F-12"), "amount": .cost(Cost(pence: 9_000, frequency: .perWeek))])
        #expect(forms[0].isComplete)
    }
}
