import Foundation
import Testing
@testable import PanelCore

/// Where intake finds the request form: the body, a Word attachment, or nowhere.
@Suite("Finding the form in an email")
struct FormFinderTests {
    struct Part {
        var type: String
        var filename: String?
        var bytes: [UInt8]
        var inline = false
    }

    /// A multipart/mixed message with a text body and the given parts, as a client sends it.
    static func email(body: String, parts: [Part], headers: String = "") -> [UInt8] {
        var text = """
            From: Jane Smith <jane.smith@council.test>\r
            To: panel@council.test\r
            Subject: Request\r
            Message-ID: <m1@council.test>\r
            MIME-Version: 1.0\r
            \(headers)Content-Type: multipart/mixed; boundary="b1"\r
            \r
            --b1\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            \(body.replacingOccurrences(of: "\n", with: "\r\n"))\r

            """
        for part in parts {
            let disposition = part.inline ? "inline" : "attachment"
            let name = part.filename.map { "; filename=\"\($0)\"" } ?? ""
            text += "--b1\r\nContent-Type: \(part.type)\r\nContent-Disposition: \(disposition)\(name)\r\n"
            text += "Content-Transfer-Encoding: base64\r\n\r\n"
            text += Data(part.bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed]) + "\r\n"
        }
        text += "--b1--\r\n"
        return Array(text.utf8)
    }

    static func reading(_ raw: [UInt8]) throws -> FormReading {
        guard case .readable(let read) = MessageReader().read(raw) else {
            Issue.record("the test message does not parse")
            return .notARequest
        }
        return read.form
    }

    static let word = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    @Test func aWordFormIsReadAndTheBodysLinesCorrectIt() throws {
        let docx = try FormFixture.bytes("table-form")
        guard case .forms(let forms) = try Self.reading(Self.email(body: "Please see the form.", parts: [Part(type: Self.word, filename: "form.docx", bytes: docx)])) else {
            Issue.record("expected a form"); return
        }
        #expect(forms.count == 1)
        #expect(forms[0].caseID == "7730215")
        #expect(forms[0].cost?.description == "£1,150 per week")

        // A correction typed above the attached form wins over the form.
        guard case .forms(let corrected) = try Self.reading(Self.email(body: "Cost: £1,100 per week\n\nThe form is attached.", parts: [Part(type: "application/octet-stream", filename: "Form.DOCX", bytes: docx)])) else {
            Issue.record("expected a form"); return
        }
        #expect(corrected.count == 1)
        #expect(corrected[0].cost?.description == "£1,100 per week")
        #expect(corrected[0].caseID == "7730215")
    }

    @Test(arguments: [
        (Part(type: "application/msword", filename: "form.doc", bytes: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]), "old Word .doc file"),
        (Part(type: "application/pdf", filename: "form.pdf", bytes: Array("%PDF-1.4\n%%EOF\n".utf8)), "is a PDF"),
        (Part(type: word, filename: "form.docx", bytes: Array("not a zip at all".utf8)), "could not be read"),
        (Part(type: "application/rtf", filename: "form.rtf", bytes: Array("{\\rtf1}".utf8)), "an RTF document"),
    ])
    func aDocumentThatCannotBeReadIsForAPerson(part: Part, expected: String) throws {
        let reading = try Self.reading(Self.email(body: "Please see the attached form.", parts: [part]))
        guard case .unreadableDocuments(let documents) = reading else { Issue.record("expected unreadable, got \(reading)"); return }
        #expect(documents.count == 1)
        #expect(documents[0].explanation.contains(expected), "\(documents[0].explanation)")
        #expect(documents[0].explanation.contains(part.filename ?? "-"))
        #expect(!documents[0].logReason.contains(part.filename ?? "-"), "file names stay out of the log")
    }

    @Test func aWordDocumentThatIsNotTheFormIsForAPerson() throws {
        let reading = try Self.reading(Self.email(body: "Report attached.", parts: [Part(type: Self.word, filename: "letter.docx", bytes: try FormFixture.bytes("no-document"))]))
        guard case .unreadableDocuments = reading else { Issue.record("expected unreadable, got \(reading)"); return }
    }

    @Test func picturesAreNotDocumentsAndAFormInTheBodyMakesTheRestSupportingPapers() throws {
        let logo = Part(type: "image/png", filename: "image001.png", bytes: [0x89, 0x50, 0x4E, 0x47], inline: true)
        #expect(try Self.reading(Self.email(body: "Thanks!\n\nJane", parts: [logo])) == .notARequest)
        let pdf = Part(type: "application/pdf", filename: "assessment.pdf", bytes: Array("%PDF-1.4\n".utf8))
        let body = "Case ID: 1\nResource type: Mentoring\n"
        guard case .forms(let forms) = try Self.reading(Self.email(body: body, parts: [pdf, logo])) else { Issue.record("expected a form"); return }
        #expect(forms.count == 1)
    }

    @Test(arguments: [
        "Please see below from Sam.\n\nTina\n\n-----Original Message-----\nFrom: Sam Worker <sam@council.test>\nSent: 23 November 2026 10:12\nTo: Tina Manager\nSubject: Mentoring\n\nCase ID: 4471920\nResource type: Mentoring\nCost: £75 per week\n",
        "FYI\n\n---------- Forwarded message ---------\nFrom: Sam Worker <sam@council.test>\nDate: Mon, 23 Nov 2026 at 10:12\nSubject: Mentoring\nTo: <tm@council.test>\n\nCase ID: 4471920\nResource type: Mentoring\n",
        "Forwarding for Sam.\n\nOn Mon, 23 Nov 2026 at 10:12, Sam Worker <sam@council.test> wrote:\n> Case ID: 4471920\n> Resource type: Mentoring\n",
    ])
    func aForwardedRequestIsReadFromBelowTheForwardingNote(body: String) throws {
        guard case .forms(let forms) = try Self.reading(Self.email(body: body, parts: [])) else { Issue.record("expected a form"); return }
        #expect(forms.count == 1)
        #expect(forms[0].caseID == "4471920")
        #expect(forms[0].resourceType?.name == "Mentoring")
    }

    @Test func machinesSendNoForms() throws {
        let raw = Self.email(body: "Case ID: 1\nResource type: Mentoring\n", parts: [], headers: "Auto-Submitted: auto-replied\r\n")
        #expect(try Self.reading(raw) == .notARequest)
    }
}
