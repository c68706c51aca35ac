import Foundation
import Testing
@testable import PanelCore

@Suite("Word forms")
struct DocxTextTests {
    static let parser = FormParser()

    @Test func tableForm() throws {
        let lines = try DocxText.lines(fromDocx: FormFixture.bytes("table-form"))
        #expect(lines == [
            "Access to Resources Panel: request form",
            "Please complete every section. Forms without the required details will be returned.",
            "",
            "Field: Details",
            "Child's name: Ava Thompson",
            "Case ID: 7730215",
            "Locality: Forest of Dean",
            "Team: Forest of Dean Safeguarding 2",
            "Social worker (name and email): Priya Natarajan",
            "priya.natarajan@council.test",
            "Team manager: Sam Patel, sam.patel@council.test",
            "Resource type: Placement",
            "Placement type: IFA",
            "Provider: Severn Fostering Ltd & Partners",
            "Weekly cost: £1,150",
            "Start date: Monday 14 September 2026",
            "End date or duration: 12 weeks",
            "Reason for request: Ava's kinship carers can no longer care for her.",
            "No in-house foster carer with a vacancy could take a child with her needs.",
            "IRO:",
            "Legal status or PLO stage: Section 20",
            "Other funding: Health: none; Education: £50 per week towards transport",
            "",
            "Signed by the team manager on 9 September 2026.",
        ])
        let form = try #require(Self.parser.parse(docx: FormFixture.bytes("table-form"), sender: testSender).forms.first)
        #expect(form.problems == [])
        #expect(form.person(.socialWorker) == FormPerson(name: "Priya Natarajan", email: "priya.natarajan@council.test"))
        #expect(form.cost == Cost(pence: 115_000, frequency: .perWeek))
        #expect(form.totalPence == 1_380_000)
        #expect(form.text(.provider) == "Severn Fostering Ltd & Partners")
        #expect(form.value(.iro) == nil) // the unfilled content control's placeholder is not a value
        #expect(form.text(.otherFunding) == "Health: none; Education: £50 per week towards transport")
    }

    @Test func paragraphForm() throws {
        let text = try DocxText.text(fromDocx: FormFixture.bytes("paragraph-form"))
        #expect(text.hasPrefix("Panel request\nChild's name: Leo <K> Martin\nCase number: 6640178\nLocality:\tCheltenham\n"))
        #expect(text.contains("Reason:\nLeo moved to a placement 14 miles from his school.\nThe carer cannot drive"))
        let form = try #require(Self.parser.parse(docx: FormFixture.bytes("paragraph-form"), sender: testSender).forms.first)
        #expect(form.problems == [])
        #expect(form.childName == "Leo <K> Martin")
        #expect(form.text(.locality) == "Cheltenham")
        #expect(form.cost == Cost(pence: 3_850, frequency: .perDay))
        // 7 September to 18 December 2026 is 103 days.
        #expect(form.totalPence == 396_550)
        #expect(form.text(.reason) == """
        Leo moved to a placement 14 miles from his school.
        The carer cannot drive and there is no bus that arrives before 9am.
        He is in Year 10 and his GCSEs start in May.
        """)
        #expect(form.text(.alternativesConsidered) == "bus pass (no route); the carer's partner (works nights).")
    }

    @Test func formFieldsInATableWithNarrative() throws {
        let form = try #require(Self.parser.parse(docx: FormFixture.bytes("mixed-form"), sender: testSender).forms.first)
        #expect(form.problems == [])
        #expect(form.childName == "Hughes family (Mia and Noah)")
        #expect(form.resourceType?.name == "Expert assessment")
        #expect(form.cost == Cost(pence: 345_000, frequency: .oneOff))
        #expect(form.startDate == CalendarDay(year: 2026, month: 9, day: 21))
        #expect(form.text(.legalStatus) == "PLO pre-proceedings")
        // The narrative after the table is not part of the reason.
        #expect(form.text(.reason) == "Mother has a learning disability; a PAMs assessment is the recognised tool.")
    }

    /// `stalled-deflate` makes ZIPFoundation's own `Archive.extract` spin for ever.
    @Test(.timeLimit(.minutes(1)), arguments: [
        ("bomb", DocxError.Reason.tooLarge),
        ("bomb-lying", .tooLarge),
        ("endless-deflate", .damaged),
        ("stalled-deflate", .damaged),
        ("no-document", .noDocument),
    ])
    func damagedArchivesAreRefused(name: String, reason: DocxError.Reason) throws {
        let bytes = try FormFixture.bytes(name)
        #expect(throws: DocxError.self) { try DocxText.lines(fromDocx: bytes) }
        do {
            _ = try DocxText.lines(fromDocx: bytes)
        } catch {
            #expect(error.reason == reason)
            #expect(!error.description.isEmpty)
        }
    }

    @Test func errorsSayWhatWasWrongAndWhatToDo() throws {
        let bomb = try FormFixture.bytes("bomb")
        #expect(throws: DocxError(.tooLarge, "more than 20 MB decompressed")) { try DocxText.lines(fromDocx: bomb) }
        #expect(DocxError(.tooLarge, "more than 20 MB decompressed").description ==
            "The Word document is too large to read (more than 20 MB decompressed). Remove pictures or other large content from the form, or paste the form into the email.")
        #expect(DocxError(.noDocument).description ==
            "The attachment is a zip file but not a Word document: it has no word/document.xml. Save the form again from Word as a .docx file, or paste the form into the email.")
        #expect(throws: DocxError(.damaged, "the compressed document is cut short")) {
            try DocxText.lines(fromDocx: FormFixture.bytes("stalled-deflate"))
        }
    }

    @Test func notAZipOrAnOldWordFile() {
        #expect(reason(Array("Child's name: A".utf8)) == .notAZipArchive)
        #expect(reason([]) == .notAZipArchive)
        #expect(reason([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 600)) == .oldWordFormatOrEncrypted)
        #expect(DocxError(.oldWordFormatOrEncrypted).description.contains("Save it as a .docx file"))
    }

    @Test func everyTruncationIsAnErrorNotACrash() throws {
        let bytes = try FormFixture.bytes("table-form")
        var step = 1
        var cut = 0
        while cut < bytes.count {
            let r = reason(Array(bytes[..<cut]))
            #expect(r != nil, "cut at \(cut)")
            cut += step
            step = cut < 64 ? 1 : 97
        }
    }

    @Test func corruptBytesAreAnErrorNotACrash() throws {
        let bytes = try FormFixture.bytes("paragraph-form")
        var generator = FormsRandom(seed: 42)
        for _ in 0..<300 {
            var copy = bytes
            for _ in 0..<4 {
                let i = Int(generator.next() % UInt64(copy.count))
                copy[i] ^= UInt8(truncatingIfNeeded: generator.next() | 1)
            }
            // Either it reads (the damage was in a part we skip) or it says why not.
            do { _ = try DocxText.lines(fromDocx: copy) } catch { #expect(!error.description.isEmpty) }
        }
    }

    @Test func aLowerLimitIsHonoured() throws {
        #expect(throws: DocxError.self) { try DocxText.lines(fromDocx: FormFixture.bytes("table-form"), limit: 1_000) }
    }

    func reason(_ bytes: [UInt8]) -> DocxError.Reason? {
        do {
            _ = try DocxText.lines(fromDocx: bytes)
            return nil
        } catch {
            return error.reason
        }
    }
}

/// A small deterministic generator (SplitMix64) for the corruption test.
struct FormsRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
