import Testing
@testable import PanelCore

@Suite("HTML to text")
struct MIMEHTMLTextTests {
    @Test(arguments: [
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        ("<p class=MsoNormal>One<o:p></o:p></p><p class=MsoNormal>Two<o:p></o:p></p>", "One\nTwo"),
        ("<p class=\"MsoNormal\">A</p><p class=\"MsoNormal\"><o:p>&nbsp;</o:p></p><p class=\"MsoNormal\">B</p>", "A\n\nB"),
        ("line one<br>line two<br/>line three<BR >", "line one\nline two\nline three"),
        ("a<br><br><br><br>b", "a\n\nb"),
        ("<div>Hi,</div><div><br></div><div>text</div>", "Hi,\n\ntext"),
        ("  lots   of\n\n  space\t here ", "lots of space here"),
        ("<b>bold</b> and <i>italic</i> and <a href=\"https://x.test/?a=1&b=2\">a link</a>.", "bold and italic and a link."),
        ("&pound;200 &amp; &lt;tag&gt; &quot;q&quot; &#163; &#xA3; &#xa3 &#8217; &euro; &hellip;&nbsp;x", "£200 & <tag> \"q\" £ £ £ ’ € … x"),
        ("&#150; &#146; &#0; &#xD800; &#x110000;", "– ’ \u{FFFD} \u{FFFD} \u{FFFD}"),
        ("AT&T &unknown; &amp &copy2026", "AT&T &unknown; & ©2026"),
        ("<ul><li>first</li><li>second</li></ul><ol><li>one</li><li>two</li></ol>", "- first\n- second\n\n1. one\n2. two"),
        ("<table><tr><td>Item</td><td>Cost</td></tr><tr><td>Gate</td><td>£45</td></tr></table>", "Item | Cost\nGate | £45"),
        ("<table><tr><td></td><td>only</td></tr></table>", "only"),
        ("<pre>  keep\n    this</pre>", "  keep\n    this"),
        ("<h1>Title</h1>Body", "Title\n\nBody"),
        ("a<hr>b", "a\n\nb"),
        ("x &lt; y < z > w", "x < y < z > w"),
        ("<p>unclosed <b>tags <i>everywhere", "unclosed tags everywhere"),
        ("tag at end <", "tag at end <"),
        ("<img src=cid:x alt=\"logo\">", ""),
        ("a\u{00A0}\u{00A0}b\u{200B}c", "a  bc"),
        ("<![CDATA[raw <text>]]>", "raw <text>"),
        ("<p title=\"a > b\">quoted gt</p>", "quoted gt"),
        ("<p title='unterminated>text</p>", "text"),
        ("</ >after", "after"),
    ])
    func converts(_ html: String, _ expected: String) {
        #expect(HTMLText.plainText(fromHTML: html) == expected)
    }

    @Test func dropsHeadStyleScriptCommentsAndWordIslands() {
        let html = """
        <!DOCTYPE html><html><head><title>Secret title</title>
        <meta charset="utf-8"><style><!-- p.MsoNormal {margin:0cm;} --></style>
        <!--[if gte mso 9]><xml><o:shapedefaults v:ext="edit" spidmax="1026" /></xml><![endif]-->
        </head><body><script>alert("x")</script>
        <!-- a comment with <p>markup</p> -->
        <xml><w:WordDocument>junk</w:WordDocument></xml>
        <p class=MsoNormal>Visible<o:p></o:p></p>
        <!--[if !mso]><!--><p>Shown to non-Outlook</p><!--<![endif]-->
        <p class=MsoListParagraph><![if !supportLists]><span>1.<span>&nbsp;&nbsp; </span></span><![endif]>List item</p>
        <noscript>no</noscript><svg><text>icon</text></svg>
        </body></html>
        """
        let text = HTMLText.plainText(fromHTML: html)
        #expect(text == "Visible\n\nShown to non-Outlook\n\n1.   List item")
    }

    @Test func blockquotesBecomeQuotedLines() {
        let html = "<div>Reply</div><div class=gmail_quote><div>On Mon wrote:</div><blockquote>First<br>Second<blockquote>Deeper</blockquote>Back</blockquote></div><div>After</div>"
        #expect(HTMLText.plainText(fromHTML: html) == "Reply\nOn Mon wrote:\n\n> First\n> Second\n>\n>> Deeper\n>\n> Back\n\nAfter")
    }

    @Test func tableCellsWithWordParagraphsStayOnOneRow() {
        let html = "<table><tr><td><p class=MsoNormal>Name<o:p></o:p></p></td><td><p class=MsoNormal>Line 1</p><p class=MsoNormal>Line 2</p></td></tr></table>"
        #expect(HTMLText.plainText(fromHTML: html) == "Name | Line 1\nLine 2")
    }

    @Test func metaCharsetIsSniffed() {
        #expect(HTMLText.sniffCharset(Array("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">".utf8)) == "windows-1252")
        #expect(HTMLText.sniffCharset(Array("<meta charset=\"iso-8859-15\">".utf8)) == "iso-8859-15")
        #expect(HTMLText.sniffCharset(Array("<p>no charset</p>".utf8)) == nil)
    }

    @Test func htmlPartWithoutCharsetUsesMetaCharset() throws {
        let m = try parseMail("Content-Type: text/html\nContent-Transfer-Encoding: quoted-printable\n\n<meta charset=3D\"windows-1252\"><p>=A3200 =96 agreed</p>")
        #expect(m.textBody() == "£200 – agreed")
    }

    @Test func pathologicalMarkupStaysLinear() {
        // Unterminated quotes, comments and raw-text elements, repeated many times.
        let a = String(repeating: "<a title=\"x ", count: 50_000)
        let b = String(repeating: "<style>", count: 50_000)
        let c = String(repeating: "<head>", count: 50_000) + "text"
        let d = String(repeating: "&#", count: 100_000) + String(repeating: "<", count: 100_000)
        let e = String(repeating: "<!--", count: 50_000)
        for html in [a, b, c, d, e] {
            _ = HTMLText.plainText(fromHTML: html)
        }
        #expect(HTMLText.plainText(fromHTML: c) == "text")
    }
}
