import Foundation
import Testing
@testable import PanelCore

/// What a fixture must parse to. Each is checked as stored and with flipped line ends.
struct FixtureExpectation: Sendable, CustomTestStringConvertible {
    struct Attachment: Sendable {
        var name: String
        var contentType: String
        var size: Int?
        var sha256: String?
        var partPath: String
        var isInline = false
    }

    var fixture: String
    var subject: String
    var from: String?
    var fromName: String?
    var messageID: String?
    var date: TimeInterval?
    var inReplyTo: [String] = []
    var references: [String] = []
    var text: [String] = []
    var notInText: [String] = []
    var attachments: [Attachment] = []
    var automatic: AutomaticMailReason?
    var defects: [MIMEDefect.Kind] = []
    var partTypes: [String]?

    var testDescription: String { fixture }
}

enum Hash {
    static let docx = "f07fded222eb4ff7c84aa18dc81e540f5b58009d639b3916e66e4699ae15c85a"
    static let png = "62d7693d527ce6e5cf4a4f54478b889fe3e01a144d09a0a0482ca512d4225b3a"
    static let pdf = "c9dfc4a6df02817a3779b63bb88370cf95d32fcc46f51fb84a1c5af39511721c"
    static let p7s = "9b854f0a59eabeac0b0ecaee1f5cd7ab3bfbc93e9b33e2a89ac338b237f300f2"
}

let fixtureExpectations: [FixtureExpectation] = [
    FixtureExpectation(
        fixture: "outlook-html-only",
        subject: "URGENT - stair gate and fireguard for the H family",
        from: "Alex.Morgan@council.test", fromName: "Morgan, Alex",
        messageID: "AM9PR03MB71692C4E8F0D3A1B2C3D4E5F6A7B8C9D0@AM9PR03MB7169.eurprd03.prod.outlook.com",
        date: 1_788_774_076,
        text: [
            "Hi Panel,\n\nPlease could I request a stair gate",
            "The total is £200 from the supplier’s website",
            "Item | Cost\nStair gate | £45.00\nFireguard | £155.00",
            "the stairs & the fire is in use.",
            "Kind regards,\n\nAlex Morgan | Social Worker | Forest of Dean Locality\nChildren’s Social Care",
        ],
        notInText: ["font-family", "MsoNormal", "shapedefaults", "&nbsp;", "<", "=A3", "\r"],
        partTypes: ["text/html"]),
    FixtureExpectation(
        fixture: "outlook-alternative",
        subject: "Panel request: PAMs assessment - Cheltenham",
        from: "Jordan.Ellis@council.test", fromName: "Jordan Ellis",
        messageID: "DB9PR03MB73451F2E3D4C5B6A79880716253443@DB9PR03MB7345.eurprd03.prod.outlook.com",
        date: 1_788_876_163,
        text: ["•         Cost: £3,450 (quote attached to the case record)", "ahead of the IRH on 2 October.", "Senior Social Worker | Cheltenham Locality"],
        notInText: ["=\n", "=95", "MsoListParagraph"],
        partTypes: ["multipart/alternative", "text/plain", "text/html"]),
    FixtureExpectation(
        fixture: "outlook-docx-inline-image",
        subject: "Mentoring request - RB",
        from: "Casey.Nguyen@council.test", fromName: "Casey Nguyen",
        messageID: "AM9PR03MB7169A1B2C3D4E5F60718293A4B5C6D7E@AM9PR03MB7169.eurprd03.prod.outlook.com",
        date: 1_788_949_205,
        text: ["Please find attached the panel form for mentoring for RB.", "Family Support Worker"],
        attachments: [
            .init(name: "image001.png", contentType: "image/png", size: 66, sha256: Hash.png, partPath: "1.2", isInline: true),
            .init(name: "Panel request form - RB.docx", contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", size: 1006, sha256: Hash.docx, partPath: "2"),
        ],
        partTypes: ["multipart/mixed", "multipart/related", "multipart/alternative", "text/plain", "text/html", "image/png", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"]),
    FixtureExpectation(
        fixture: "gmail-reply",
        subject: "Re: Mentoring for young person [ARP-2026-00042]",
        from: "robin.hale.sw@example.com", fromName: "Robin Hale",
        messageID: "CAEx4mpLeReplyBody+Q_xyz123=abc@mail.gmail.com",
        date: 1_788_773_460,
        inReplyTo: ["ack.k2c4m6p8@council.test"],
        references: ["ack.k2c4m6p8@council.test", "CAEx4mpLe0riginalRequest=a1b2c3@mail.gmail.com"],
        text: ["The mentor can start on Monday 14\nSeptember if approved", "On Mon, 7 Sep 2026 at 10:12, Resource Panel <resource.panel@council.test> wrote:", "> Your request has been received and given the reference ARP-2026-00042."],
        notInText: ["gmail_quote", "<div"]),
    FixtureExpectation(
        fixture: "apple-mail",
        subject: "Respite care request - October half term",
        from: "daniele.roux@council.test", fromName: "Danièle Roux",
        messageID: "8F3C2A1B-4D5E-4F60-A7B8-C9D0E1F2A3B4@council.test",
        date: 1_789_023_933,
        text: ["I’m applying for respite care for Chloé (case ref 6610042)", "£285 per night, £1,425 in total.", "Thank you,\nDanièle Roux"],
        notInText: ["=C3", "=E2"]),
    FixtureExpectation(
        fixture: "iphone-flowed",
        subject: "Re: School transport - urgent",
        from: "taylor.brooks@council.test", fromName: "Taylor Brooks",
        messageID: "1A2B3C4D-5E6F-4708-9A1B-2C3D4E5F6A7B@council.test",
        date: 1_789_109_299,
        inReplyTo: ["ack.t9r8e7w6@council.test"], references: ["ack.t9r8e7w6@council.test"],
        text: [
            "The foster carer cannot do the school run as she has three other children at two different schools and the distance is 14 miles each way.",
            "Sent from my iPhone",
            "> On 10 Sep 2026, at 17:02, Resource Panel <resource.panel@council.test> wrote:\n>\n> Please confirm the start date.",
        ],
        notInText: ["school  run", "school \nrun"]),
    FixtureExpectation(
        fixture: "forwarded-rfc822",
        subject: "Fwd: PAMs assessment quote",
        from: "sam.patel@council.test", fromName: "Sam Patel",
        messageID: "5f0c9a8e-1b2d-4c3e-8f4a-6b7c8d9e0f1a@council.test",
        date: 1_789_114_502,
        text: ["Forwarding the provider's quote for the K family request, as discussed.\n\nSam"],
        notInText: ["GBP 3,450"],
        attachments: [.init(name: "Quote 0917.pdf", contentType: "application/pdf", size: 463, sha256: Hash.pdf, partPath: "2.2")],
        partTypes: ["multipart/mixed", "text/plain", "message/rfc822", "multipart/mixed", "text/plain", "application/pdf"]),
    FixtureExpectation(
        fixture: "iso-8859-1",
        subject: "Transport costs £150 for Zoë",
        from: "renee.francois@council.test", fromName: "Renée François",
        messageID: "20260914120144.GA2231@ws-0447.council.test",
        date: 1_789_387_304,
        text: ["transport costs of £150 per week for Zoë to attend her\ncafé work placement", "Renée"],
        notInText: ["\u{FFFD}"]),
    FixtureExpectation(
        fixture: "iso-8859-15",
        subject: "Cross-border placement €450 per week",
        from: "lee.ward@council.test", fromName: "Lee Ward",
        messageID: "87h6k2m1q9.fsf@ws-0512.council.test",
        date: 1_789_396_200,
        text: ["quoted €450 per week, about £385. The provider, Œuvre Sociale", "Contact: Šime Žagar."],
        notInText: ["¤", "\u{FFFD}"]),
    FixtureExpectation(
        fixture: "rfc2047-names",
        subject: "Demande urgente – séjour résidentiel pour Noémie 🏠",
        from: "Zoe.OSean@council.test", fromName: "Zoë Ó Seán",
        messageID: "rfc2047-test-1@council.test",
        date: 1_789_459_200,
        text: ["Bonjour, demande de séjour résidentiel jointe."]),
    FixtureExpectation(
        fixture: "thunderbird-rfc2231",
        subject: "Evaluation parentale - resume des couts",
        from: "amelie.laurent@council.test", fromName: "Amélie Laurent",
        messageID: "a7c1e2f3-9b8d-4e6f-a0b1-c2d3e4f5a6b7@council.test",
        date: 1_789_556_400,
        text: [
            "demandée par le tribunal. Le montant total est de 3 450 £.",
            "\n>From the provider: the report takes six weeks.",
        ],
        attachments: [.init(name: "Évaluation parentale – résumé des coûts pour le panel de ressources 2026.pdf", contentType: "application/pdf", size: 463, sha256: Hash.pdf, partPath: "2")]),
    FixtureExpectation(
        fixture: "ooo-vacation",
        subject: "Auto: Your request ARP-2026-00043 has been received",
        from: "chris.doyle@example.org", messageID: "dovecot-sieve-1788772385-220211-0@mail.example.org",
        inReplyTo: ["ack.q1w2e3r4@council.test"], references: ["ack.q1w2e3r4@council.test"],
        text: ["I am out of the office until Monday 14 September"],
        automatic: .autoSubmitted("auto-replied")),
    FixtureExpectation(
        fixture: "exchange-ooo",
        subject: "Automatic reply: Your request ARP-2026-00044 has been received",
        from: "Jamie.Fox@council.test", messageID: "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d@AM9PR03MB7169.eurprd03.prod.outlook.com",
        inReplyTo: ["ack.z9y8x7w6@council.test"], references: ["ack.z9y8x7w6@council.test"],
        text: ["I am on annual leave until 21 September. For urgent requests please contact the duty manager."],
        automatic: .autoSubmitted("auto-generated")),
    FixtureExpectation(
        fixture: "mailing-list",
        subject: "[Practice Forum] Updated guidance on NRPF support",
        from: "morgan.lee@council.test", messageID: "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e@council.test",
        text: ["The updated NRPF guidance is now on the intranet."],
        automatic: .listHeader("List-Id")),
    FixtureExpectation(
        fixture: "postfix-dsn",
        subject: "Undelivered Mail Returned to Sender",
        from: "MAILER-DAEMON@mail.council.test", fromName: "Mail Delivery System",
        messageID: "20260907091209.4F2A1C0124@mail.council.test",
        date: 1_788_772_329,
        text: ["This is the mail system at host mail.council.test."],
        notInText: ["Reporting-MTA", "X-Postfix-Queue-ID"],
        automatic: .nullSender,
        partTypes: ["multipart/report", "text/plain", "message/delivery-status", "text/rfc822-headers"]),
    FixtureExpectation(
        fixture: "exchange-ndr",
        subject: "Undeliverable: Your request ARP-2026-00045 has been received",
        from: "postmaster@council.test", fromName: "Microsoft Outlook",
        messageID: "6a1c7e2f-0b4d-4a9e-8c3f-1d2e3f4a5b6c@AM9PR03MB7169.eurprd03.prod.outlook.com",
        inReplyTo: ["20260907094500.k7f3q2@council.test"], references: ["20260907094500.k7f3q2@council.test"],
        text: ["Your message to former.worker@council.test couldn't be delivered."],
        notInText: ["Your request has been received and given the reference"],
        automatic: .autoSubmitted("auto-replied"),
        partTypes: ["multipart/report", "multipart/alternative", "text/plain", "text/html", "message/delivery-status", "message/rfc822", "text/plain"]),
    FixtureExpectation(
        fixture: "exim-bounce",
        subject: "Mail delivery failed: returning message to sender",
        from: "Mailer-Daemon@mx.example.org", fromName: "Mail Delivery System",
        messageID: "E1uXyZa-000AbC-2D@mx.example.org", references: ["ack-42@council.test"],
        text: ["The following address(es) failed:"],
        automatic: .nullSender),
    FixtureExpectation(
        fixture: "truncated-multipart",
        subject: "Quote attached", from: "alex.morgan@council.test", messageID: "truncated-1@council.test",
        text: ["The quote is attached."],
        attachments: [.init(name: "quote.pdf", contentType: "application/pdf", size: 171, partPath: "2")],
        defects: [.missingCloseDelimiter]),
    FixtureExpectation(
        fixture: "missing-boundary",
        subject: "Request with a broken gateway", from: "legacy.user@council.test", fromName: "Old Client",
        messageID: "missing-boundary-1@council.test",
        text: ["Please fund a laptop for college, £349."],
        notInText: ["Laptop 349", "NextPart"],
        attachments: [.init(name: "prices.txt", contentType: "text/plain", partPath: "2")],
        defects: [.missingBoundary, .guessedBoundary]),
    FixtureExpectation(
        fixture: "bad-base64",
        subject: "Mentoring sessions", from: "pat.quinn@council.test", messageID: "bad-base64-1@council.test",
        text: ["Please approve the mentoring sessions."],
        attachments: [.init(name: "data.bin", contentType: "application/octet-stream", size: 13, sha256: SHA256Hex.of(Array(0...12) as [UInt8]), partPath: "2")]),
    FixtureExpectation(
        fixture: "header-without-colon",
        subject: "Equipment request for the W family", from: "sam.patel@council.test", messageID: "no-colon-1@council.test",
        text: ["A cot and a high chair, about 120 pounds."],
        defects: [.headerLineWithoutColon]),
    FixtureExpectation(
        fixture: "eight-bit-headers",
        subject: "Café placement £200", from: "renee.francois@council.test", fromName: "Renée François",
        messageID: "eight-bit-1@council.test",
        text: ["Body in Latin-1: £200 for the café."]),
    FixtureExpectation(
        fixture: "no-body",
        subject: "(no body) call me about the H family", from: "jo.bloggs@council.test", messageID: "no-body-1@council.test",
        text: []),
    FixtureExpectation(
        fixture: "no-separator",
        subject: "Driving lessons", from: "pat.quinn@council.test",
        text: ["Hello panel, this body follows the headers with no blank line.\nSecond line of the body."],
        defects: [.missingHeaderBodySeparator]),
    FixtureExpectation(
        fixture: "smime-signed",
        subject: "Signed: equipment request", from: "Jordan.Ellis@council.test", messageID: "signed-1@council.test",
        text: ["Signed request: a washing machine for the W family, 279 pounds."],
        attachments: [.init(name: "smime.p7s", contentType: "application/x-pkcs7-signature", size: 300, sha256: Hash.p7s, partPath: "2")]),
]

@Suite("MIME fixtures")
struct MIMEFixtureTests {
    @Test(arguments: fixtureExpectations, LineEndings.allCases)
    func fixtureParses(_ e: FixtureExpectation, _ endings: LineEndings) throws {
        let m = try Fixture.message(e.fixture, endings)
        #expect(m.subject == e.subject)
        if let from = e.from {
            #expect(m.from.first?.address == from)
        }
        if let name = e.fromName {
            #expect(m.from.first?.name == name)
        }
        #expect(m.messageID == e.messageID)
        if let date = e.date {
            #expect(m.date?.timeIntervalSince1970 == date)
        }
        #expect(m.inReplyTo == e.inReplyTo)
        #expect(m.references == e.references)

        let text = m.textBody()
        #expect(!text.contains("\r"))
        for fragment in e.text {
            #expect(text.contains(fragment), "text lacks \(fragment.debugDescription)\n---\n\(text)")
        }
        for fragment in e.notInText {
            #expect(!text.contains(fragment), "text holds \(fragment.debugDescription)")
        }
        if e.text.isEmpty { #expect(text.isEmpty) }

        let attachments = m.attachments()
        #expect(attachments.count == e.attachments.count)
        for (got, want) in zip(attachments, e.attachments) {
            #expect(got.name == want.name)
            #expect(got.contentType == want.contentType)
            #expect(got.partPath == want.partPath)
            #expect(got.isInline == want.isInline)
            if let size = want.size { #expect(got.size == size) }
            if let sha = want.sha256 { #expect(got.sha256 == sha) }
            // The streamed digest matches the materialised bytes.
            let part = try #require(m.root.part(at: got.partPath))
            let bytes = m.decodedBody(of: part)
            #expect(bytes.count == got.size)
            #expect(SHA256Hex.of(bytes) == got.sha256)
        }

        #expect(AutomaticMail.classify(m, envelopeSender: nil) == e.automatic)
        #expect(m.defects.map(\.kind) == e.defects)
        if let types = e.partTypes {
            #expect(m.root.allParts.map(\.contentType.mimeType) == types)
        }
    }

    @Test(arguments: [
        ("deeply-nested", MIMEError.Kind.tooDeep),
        ("nul-in-headers", MIMEError.Kind.binaryHeader),
    ], LineEndings.allCases)
    func unreadableFixturesThrowPreciseErrors(_ c: (fixture: String, kind: MIMEError.Kind), _ endings: LineEndings) throws {
        let raw = endings.apply(try Fixture.bytes(c.fixture))
        let kind = c.kind
        #expect {
            try MIMEParser().parse(raw)
        } throws: { error in
            guard let error = error as? MIMEError else { return false }
            return error.kind == kind && error.offset != nil && error.partPath != nil
        }
    }

    @Test func deepNestingErrorNamesThePartAndTheLimit() throws {
        let raw = try Fixture.bytes("deeply-nested")
        do {
            _ = try MIMEParser().parse(raw)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .tooDeep)
            #expect(error.partPath == Array(repeating: "1", count: 33).joined(separator: "."))
            #expect(error.description.contains("32"))
            #expect(error.description.contains("MIMELimits.maxDepth"))
            #expect(!error.description.contains("deep\n"))
        }
    }

    @Test func nulErrorPointsAtTheByte() throws {
        let raw = try Fixture.bytes("nul-in-headers")
        do {
            _ = try MIMEParser().parse(raw)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .binaryHeader)
            #expect(error.offset == 33)
            #expect(raw[33] == 0)
            #expect(error.description.contains("byte 33"))
        }
    }

    @Test func rfc2047NamesAndGroupsInAddressFields() throws {
        let m = try Fixture.message("rfc2047-names")
        #expect(m.to.map(\.address) == ["jo.bloggs@council.test", "f.muller@council.test", "duty.manager@council.test", "resource.panel@council.test"])
        #expect(m.to.map(\.name) == ["Bloggs, Jo", "Françoise Müller", "Duty Manager", nil])
        #expect(m.cc.isEmpty)
        #expect(m.sender.first?.name == "Business Support (Locality Admin)")
        #expect(m.replyTo.first?.name == "Noémie's team")
        #expect(m.replyTo.first?.address == "team.east@council.test")
        #expect(m.from.first?.domain == "council.test")
    }

    @Test func forwardedMessageIsAChildMessage() throws {
        let m = try Fixture.message("forwarded-rfc822")
        let container = try #require(m.root.part(at: "2"))
        #expect(container.contentType.is("message/rfc822"))
        #expect(container.filename == "PAMs assessment quote.eml")
        let inner = try #require(container.encapsulatedMessage)
        #expect(inner.subject == "PAMs assessment quote")
        #expect(inner.messageID == "quote-2026-0917@assessments.example.net")
        #expect(inner.from.first?.address == "bookings@assessments.example.net")
        #expect(inner.textBody().contains("GBP 3,450"))
        #expect(inner.attachments().map(\.partPath) == ["2.2"])
    }

    @Test func inlineImageIsFoundByContentID() throws {
        let m = try Fixture.message("outlook-docx-inline-image")
        let image = try #require(m.attachments().first)
        #expect(image.contentID == "image001.png@01DB0A1B.2C3D4E50")
        let docx = try #require(m.root.part(at: "2"))
        let bytes = m.decodedBody(of: docx)
        #expect(Array(bytes.prefix(4)) == [0x50, 0x4B, 0x03, 0x04]) // a ZIP, as .docx files are
    }

    @Test func headerAccessIsCaseInsensitiveAndOrdered() throws {
        let m = try Fixture.message("outlook-html-only")
        #expect(m.headers["thread-topic"] == "URGENT - stair gate and fireguard for the H family")
        #expect(m.headers.all("received").count == 2)
        #expect(m.headers.first("X-MS-HAS-ATTACH") == "")
        #expect(m.headers.field("Received")?.rawValue.contains("\r\n ") == true || m.headers.field("Received")?.rawValue.contains("\n ") == true)
        #expect(m.headers.unfolded("Received")?.contains("\n") == false)
        #expect(m.headers.fields.first?.name == "Received")
        #expect(m.headers.fields.last?.name == "MIME-Version")
    }

    @Test func eightBitHeaderBytesAreReadAsUTF8OrWindows1252() throws {
        let m = try Fixture.message("eight-bit-headers")
        #expect(m.to.first?.name == "Zoë Adams")
        #expect(!m.subject.contains("\u{FFFD}"))
    }

    @Test func truncatedAttachmentKeepsWhatArrived() throws {
        let m = try Fixture.message("truncated-multipart")
        let part = try #require(m.root.part(at: "2"))
        let bytes = m.decodedBody(of: part)
        #expect(Array(bytes.prefix(8)) == Array("%PDF-1.4".utf8))
    }
}
