import Testing
@testable import PanelCore

@Suite("Form text: blocks and values")
struct FormTextReaderTests {
    static let parser = FormParser()

    static func forms(_ text: String, sender: FormPerson? = testSender) -> [RequestForm] {
        parser.parse(text: text, sender: sender).forms
    }

    static func entries(_ text: String) -> [[String]] {
        forms(text).map { $0.entries.map { "\($0.key.rawValue)=\($0.value)" } }
    }

    @Test func noLabelsIsNotARequest() {
        #expect(Self.parser.parse(text: "Hi,\n\nCan we talk about Ava?\n\nThanks", sender: testSender) == .notARequest)
        #expect(Self.parser.parse(text: "", sender: testSender) == .notARequest)
        // Bare labels alone do not make a request.
        #expect(Self.parser.parse(text: "Reason\nCost\n", sender: testSender) == .notARequest)
        // A form only in the quoted message is not this email's request.
        #expect(Self.parser.parse(text: "Thanks!\n\n> Case ID: 1\n> Cost: £5", sender: testSender) == .notARequest)
    }

    @Test func aLabelAloneTakesTheLinesBelow() {
        #expect(Self.entries("Case ID:\n\n123\n\nReason:\nFirst paragraph.\n\nSecond paragraph.\n\nCost: £5") ==
            [["caseID=123", "reason=First paragraph.\n\nSecond paragraph.", "cost=£5"]])
    }

    @Test func aValueOnTheLabelLineEndsAtABlankLine() {
        #expect(Self.entries("Reason: one\ntwo\n\nNarrative that follows.\nCase ID: 1") ==
            [["reason=one\ntwo", "caseID=1"]])
    }

    @Test func aBulletedLineEndsAOneLineValue() {
        #expect(Self.entries("• Cost: £3,450 (quote)\n• Joint letter of instruction: yes\nCase ID: 1") ==
            [["cost=£3,450 (quote)", "caseID=1"]])
        // …but a reason may hold a list.
        #expect(Self.entries("Reason:\n- mum unwell\n- dad works nights\nCase ID: 1") ==
            [["reason=- mum unwell\n- dad works nights", "caseID=1"]])
    }

    @Test func aSignOffEndsTheFormAndTheSignatureIsIgnored() {
        let text = "Case ID: 1\nCost: £5\n\nKind regards\n\nHannah Moss\nSocial Worker | Cheltenham\nTel: 01452"
        #expect(Self.entries(text) == [["caseID=1", "cost=£5"]])
        #expect(Self.entries("Case ID: 1\nBest,\nJo\nSocial worker | Team 2") == [["caseID=1"]])
        #expect(Self.entries("Reason: best interests\nCase ID: 1") == [["reason=best interests", "caseID=1"]])
        // A greeting before the form is not a sign-off.
        #expect(Self.entries("Thanks for your help earlier.\n\nCase ID: 1\nCost: £5") == [["caseID=1", "cost=£5"]])
    }

    @Test func bareLabelsCountInAForm() {
        // An HTML table's empty value cell leaves the label alone on its line.
        #expect(Self.entries("Case ID | 1\nProvider\nCost | £5") == [["caseID=1", "provider=", "cost=£5"]])
    }

    @Test func aRepeatedChildStartsANewBlock() {
        let text = "Child's name: A\nCase ID: 1\nCost: £5\nChild's name: B\nCase ID: 2\nCost: £6"
        #expect(Self.entries(text) == [["childName=A", "caseID=1", "cost=£5"], ["childName=B", "caseID=2", "cost=£6"]])
    }

    @Test func aRepeatedCaseIDWithTheSameValueStaysInTheBlock() {
        #expect(Self.entries("Child's name | A | Case ID | 1\nLCS ID | 1\nCost | £5") ==
            [["childName=A", "caseID=1", "caseID=1", "cost=£5"]])
        // …unless the request's own details came before it (a second request, same case).
        #expect(Self.entries("Case ID: 1\nCost: £5\nCase ID: 1\nCost: £6").count == 2)
    }

    @Test func separatorsSplitBlocksOnceABlockHasStarted() {
        let text = "---\nLocality: Stroud\n---\nChild's name: A\nCost: £5\n---\nChild's name: B\nCost: £6\n---"
        #expect(Self.entries(text) == [["locality=Stroud", "childName=A", "cost=£5"], ["childName=B", "cost=£6"]])
    }

    @Test func workerDetailsAreSharedBothWays() {
        let text = "Child's name: A\nCost: £5\n\nChild's name: B\nCost: £6\nTeam: Stroud CiC\nLocality: Stroud"
        let forms = Self.forms(text)
        #expect(forms.count == 2)
        #expect(forms[0].text(.team) == "Stroud CiC")
        #expect(forms[0].sharedEntries.map(\.key) == [.locality, .team])
        #expect(forms[1].sharedEntries.isEmpty)
        #expect(forms[1].text(.locality) == "Stroud")
    }

    @Test func aSecondChildNeverTakesTheFirstChildsDetails() {
        let text = "Child's name: A\nCase ID: 1\nIRO: Pat, pat@council.test\nCost: £5\nChild's name: B\nCost: £6"
        let forms = Self.forms(text)
        #expect(forms.count == 2)
        #expect(forms[1].caseID == nil)
        #expect(forms[1].person(.iro) == nil)
        #expect(forms[1].problems.map(\.message).contains("Case ID is missing"))
    }

    @Test func aSecondResourceForTheSameChildTakesTheChildsDetails() {
        let text = """
        Child's name: A
        Case ID: 1
        Resource type: Placement
        Cost: £1,000 per week
        Resource type: School transport
        Cost: £40 per day
        """
        let forms = Self.forms(text)
        #expect(forms.count == 2)
        #expect(forms[1].childName == "A")
        #expect(forms[1].caseID == "1")
        #expect(forms[1].resourceType?.name == "School transport")
        #expect(forms[1].cost == Cost(pence: 4_000, frequency: .perDay))
        #expect(forms[0].cost == Cost(pence: 100_000, frequency: .perWeek))
    }

    @Test func ambiguousLabelsAreNotReadAndTheWorkerIsAsked() {
        // Two edits from "Social worker" and two from "Social work team".
        let forms = Self.forms("Case ID: 1\nSocial work ter: Stroud\nCost: £5")
        #expect(forms.count == 1)
        #expect(forms[0].entries.map(\.key) == [.caseID, .cost])
        #expect(forms[0].problems.last?.message ==
            "\"Social work ter\" is not a label on the form, so that line was not read: did you mean Team or Social worker?")
        #expect(forms[0].problems.last?.isBlocking == false)
    }

    @Test func windowsAndOldMacLineEnds() {
        #expect(Self.entries("Case ID: 1\r\nCost: £5\r\n") == [["caseID=1", "cost=£5"]])
        #expect(Self.entries("Case ID: 1\rCost: £5\r") == [["caseID=1", "cost=£5"]])
    }
}
