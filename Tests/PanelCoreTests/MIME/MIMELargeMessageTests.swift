import Crypto
import Foundation
import Testing
@testable import PanelCore

@Suite("Large messages")
struct MIMELargeMessageTests {
    /// A 30 MB message with a 25 MB base64 PDF: parsed, then the attachment is hashed
    /// streaming (64 KiB chunks) without a second full copy of the file.
    @Test func thirtyMegabyteMessageWithA25MegabyteBase64Attachment() throws {
        let pdfSize = 18_750_000 // 25 MB once base64-encoded with CRLF lines
        var pdf = [UInt8](repeating: 0, count: pdfSize)
        pdf.withUnsafeMutableBytes { raw in
            let words = raw.bindMemory(to: UInt64.self)
            var state: UInt64 = 0x1234_5678_9ABC_DEF0
            for i in 0..<words.count {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                words[i] = state
            }
        }
        pdf.replaceSubrange(0..<8, with: Array("%PDF-1.7".utf8))
        let expectedHash = SHA256Hex.of(pdf)
        let base64 = Array(Data(pdf).base64EncodedData(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed]))
        let docx = [UInt8](repeating: 0x50, count: 3_000_000)
        let docxBase64 = Array(Data(docx).base64EncodedData(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed]))

        var raw = Array("""
        From: Alex Morgan <alex.morgan@council.test>\r
        To: resource.panel@council.test\r
        Subject: Big quote\r
        Message-ID: <big-1@council.test>\r
        MIME-Version: 1.0\r
        Content-Type: multipart/mixed; boundary="=_big"\r
        \r
        --=_big\r
        Content-Type: text/plain; charset=utf-8\r
        \r
        The full assessment report is attached.\r
        --=_big\r
        Content-Type: application/pdf; name="report.pdf"\r
        Content-Disposition: attachment; filename="report.pdf"\r
        Content-Transfer-Encoding: base64\r
        \r

        """.utf8)
        raw += base64
        raw += Array("\r\n--=_big\r\nContent-Type: application/octet-stream; name=\"form.docx\"\r\nContent-Transfer-Encoding: base64\r\n\r\n".utf8)
        raw += docxBase64
        raw += Array("\r\n--=_big--\r\n".utf8)
        #expect(raw.count > 29_000_000)

        let m = try MIMEParser().parse(raw)
        #expect(m.subject == "Big quote")
        #expect(m.textBody() == "The full assessment report is attached.")
        let attachments = m.attachments()
        #expect(attachments.map(\.name) == ["report.pdf", "form.docx"])
        #expect(attachments.first?.size == pdfSize)
        #expect(attachments.first?.sha256 == expectedHash)
        #expect(attachments.last?.size == docx.count)

        // Streaming never hands out more than one chunk at a time.
        let part = try #require(m.root.part(at: "2"))
        var largest = 0
        var total = 0
        part.decodeBody(chunkSize: 1 << 16) { chunk in
            largest = max(largest, chunk.count)
            total += chunk.count
        }
        #expect(largest <= 1 << 16)
        #expect(total == pdfSize)
    }
}
