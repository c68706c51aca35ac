import Foundation
import Testing
@testable import PanelCore

/// Parses text written with "\n", as CRLF (the default) or as it is.
func parseMail(_ text: String, crlf: Bool = true, limits: MIMELimits = MIMELimits()) throws -> MIMEMessage {
    let raw = crlf ? text.replacingOccurrences(of: "\n", with: "\r\n") : text
    return try MIMEParser(limits: limits).parse(Array(raw.utf8))
}

@Suite("MIME parser: headers")
struct MIMEHeaderParsingTests {
    @Test(arguments: [true, false])
    func foldedFieldsAreUnfolded(crlf: Bool) throws {
        let m = try parseMail("""
        Subject: a long
          subject line
        \tcontinued
        X-Empty:
        X-Spaced  : value

        body
        """, crlf: crlf)
        #expect(m.subject == "a long  subject line\tcontinued")
        #expect(m.headers["x-empty"] == "")
        #expect(m.headers["X-Spaced"] == "value")
        let raw = try #require(m.headers.field("Subject")?.rawValue)
        #expect(raw.contains(crlf ? "\r\n  subject" : "\n  subject"))
        #expect(m.textBody() == "body")
    }

    @Test func obsFoldWithWhitespaceOnlyLineStaysInTheField() throws {
        let m = try parseMail("Subject: one\n \n two\nTo: a@b.test\n\nx")
        #expect(m.subject == "one  two")
        #expect(m.to.first?.address == "a@b.test")
    }

    @Test func mboxFromLineIsSkipped() throws {
        let m = try parseMail("From panel@council.test Mon Sep  7 10:12:00 2026\nFrom: Jo <jo@x.test>\nSubject: s\n\nbody")
        #expect(m.from.first?.address == "jo@x.test")
        #expect(m.headers.fields.count == 2)
        #expect(m.defects.isEmpty)
    }

    @Test func continuationBeforeAnyFieldIsADefect() throws {
        let m = try parseMail("  stray\nSubject: s\n\nbody")
        #expect(m.subject == "s")
        #expect(m.defects.map(\.kind) == [.continuationWithoutField])
    }

    @Test func bodyStartingWithoutBlankLineIsKept() throws {
        let m = try parseMail("Subject: s\nthis is body text\nmore: not a header\n")
        #expect(m.subject == "s")
        #expect(m.headers.fields.count == 1)
        #expect(m.textBody() == "this is body text\nmore: not a header")
        #expect(m.defects.first?.kind == .missingHeaderBodySeparator)
    }

    @Test func messageWithoutHeaders() throws {
        let m = try parseMail("\nJust a body.\n")
        #expect(m.headers.isEmpty)
        #expect(m.subject == "")
        #expect(m.textBody() == "Just a body.")
        #expect(m.root.contentType.mimeType == "text/plain")
    }

    @Test func headerOnlyMessageWithoutNewline() throws {
        let m = try parseMail("Subject: only", crlf: false)
        #expect(m.subject == "only")
        #expect(m.textBody() == "")
        #expect(m.root.bodyRange.isEmpty)
    }

    @Test func fieldByteRangesPointIntoTheRawMessage() throws {
        let text = "Subject: hi\r\nTo: a@b.test\r\n\r\nbody"
        let m = try MIMEParser().parse(Array(text.utf8))
        let field = try #require(m.headers.field("To"))
        #expect(String(decoding: Array(text.utf8)[field.byteRange], as: UTF8.self) == "To: a@b.test")
        #expect(String(decoding: m.root.rawBody, as: UTF8.self) == "body")
        #expect(m.rawBytes.count == text.utf8.count)
    }

    @Test func nulInANestedPartHeaderIsToleratedAsADefect() throws {
        let m = try parseMail("Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\nX-Junk: a\u{0}b\n\nhello\n--b--\n")
        #expect(m.textBody() == "hello")
        #expect(m.defects.map(\.kind) == [.nulInHeader])
        #expect(m.root.children.first?.headers["x-junk"] == "a\u{FFFD}b")
    }

    @Test(arguments: [
        ("<abc@council.test>", "abc@council.test"),
        ("  <abc@council.test> (comment)", "abc@council.test"),
        ("<abc@\n council.test>", "abc@council.test"),
        ("abc@council.test", "abc@council.test"),
        ("<>", nil),
        ("", nil),
        ("not an id", nil),
    ] as [(String, String?)])
    func messageIDs(_ value: String, _ expected: String?) throws {
        let m = try parseMail("Message-ID: \(value)\n\nx")
        #expect(m.messageID == expected)
    }

    @Test func referencesAcrossFoldsAndFields() throws {
        let m = try parseMail("""
        In-Reply-To: Your message of "Mon, 7 Sep" <a@x.test>
        References: <r1@x.test>
         <r2@x.test>   <r3@x.test>
        References: <r4@x.test>

        x
        """)
        #expect(m.inReplyTo == ["a@x.test"])
        #expect(m.references == ["r1@x.test", "r2@x.test", "r3@x.test", "r4@x.test"])
    }

    @Test func contentTypeDefaultsAndInvalidValues() throws {
        let none = try parseMail("Subject: s\n\nx")
        #expect(none.root.contentType == .textPlain)
        let invalid = try parseMail("Content-Type: garbage\n\nx")
        #expect(invalid.root.contentType.mimeType == "text/plain")
        #expect(invalid.defects.map(\.kind) == [.invalidContentType])
        let odd = try parseMail("Content-Type: TEXT/HTML ; CHARSET=\"UTF-8\"\n\n<p>x</p>")
        #expect(odd.root.contentType.mimeType == "text/html")
        #expect(odd.root.contentType.charset == "UTF-8")
        #expect(odd.textBody() == "x")
    }
}

@Suite("MIME parser: multipart")
struct MIMEMultipartTests {
    @Test(arguments: [true, false])
    func preambleEpilogueAndTransportPadding(crlf: Bool) throws {
        let m = try parseMail("""
        Content-Type: multipart/mixed; boundary="xyz"

        preamble text --xyz is not a delimiter
        --xyz  \t
        Content-Type: text/plain

        first
        --xyz

        --xyzabc
        --xyz--\t
        epilogue
        --xyz
        Content-Type: text/plain

        not a part
        """, crlf: crlf)
        #expect(m.root.children.count == 2)
        let first = try #require(m.root.children.first)
        #expect(String(decoding: first.decodedBody(), as: UTF8.self) == "first")
        let second = m.root.children[1]
        #expect(second.headers.isEmpty)
        // "--xyzabc" is not our delimiter: it is body text of the second part.
        #expect(String(decoding: second.decodedBody(), as: UTF8.self) == "--xyzabc")
        #expect(m.defects.isEmpty)
        #expect(!m.textBody().contains("epilogue"))
        #expect(!m.textBody().contains("preamble"))
    }

    @Test func emptyPartsAndDelimiterAtStart() throws {
        let m = try parseMail("Content-Type: multipart/mixed; boundary=b\n\n--b\n--b\n\n--b--")
        #expect(m.root.children.count == 2)
        #expect(m.root.children.allSatisfy { $0.bodyRange.isEmpty })
    }

    @Test func partBodiesExcludeTheLineBreakBeforeTheDelimiter() throws {
        let m = try parseMail("Content-Type: multipart/mixed; boundary=b\n\n--b\n\nline1\n\n--b--\n")
        let body = String(decoding: m.root.children[0].decodedBody(), as: UTF8.self)
        #expect(body == "line1\r\n")
    }

    @Test func nestedMultipartsWithPrefixBoundaries() throws {
        let m = try parseMail("""
        Content-Type: multipart/mixed; boundary="a"

        --a
        Content-Type: multipart/alternative; boundary="a-inner"

        --a-inner
        Content-Type: text/plain

        plain
        --a-inner
        Content-Type: text/html

        <b>html</b>
        --a-inner--
        --a
        Content-Type: application/pdf; name=x.pdf
        Content-Transfer-Encoding: base64

        JVBERi0=
        --a--
        """)
        #expect(m.root.allParts.map(\.path) == ["", "1", "1.1", "1.2", "2"])
        #expect(m.textBody() == "plain")
        #expect(m.attachments().map(\.name) == ["x.pdf"])
        #expect(m.attachments().first?.size == 5)
    }

    @Test func innerPartWithoutCloseIsEndedByTheOuterBoundary() throws {
        let m = try parseMail("""
        Content-Type: multipart/mixed; boundary="outer"

        --outer
        Content-Type: multipart/alternative; boundary="inner"

        --inner
        Content-Type: text/plain

        cut short
        --outer
        Content-Type: text/plain; name=notes.txt

        attached
        --outer--
        """)
        #expect(m.root.children.count == 2)
        #expect(m.textBody() == "cut short")
        #expect(m.defects.map(\.kind) == [.missingCloseDelimiter])
        #expect(m.defects.first?.partPath == "1")
        #expect(m.attachments().map(\.name) == ["notes.txt"])
    }

    @Test func multipartWithoutAnyDelimiterIsReadAsText() throws {
        let m = try parseMail("Content-Type: multipart/mixed; boundary=nothere\n\nJust text.\n")
        #expect(m.root.children.isEmpty)
        #expect(m.textBody() == "Just text.")
        #expect(m.defects.map(\.kind) == [.noBoundaryFound])
    }

    @Test func multipartWithoutBoundaryOrDelimiterLines() throws {
        let m = try parseMail("Content-Type: multipart/mixed\n\nPlain words only.\n")
        #expect(m.textBody() == "Plain words only.")
        #expect(m.defects.map(\.kind) == [.missingBoundary])
    }

    @Test func digestPartsDefaultToMessageRFC822() throws {
        let m = try parseMail("""
        Content-Type: multipart/digest; boundary=d

        --d

        Subject: first digest item
        From: a@x.test

        item one
        --d--
        """)
        let item = try #require(m.root.children.first)
        #expect(item.contentType.is("message/rfc822"))
        #expect(item.encapsulatedMessage?.subject == "first digest item")
        #expect(item.children.first?.path == "1.1")
    }

    @Test func encodedMessageRFC822IsDecodedAndParsed() throws {
        let inner = "Subject: inner\r\nFrom: x@y.test\r\n\r\ninner body\r\n"
        let encoded = String(decoding: Base64Codec.encode(Array(inner.utf8)), as: UTF8.self)
        let m = try parseMail("""
        Content-Type: multipart/mixed; boundary=b

        --b
        Content-Type: message/rfc822
        Content-Transfer-Encoding: base64

        \(encoded)
        --b--
        """)
        let part = try #require(m.root.part(at: "1"))
        #expect(part.encapsulatedMessage?.subject == "inner")
        #expect(part.encapsulatedMessage?.textBody() == "inner body")
        #expect(m.defects.map(\.kind) == [.encodedContainer])
    }

    @Test func imapPartNumbering() throws {
        let m = try parseMail("""
        Content-Type: multipart/mixed; boundary=o

        --o
        Content-Type: text/plain

        a
        --o
        Content-Type: message/rfc822

        Subject: single
        Content-Type: text/plain

        inner
        --o
        Content-Type: message/rfc822

        Subject: multi
        Content-Type: multipart/mixed; boundary=i

        --i
        Content-Type: text/plain

        x
        --i
        Content-Type: image/png; name=p.png

        y
        --i--
        --o--
        """)
        #expect(m.root.allParts.map(\.path) == ["", "1", "2", "2.1", "3", "3", "3.1", "3.2"])
        #expect(m.root.part(at: "3.2")?.filename == "p.png")
        #expect(m.textBody() == "a")
        let single = try MIMEParser().parse(Array("Subject: s\r\n\r\nx".utf8))
        #expect(single.root.path == "1")
    }

    @Test func alternativePrefersPlainThenRichestHTML() throws {
        let emptyPlain = try parseMail("""
        Content-Type: multipart/alternative; boundary=b

        --b
        Content-Type: text/plain

          \n
        --b
        Content-Type: text/html

        <p>From HTML</p>
        --b--
        """)
        #expect(emptyPlain.textBody() == "From HTML")
        let nested = try parseMail("""
        Content-Type: multipart/alternative; boundary=b

        --b
        Content-Type: text/enriched

        <bold>x</bold>
        --b
        Content-Type: multipart/related; boundary=r

        --r
        Content-Type: text/html

        <div>Related HTML</div>
        --r
        Content-Type: image/gif
        Content-ID: <logo>

        GIF
        --r--
        --b--
        """)
        #expect(nested.textBody() == "Related HTML")
        #expect(nested.attachments().first?.isInline == true)
    }

    @Test func mixedJoinsInlineTextPartsAndSkipsTextAttachments() throws {
        let m = try parseMail("""
        Content-Type: multipart/mixed; boundary=b

        --b
        Content-Type: text/plain

        Part one.
        --b
        Content-Type: image/jpeg
        Content-Disposition: inline; filename=photo.jpg

        JPEG
        --b
        Content-Type: text/plain

        Part two.
        --b
        Content-Type: text/plain
        Content-Disposition: attachment; filename=notes.txt

        Not the body.
        --b--
        """)
        #expect(m.textBody() == "Part one.\n\nPart two.")
        #expect(m.attachments().map(\.name) == ["photo.jpg", "notes.txt"])
        #expect(m.attachments().map(\.isInline) == [true, false])
    }

    @Test func relatedRootChosenByStartParameter() throws {
        let m = try parseMail("""
        Content-Type: multipart/related; boundary=r; start="<root@x>"

        --r
        Content-Type: text/plain
        Content-ID: <other@x>

        not the root
        --r
        Content-Type: text/plain
        Content-ID: <root@x>

        the root
        --r--
        """)
        #expect(m.textBody() == "the root")
    }

    @Test func encryptedMailHasNoText() throws {
        let m = try parseMail("""
        Content-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary=e

        --e
        Content-Type: application/pgp-encrypted

        Version: 1
        --e
        Content-Type: application/octet-stream

        -----BEGIN PGP MESSAGE-----
        --e--
        """)
        #expect(m.textBody() == "")
    }

    @Test func forwardedOnlyMessageFallsBackToTheInnerText() throws {
        let m = try parseMail("""
        Content-Type: multipart/mixed; boundary=b

        --b
        Content-Type: message/rfc822

        Subject: inner
        Content-Type: text/plain

        The forwarded request.
        --b--
        """)
        #expect(m.textBody() == "The forwarded request.")
    }

    @Test func unknownTransferEncodingPassesBytesThrough() throws {
        let m = try parseMail("Content-Transfer-Encoding: x-uuencode\n\nbegin 644 x\n")
        #expect(m.root.transferEncoding == .other("x-uuencode"))
        #expect(m.textBody() == "begin 644 x")
        #expect(m.defects.map(\.kind) == [.unknownTransferEncoding])
    }
}

@Suite("MIME parser: limits")
struct MIMELimitTests {
    @Test func emptyInputIsUnreadable() {
        #expect(throws: MIMEError.self) { try MIMEParser().parse([UInt8]()) }
        #expect((try? MIMEParser().parse(Data())) == nil)
    }

    @Test func messageSizeLimit() {
        let limits = MIMELimits(maxMessageBytes: 100)
        do {
            _ = try MIMEParser(limits: limits).parse([UInt8](repeating: 0x41, count: 101))
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .messageTooLarge)
            #expect(error.description.contains("101 bytes"))
            #expect(error.description.contains("100-byte limit"))
        }
        #expect((try? MIMEParser(limits: limits).parse([UInt8](repeating: 0x41, count: 100))) != nil)
    }

    @Test func partCountLimit() {
        var text = "Content-Type: multipart/mixed; boundary=b\n\n"
        for _ in 0..<20 { text += "--b\n\nx\n" }
        text += "--b--\n"
        #expect(throws: MIMEError.self) { try parseMail(text, limits: MIMELimits(maxParts: 10)) }
        #expect((try? parseMail(text, limits: MIMELimits(maxParts: 21))) != nil)
    }

    @Test func headerSizeAndFieldCountLimits() {
        let big = "X-Big: " + String(repeating: "a", count: 2000) + "\n\nbody"
        #expect {
            try parseMail(big, limits: MIMELimits(maxHeaderBytes: 1000))
        } throws: { ($0 as? MIMEError)?.kind == .headerTooLarge }
        let many = String(repeating: "X-A: 1\n", count: 50) + "\nbody"
        #expect {
            try parseMail(many, limits: MIMELimits(maxHeaderFields: 20))
        } throws: { ($0 as? MIMEError)?.kind == .tooManyHeaderFields }
    }

    @Test func depthLimitCountsMessageNesting() throws {
        var text = ""
        for _ in 0..<5 { text += "Content-Type: message/rfc822\n\n" }
        text += "Subject: innermost\n\nhi"
        #expect(throws: MIMEError.self) { try parseMail(text, limits: MIMELimits(maxDepth: 4)) }
        let m = try parseMail(text, limits: MIMELimits(maxDepth: 5))
        #expect(m.root.allParts.last?.headers["subject"] == "innermost")
    }

    @Test func errorsNeverQuoteContent() throws {
        let secret = "Subject: Child Name Secret\u{0}\n\n"
        do {
            _ = try MIMEParser().parse(Array(secret.utf8))
            Issue.record("expected an error")
        } catch {
            #expect(!error.description.contains("Child"))
            #expect(!error.description.contains("Secret"))
        }
    }
}

@Suite("MIME parser: body text choice")
struct MIMEBodyChoiceTests {
    @Test func namedSinglePartTextIsStillTheBody() throws {
        let named = try parseMail("Content-Type: text/plain; name=\"message.txt\"\n\nHello panel.")
        #expect(named.textBody() == "Hello panel.")
        #expect(named.attachments().isEmpty)
        let attached = try parseMail("Content-Type: text/plain; name=\"notes.txt\"\nContent-Disposition: attachment\n\nNot the body.")
        #expect(attached.textBody() == "")
        #expect(attached.attachments().map(\.name) == ["notes.txt"])
    }

    @Test func alternativesWithoutNamesAreNotFiles() throws {
        let m = try parseMail("""
        Content-Type: multipart/alternative; boundary=b

        --b
        Content-Type: text/plain

        Meeting at 10.
        --b
        Content-Type: text/calendar; method=REQUEST

        BEGIN:VCALENDAR
        --b--
        """)
        #expect(m.textBody() == "Meeting at 10.")
        #expect(m.attachments().isEmpty)
    }
}
