import Foundation
import Testing
@testable import PanelCore

@Suite("Form record")
struct FormRecordTests {
    static let parser = FormParser()

    @Test func aStoredFormReadsBackAsTheSameForm() throws {
        let text = """
        Child's name: Jayden Webb
        Csae ID: 4471920
        Locality: Gloucester
        Tema: Gloucester CiN
        Resource type: Mentoring
        Cost: about 75
        Start date: 03/09/2026
        Reason: No positive adult
        outside the family.
        """
        let form = try #require(Self.parser.parse(text: text, sender: testSender).forms.first)
        let json = FormRecord(form).json
        let record = try #require(FormRecord(json: json))
        let restored = Self.parser.restore(record)
        #expect(restored == form)
        #expect(restored.problems.map(\.code).contains("label-corrected caseID"))
        #expect(restored.text(.reason) == form.text(.reason))
    }

    @Test func sharedEntriesOfASiblingGroupStayWithEachRequest() throws {
        let forms = Self.parser.parse(text: try FormFixture.text("sibling-group"), sender: testSender).forms
        try #require(forms.count >= 2)
        for form in forms {
            let restored = Self.parser.restore(try #require(FormRecord(json: FormRecord(form).json)))
            #expect(restored == form)
        }
    }

    @Test func aMergeIntoARestoredFormCompletesIt() throws {
        let form = try #require(Self.parser.parse(text: "Child's name: A\nResource type: Mentoring\n", sender: testSender).forms.first)
        let restored = Self.parser.restore(try #require(FormRecord(json: FormRecord(form).json)))
        let merged = Self.parser.merge(reply: "Case ID: 123\n", into: restored)
        #expect(merged.changes.map(\.field) == [.caseID])
    }

    @Test func jsonThatIsNotAFormIsRefused() {
        #expect(FormRecord(json: "{}") == nil)
        #expect(FormRecord(json: "not json") == nil)
    }

    /// The hand-written JSON reads back exactly, through Foundation's decoder, and says
    /// what `JSONEncoder` with sorted keys says.
    @Test(arguments: [
        "plain", "", "quote \" and backslash \\ and slash /", "line\nbreak\r\ttab", "control \u{01}\u{1F}\u{7F}",
        "Zoë’s café 日本 🧒🏽", "\u{2028}\u{2029}", String(repeating: "long reason ", count: 5000),
    ])
    func theJSONReadsBackExactly(text: String) throws {
        let record = FormRecord(
            entries: [.init(key: "reason", label: "Reason: \(text)", value: text, corrected: nil),
                      .init(key: "caseID", label: "Csae ID", value: "4471920", corrected: true)],
            shared: [.init(key: "team", label: "Team", value: text, corrected: false)],
            suggestions: [.init(written: text, keys: ["team", "term"])],
            senderName: text, senderEmail: nil)
        let json = record.json
        #expect(FormRecord(json: json) == record)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let foundation = try JSONSerialization.jsonObject(with: encoder.encode(record)) as? NSDictionary
        let ours = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? NSDictionary
        #expect(ours == foundation)
    }
}

