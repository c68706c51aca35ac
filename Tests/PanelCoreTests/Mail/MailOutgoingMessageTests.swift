import Foundation
import Testing
@testable import PanelCore

@Suite("Composing outgoing mail")
struct MailOutgoingMessageTests {
    static let panel = EmailAddress(name: "Resource Panel", localPart: "resource.panel", domain: "council.test")
    static let date = Date(timeIntervalSince1970: 1_788_772_320) // Mon, 7 Sep 2026 09:12:00 UTC

    static func message(
        subject: String = "Your request ARP-2026-00042 has been received",
        body: String = "Thank you.\n",
        to: [EmailAddress] = [EmailAddress(name: "Jo Bloggs", localPart: "jo.bloggs", domain: "council.test")],
        attachments: [OutgoingAttachment] = []
    ) -> OutgoingMessage {
        OutgoingMessage(
            from: panel, to: to, subject: subject, messageID: "k2c4m6p8@council.test", date: date,
            utcOffsetSeconds: 3600, inReplyTo: "CAEx4mpLe=abc@mail.gmail.com",
            references: ["first@x.test", "CAEx4mpLe=abc@mail.gmail.com"],
            extraHeaders: [.autoSubmittedAutoReplied, .suppressAutoResponses],
            textBody: body, attachments: attachments)
    }

    /// Every line ends in CRLF, none is over 998 octets, and header lines fit in 78 where they can.
    static func checkLines(_ bytes: [UInt8], headerLimit: Int = 78, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(bytes.suffix(2) == [13, 10], sourceLocation: sourceLocation)
        var lineStart = 0
        var inHeader = true
        for (i, b) in bytes.enumerated() {
            if b == 10 {
                #expect(i > 0 && bytes[i - 1] == 13, "bare LF at \(i)", sourceLocation: sourceLocation)
                let length = i - 1 - lineStart
                #expect(length <= 998, "line of \(length) octets", sourceLocation: sourceLocation)
                if inHeader {
                    #expect(length <= headerLimit, "header line of \(length) octets: \(String(decoding: bytes[lineStart..<(i - 1)], as: UTF8.self))", sourceLocation: sourceLocation)
                    if length == 0 { inHeader = false }
                }
                lineStart = i + 1
            } else if b == 13 {
                #expect(i + 1 < bytes.count && bytes[i + 1] == 10, "bare CR at \(i)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func rendersAPlainAcknowledgementExactly() {
        let rendered = String(decoding: Self.message().render(), as: UTF8.self)
        let expected = """
        Date: Mon, 07 Sep 2026 10:12:00 +0100\r
        From: Resource Panel <resource.panel@council.test>\r
        To: Jo Bloggs <jo.bloggs@council.test>\r
        Subject: Your request ARP-2026-00042 has been received\r
        Message-ID: <k2c4m6p8@council.test>\r
        In-Reply-To: <CAEx4mpLe=abc@mail.gmail.com>\r
        References: <first@x.test> <CAEx4mpLe=abc@mail.gmail.com>\r
        Auto-Submitted: auto-replied\r
        X-Auto-Response-Suppress: All\r
        MIME-Version: 1.0\r
        Content-Type: text/plain; charset=utf-8\r
        Content-Transfer-Encoding: 7bit\r
        \r
        Thank you.\r

        """
        #expect(rendered == expected)
    }

    @Test func nonASCIIRoundTripsThroughTheParser() throws {
        let body = """
        Dear Zoë,

        The panel approved £200 for the stair gate – and “the fireguard”. \(String(repeating: "A very long line without breaks. ", count: 12))
        From the panel.
        .
        Trailing spaces stay   
        """
        let to = [
            EmailAddress(name: "Zoë Ó Seán", localPart: "zoe", domain: "council.test"),
            EmailAddress(name: "Bloggs, Jo", localPart: "jo", domain: "council.test"),
            EmailAddress(name: nil, localPart: "duty", domain: "council.test"),
        ]
        let subject = "Décision du panel – séjour résidentiel approuvé 🏠 [ARP-2026-00042] " + String(repeating: "très long ", count: 10)
        let out = Self.message(subject: subject, body: body, to: to)
        let bytes = out.render()
        Self.checkLines(bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("Content-Transfer-Encoding: quoted-printable"))
        #expect(text.contains("=C2=A3200"))
        #expect(text.contains("=?UTF-8?"))
        #expect(bytes.allSatisfy { $0 < 0x80 })

        let m = try MIMEParser().parse(bytes)
        #expect(m.subject == subject)
        #expect(m.to.map(\.name) == ["Zoë Ó Seán", "Bloggs, Jo", nil])
        #expect(m.to.map(\.address) == ["zoe@council.test", "jo@council.test", "duty@council.test"])
        #expect(m.from.first == Self.panel)
        #expect(m.messageID == "k2c4m6p8@council.test")
        #expect(m.inReplyTo == ["CAEx4mpLe=abc@mail.gmail.com"])
        #expect(m.references == ["first@x.test", "CAEx4mpLe=abc@mail.gmail.com"])
        #expect(m.date == Self.date)
        #expect(m.textBody() == body.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(AutomaticMail.classify(m, envelopeSender: "resource.panel@council.test") == .autoSubmitted("auto-replied"))
    }

    @Test func attachmentsRoundTripByteForByte() throws {
        var rng = SplitMix64(seed: 99)
        let pdf = (0..<70_000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let docx = Array("PK\u{3}\u{4} tiny".utf8)
        let longName = "Évaluation parentale – résumé des coûts pour le panel de ressources 2026 (version finale).pdf"
        let attachments = [
            OutgoingAttachment(filename: longName, contentType: "application/pdf", bytes: pdf),
            OutgoingAttachment(filename: "Panel \"form\".docx", contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", bytes: docx),
            OutgoingAttachment(filename: "empty.txt", contentType: "not a type\r\nX-Evil: 1", bytes: []),
        ]
        let bytes = Self.message(body: "See attached: £200.\n", attachments: attachments).render()
        Self.checkLines(bytes)
        let rendered = String(decoding: bytes, as: UTF8.self)
        #expect(rendered.contains("filename*0*=UTF-8''%C3%89valuation"))
        #expect(!rendered.contains("X-Evil"))

        let m = try MIMEParser().parse(bytes)
        #expect(m.defects.isEmpty)
        #expect(m.textBody() == "See attached: £200.")
        let found = m.attachments()
        #expect(found.map(\.name) == [longName, "Panel \"form\".docx", "empty.txt"])
        #expect(found.map(\.contentType) == ["application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/octet-stream"])
        #expect(found.map(\.size) == [pdf.count, docx.count, 0])
        #expect(found.map(\.sha256) == [SHA256Hex.of(pdf), SHA256Hex.of(docx), SHA256Hex.of([UInt8]())])
        let part = try #require(m.root.part(at: found[0].partPath))
        #expect(m.decodedBody(of: part) == pdf)
        // The Content-Type name (RFC 2047, for older readers) decodes to the same name.
        #expect(part.contentType.name == longName)
        #expect(part.disposition?.isAttachment == true)
    }

    @Test func headerInjectionIsImpossible() throws {
        var out = Self.message(subject: "Hi\r\nBcc: victim@x.test\r\n\r\nInjected body")
        out.extraHeaders = [HeaderField("X-Note\r\nBcc", "a\r\nBcc: v@x.test"), HeaderField("Subject", "override"), HeaderField("", "nameless")]
        out.to = [EmailAddress(name: "Eve\r\nBcc: v@x.test", localPart: "eve", domain: "x.test")]
        let bytes = out.render()
        Self.checkLines(bytes)
        let m = try MIMEParser().parse(bytes)
        #expect(!m.headers.contains("Bcc"))
        #expect(m.headers.all("Subject").count == 1)
        #expect(m.subject == "Hi Bcc: victim@x.test  Injected body")
        #expect(m.headers["X-NoteBcc"] == "a Bcc: v@x.test")
        #expect(m.to.first?.name == "Eve Bcc: v@x.test")
    }

    @Test func longReferencesFoldAndHugeValuesStayUnder998() throws {
        var out = Self.message()
        out.references = (0..<40).map { "ref-\($0)-\(String(repeating: "x", count: 30))@council.test" } + [String(repeating: "z", count: 5000) + "@x.test"]
        out.extraHeaders = [HeaderField("X-Long-Word", String(repeating: "w", count: 3000))]
        out.subject = String(repeating: "s", count: 2500)
        let bytes = out.render()
        Self.checkLines(bytes, headerLimit: 998)
        let m = try MIMEParser().parse(bytes)
        #expect(m.references.count == 40)
        #expect(m.subject == String(repeating: "s", count: 2500))
        #expect(m.headers["X-Long-Word"] == String(repeating: "w", count: 3000))
    }

    @Test func plainASCIIWithShortLinesStays7bit() {
        let text = String(decoding: Self.message(body: "Line one\nLine two\r\nLine three").render(), as: UTF8.self)
        #expect(text.contains("Content-Transfer-Encoding: 7bit"))
        #expect(text.hasSuffix("\r\n\r\nLine one\r\nLine two\r\nLine three\r\n"))
        let long = String(decoding: Self.message(body: String(repeating: "word ", count: 20)).render(), as: UTF8.self)
        #expect(long.contains("Content-Transfer-Encoding: quoted-printable"))
    }

    @Test func randomContentAlwaysRoundTrips() throws {
        var rng = SplitMix64(seed: 20260907)
        let alphabet: [String] = ["a", "Z", " ", " ", "£", "€", "é", "–", "“", "🏠", "👩🏽‍⚕️", "中", "\t", "=", "?", "_", "\"", "\\", "(", ",", "<", "@", ".", "e\u{301}", "=?utf-8?q?x?=", "\n", "From ", "\r\n", "-- "]
        func randomText(_ maxLength: Int, newlines: Bool) -> String {
            var s = ""
            for _ in 0..<Int(rng.next() % UInt64(maxLength)) {
                let piece = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                if !newlines, piece.contains("\n") || piece.contains("\t") { continue }
                s += piece
            }
            return s
        }
        for i in 0..<150 {
            let subject = randomText(120, newlines: false)
            let name = randomText(40, newlines: false)
            let body = randomText(400, newlines: true)
            let filename = randomText(80, newlines: false) + ".pdf"
            let payload = (0..<Int(rng.next() % 300)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let out = OutgoingMessage(
                from: Self.panel, to: [EmailAddress(name: name, localPart: "to\(i)", domain: "x.test")],
                subject: subject, messageID: "id\(i)@council.test", date: Self.date, textBody: body,
                attachments: i % 3 == 0 ? [OutgoingAttachment(filename: filename, contentType: "application/pdf", bytes: payload)] : [])
            let bytes = out.render()
            Self.checkLines(bytes)
            let m = try MIMEParser().parse(bytes)
            let collapse: (String) -> String = { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ") }
            #expect(collapse(m.subject) == collapse(subject), "subject \(subject.debugDescription)")
            let expectedName = collapse(name).isEmpty ? nil : collapse(name)
            #expect(m.to.first.map { $0.name.map(collapse) } == expectedName, "name \(name.debugDescription)")
            let expectedBody = ByteScan.normalizeNewlines(body)
            #expect(m.textBody() == BodyText.trimTrailingWhitespace(expectedBody), "body \(body.debugDescription)")
            if i % 3 == 0 {
                let attachment = try #require(m.attachments().first)
                #expect(attachment.sha256 == SHA256Hex.of(payload))
                #expect(attachment.filename.map(collapse) == collapse(filename).trimmingCharacters(in: .whitespaces))
            }
        }
    }
}

@Suite("Message-IDs")
struct MailMessageIDFactoryTests {
    @Test func madeFromInjectedRandomness() {
        var a = SplitMix64(seed: 1)
        var b = SplitMix64(seed: 1)
        let first = MessageIDFactory.make(random: &a, domain: "Council.Test")
        #expect(first == MessageIDFactory.make(random: &b, domain: "council.test"))
        #expect(first != MessageIDFactory.make(random: &a, domain: "council.test"))
        #expect(first.hasSuffix("@council.test"))
        let left = first.split(separator: "@")[0]
        #expect(left.count == 26) // 128 bits in base32
        #expect(EmailAddress.isDotAtom(String(left)))
    }

    @Test func fromBytes() {
        #expect(MessageIDFactory.make(bytes: [0, 0, 0, 0, 0], domain: "x.test") == "aaaaaaaa@x.test")
        #expect(MessageIDFactory.make(bytes: [0xFF], domain: "bad domain!") == "74@baddomain")
        #expect(MessageIDFactory.make(bytes: [], domain: "...") == "0@panelmail.invalid")
        let parsed = MessageIDs.parseSingle("<\(MessageIDFactory.make(bytes: Array(0..<16), domain: "council.test"))>")
        #expect(parsed == MessageIDFactory.make(bytes: Array(0..<16), domain: "council.test"))
    }
}

@Suite("Redating a held message")
struct RenderedMessageTests {
    @Test func theDateFieldAloneChangesAndTheBodyIsUntouched() throws {
        let original = MailOutgoingMessageTests.message(body: "Date: 1 January in the body stays.\n").render()
        let nineAM = Date(timeIntervalSince1970: 1_788_854_400) // Tue, 8 Sep 2026 08:00:00 UTC (09:00 BST)
        let redated = RenderedMessage.redated(original, to: nineAM)
        let parsed = try MIMEParser().parse(redated)
        #expect(parsed.date == nineAM)
        #expect(parsed.textBody().contains("Date: 1 January in the body stays."))
        #expect(parsed.messageID == "k2c4m6p8@council.test")
        let before = String(decoding: original, as: UTF8.self).components(separatedBy: "\r\n")
        let after = String(decoding: redated, as: UTF8.self).components(separatedBy: "\r\n")
        #expect(before.count == after.count)
        #expect(zip(before, after).filter { $0 != $1 }.map(\.1) == ["Date: Tue, 08 Sep 2026 08:00:00 +0000"])
    }

    @Test func aMessageWithoutADateFieldIsLeftAlone() {
        let bytes = Array("From: a@x.test\r\nSubject: s\r\n\r\nDate: not a header\r\n".utf8)
        #expect(RenderedMessage.redated(bytes, to: Date()) == bytes)
    }
}
