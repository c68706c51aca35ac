import Testing
@testable import PanelCore

@Suite("Content-Type, Content-Disposition and RFC 2231 parameters")
struct MIMEParametersTests {
    @Test func quotedValuesWithEscapesAndComments() throws {
        let type = try #require(ContentType(headerValue: #"text/plain (body) ; charset = "utf-8" (comment); name="a \"quoted\\ name\".txt""#))
        #expect(type.mimeType == "text/plain")
        #expect(type.charset == "utf-8")
        #expect(type.name == #"a "quoted\ name".txt"#)
    }

    @Test func tolerantForms() throws {
        let missingSemicolon = try #require(ContentType(headerValue: #"multipart/mixed boundary="abc" charset=utf-8"#))
        #expect(missingSemicolon.boundary == "abc")
        #expect(missingSemicolon.charset == "utf-8")
        let unquotedSpaces = ContentDisposition(headerValue: "attachment; filename=Panel form v2.docx; size=12")
        #expect(unquotedSpaces.filename == "Panel form v2.docx")
        #expect(unquotedSpaces.parameters["size"] == "12")
        let nospace = try #require(ContentType(headerValue: "text/html;charset=windows-1252"))
        #expect(nospace.charset == "windows-1252")
        let duplicate = try #require(ContentType(headerValue: "text/plain; charset=utf-8; charset=latin1"))
        #expect(duplicate.charset == "utf-8")
        let trailing = try #require(ContentType(headerValue: "text/plain;"))
        #expect(trailing.parameters.isEmpty)
        #expect(ContentType(headerValue: "text") == nil)
        #expect(ContentType(headerValue: "/plain") == nil)
        #expect(ContentType(headerValue: "") == nil)
    }

    @Test(arguments: [
        // RFC 2231 section 4: charset and language.
        ("attachment; filename*=UTF-8''%C2%A3200%20quote.pdf", "£200 quote.pdf"),
        ("attachment; filename*=iso-8859-1'en'%A3200.pdf", "£200.pdf"),
        ("attachment; filename*=''plain.pdf", "plain.pdf"),
        // Section 3: continuations, in any order, mixing plain and encoded sections.
        ("attachment; filename*1=\"second \"; filename*0=\"first \"; filename*2=third", "first second third"),
        ("attachment; filename*0*=UTF-8''%C3%89val; filename*1*=uation%20%E2%80; filename*2*=%93.pdf", "Évaluation –.pdf"),
        ("attachment; filename*0*=UTF-8''caf%C3; filename*1*=%A9.pdf", "café.pdf"),
        ("attachment; filename*0*=utf-8''a; filename*1=\"%20b\"", "a%20b"),
        // The extended form wins over a plain fallback.
        ("attachment; filename=\"fallback.pdf\"; filename*=UTF-8''r%C3%A9el.pdf", "réel.pdf"),
        // RFC 2047 inside quotes (Outlook, Thunderbird's name=).
        ("attachment; filename=\"=?UTF-8?B?wqMyMDAucGRm?=\"", "£200.pdf"),
        ("attachment; filename==?utf-8?q?caf=C3=A9.pdf?=", "café.pdf"),
        // Raw UTF-8 (RFC 6532).
        ("attachment; filename=\"résumé.pdf\"", "résumé.pdf"),
        // Bad percent escapes are kept.
        ("attachment; filename*=UTF-8''100%ZZ.pdf", "100%ZZ.pdf"),
    ])
    func filenames(_ header: String, _ expected: String) {
        #expect(ContentDisposition(headerValue: header).filename == expected)
    }

    @Test func dispositionKinds() {
        #expect(ContentDisposition(headerValue: "ATTACHMENT").isAttachment)
        #expect(ContentDisposition(headerValue: "inline; filename=a.png").isInline)
        #expect(ContentDisposition(headerValue: "; filename=a.png").kind == "")
        #expect(ContentDisposition(headerValue: "; filename=a.png").filename == "a.png")
    }

    @Test func hugeSectionNumbersAreIgnoredSafely() {
        let d = ContentDisposition(headerValue: "attachment; filename*99999999999999999999=x; filename*5=y; filename*-1=z")
        #expect(d.filename == "y")
    }

    @Test func filenameFallsBackToContentTypeName() throws {
        let m = try parseMail("Content-Type: application/pdf; name=\"from-type.pdf\"\nContent-Disposition: attachment\n\n%PDF")
        #expect(m.root.filename == "from-type.pdf")
        #expect(m.attachments().first?.name == "from-type.pdf")
    }

    @Test(arguments: [
        ("C:\\fakepath\\form.docx", "form.docx"),
        ("../../etc/passwd", "passwd"),
        ("tab\tname.pdf", "tabname.pdf"),
        ("..", "attachment-1.pdf"),
        ("   ", "attachment-1.pdf"),
    ])
    func attachmentNamesAreSafe(_ filename: String, _ expected: String) throws {
        let type = ContentType(type: "application", subtype: "pdf")
        #expect(MIMEAttachment.safeName(filename, path: "1", type: type) == expected)
    }
}
