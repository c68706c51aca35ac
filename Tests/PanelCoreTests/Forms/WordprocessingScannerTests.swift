import Testing
@testable import PanelCore

@Suite("Word XML scanner")
struct WordprocessingScannerTests {
    static let open = "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
    static let close = "</w:body></w:document>"

    static func lines(_ body: String) throws -> [String] {
        try WordprocessingScanner.lines(fromXML: Array((open + body + close).utf8))
    }

    @Test func runsJoinAndBreaksSplit() throws {
        #expect(try Self.lines("<w:p><w:r><w:t>Cas</w:t></w:r><w:r><w:t xml:space=\"preserve\">e ID: </w:t></w:r><w:r><w:t>1</w:t></w:r></w:p>") ==
            ["Case ID: 1"])
        #expect(try Self.lines("<w:p><w:r><w:t>a</w:t><w:br/><w:t>b</w:t><w:cr/><w:t>c</w:t></w:r></w:p>") == ["a", "b", "c"])
        #expect(try Self.lines("<w:p><w:r><w:t>Cost:</w:t><w:tab/><w:t>£5</w:t></w:r></w:p>") == ["Cost:\t£5"])
        #expect(try Self.lines("<w:p><w:r><w:t>a</w:t><w:noBreakHyphen/><w:t>b</w:t></w:r></w:p>") == ["a-b"])
    }

    @Test func tabStopsAndPropertiesAreNotText() throws {
        let body = "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"2835\"/></w:tabs></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>x</w:t></w:r></w:p>"
        #expect(try Self.lines(body) == ["x"])
    }

    @Test func entitiesAndReferences() throws {
        #expect(try Self.lines("<w:p><w:r><w:t>&lt;a&gt; &amp; &quot;b&quot; &apos;c&apos; &#163;5 &#xA3;6 &#0; &bogus; &</w:t></w:r></w:p>") ==
            ["<a> & \"b\" 'c' £5 £6 \u{FFFD} &bogus; &"])
        #expect(try Self.lines("<w:p><w:r><w:t><![CDATA[<raw>]]></w:t></w:r></w:p><!-- <w:p><w:r><w:t>hidden</w:t></w:r></w:p> -->") ==
            ["<raw>"])
    }

    @Test func deletedTextFieldCodesAndFallbacksAreSkipped() throws {
        let body = """
        <w:p><w:del><w:r><w:delText>old</w:delText></w:r></w:del><w:ins><w:r><w:t>new</w:t></w:r></w:ins>\
        <w:r><w:instrText>FORMTEXT</w:instrText></w:r></w:p>\
        <w:p><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">\
        <mc:Choice Requires="wps"><w:t>box</w:t></mc:Choice><mc:Fallback><w:t>box</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>
        """
        #expect(try Self.lines(body) == ["new", "box"])
    }

    @Test func placeholderContentControlsAreSkipped() throws {
        let body = "<w:p><w:r><w:t>IRO: </w:t></w:r><w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:r><w:t>Click or tap here to enter text.</w:t></w:r></w:sdtContent></w:sdt></w:p>"
            + "<w:p><w:r><w:t>Provider: </w:t></w:r><w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>Acme</w:t></w:r></w:sdtContent></w:sdt></w:p>"
        #expect(try Self.lines(body) == ["IRO: ", "Provider: Acme"])
    }

    @Test func tableRows() throws {
        func cell(_ s: String) -> String { s.isEmpty ? "<w:tc><w:p/></w:tc>" : "<w:tc><w:p><w:r><w:t>\(s)</w:t></w:r></w:p></w:tc>" }
        func row(_ cells: String...) -> String { "<w:tr>" + cells.map(cell).joined() + "</w:tr>" }
        let body = "<w:p><w:r><w:t>Before</w:t></w:r></w:p><w:tbl>"
            + row("Cost:", "£5", "per week") + row("Provider", "") + row("", "continued") + row("Heading only")
            + row("", "") + "</w:tbl><w:p><w:r><w:t>After</w:t></w:r></w:p>"
        #expect(try Self.lines(body) == [
            "Before", "", "Cost: £5 | per week", "Provider:", "continued", "Heading only", "", "", "After",
        ])
    }

    @Test func anotherPrefixOrTheDefaultNamespace() throws {
        let other = "<x:document xmlns:x=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><x:body><x:p><x:r><x:t>A: 1</x:t></x:r></x:p><w:p><w:r><w:t>not word</w:t></w:r></w:p></x:body></x:document>"
        #expect(try WordprocessingScanner.lines(fromXML: Array(other.utf8)) == ["A: 1"])
        let plain = "<document xmlns='http://purl.oclc.org/ooxml/wordprocessingml/main'><body><p><r><t>B: 2</t></r></p></body></document>"
        #expect(try WordprocessingScanner.lines(fromXML: Array(plain.utf8)) == ["B: 2"])
    }

    @Test func utf16AndBOM() throws {
        let xml = Self.open + "<w:p><w:r><w:t>Cost: £5</w:t></w:r></w:p>" + Self.close
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in xml.utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(try WordprocessingScanner.lines(fromXML: utf16) == ["Cost: £5"])
        #expect(try WordprocessingScanner.lines(fromXML: [0xEF, 0xBB, 0xBF] + Array(xml.utf8)) == ["Cost: £5"])
    }

    @Test func truncatedXMLKeepsWhatWasRead() throws {
        let xml = Self.open + "<w:p><w:r><w:t>Case ID: 1</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>Cost</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>£5"
        #expect(try WordprocessingScanner.lines(fromXML: Array(xml.utf8)) == ["Case ID: 1", "", "Cost: £5"])
        let cutInTag = Self.open + "<w:p><w:r><w:t>A</w:t></w:r></w:p><w:p attr=\"unterminated"
        #expect(try WordprocessingScanner.lines(fromXML: Array(cutInTag.utf8)) == ["A"])
    }

    @Test func notAWordDocument() {
        #expect(throws: DocxError.self) { try WordprocessingScanner.lines(fromXML: Array("<workbook/>".utf8)) }
        #expect(throws: DocxError.self) { try WordprocessingScanner.lines(fromXML: [0x00, 0xFF, 0x3C]) }
    }

    @Test func pathologicalMarkupStaysLinear() throws {
        let clock = ContinuousClock()
        let inputs = [
            Self.open + String(repeating: "<w:p a=\"", count: 100_000),
            Self.open + String(repeating: "<!--", count: 100_000),
            Self.open + String(repeating: "<w:p><w:r><w:t>&#", count: 100_000),
            Self.open + String(repeating: "<w:tbl><w:tr><w:tc>", count: 20_000),
            Self.open + String(repeating: "<w:sdt><w:showingPlcHdr/>", count: 50_000) + "<w:t>x</w:t>",
        ]
        for input in inputs {
            let elapsed = try clock.measure { _ = try WordprocessingScanner.lines(fromXML: Array(input.utf8)) }
            #expect(elapsed < .seconds(5))
        }
    }
}
