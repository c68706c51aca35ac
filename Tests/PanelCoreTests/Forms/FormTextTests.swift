import Testing
@testable import PanelCore

/// The text helpers every line of every body goes through: fast paths must agree
/// with the general ones.
@Suite("Form text helpers")
struct FormTextTests {
    @Test(arguments: [
        ("a\nb", ["a", "b"]),
        ("a\r\nb\rc", ["a", "b", "c"]),
        ("a\r\n\r\nb", ["a", "", "b"]),
        ("\n", ["", ""]),
        ("", [""]),
        ("é\u{2028}ü\u{2029}x\u{85}y", ["é", "ü", "x", "y"]),
        ("a\u{0B}b\u{0C}c", ["a", "b", "c"]),
        ("£450 per week\r\n", ["£450 per week", ""]),
        ("e\u{301}\nx", ["e\u{301}", "x"]),
        ("a\r", ["a", ""]),
        ("\u{2027}\u{A0}\u{80}", ["\u{2027}\u{A0}\u{80}"]),  // E2 80 A7, C2 A0, C2 80: not breaks
    ])
    func linesSplitOnEveryKindOfLineBreak(text: String, expected: [String]) {
        #expect(FormText.lines(text).map(String.init) == expected)
    }

    @Test(arguments: [
        "  Child's  Name: ", " a \n\n b\t", "\r\n", "a\u{0B}b", "Case\tID", "LCS-ID (Mosaic)", "Child’s name", "Café  crème", "ÉTÉ", "x", "", "  ", "12 Main St.",
    ])
    func theAsciiFastPathsAgreeWithTheGeneralOnes(text: String) {
        // The general path, spelled out: lower case, apostrophes dropped, other punctuation a break.
        var key = ""
        var pending = false
        for scalar in text.lowercased().unicodeScalars {
            if ["'", "\u{2019}", "\u{2018}", "`", "\u{00B4}", "\u{02BC}"].contains(scalar) { continue }
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                if pending { key.append(" ") }
                pending = false
                key.unicodeScalars.append(scalar)
            } else {
                pending = !key.isEmpty
            }
        }
        #expect(FormText.labelKey(text) == key)
        let collapsed = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        #expect(FormText.collapse(text) == collapsed)
        #expect(FormText.collapsedLowercase(text) == collapsed.lowercased())
        #expect(FormText.collapsedLowercase(Substring(text)) == collapsed.lowercased())
    }

    @Test(arguments: [
        "Placement AT Home\tFOR\r\nTHREE   Weeks", "\u{01}A\u{1F}Z[`@{", "  \n ", "ABCXYZ abcxyz 0189", "Café ÉTÉ", "ĲSSEL Straße",
        String(repeating: "Long REASON, with Capitals.\r\n\r\n", count: 2000),
    ])
    func theCanonicalFormOfATextIsItCollapsedAndLowered(text: String) {
        #expect(FormText.collapsedLowercase(text) == FormText.collapse(text).lowercased())
        #expect(FormValue.text(text).canonical == FormText.collapse(text).lowercased())
    }

    @Test func collapsingASubstringOrABridgedStringGivesTheSame() {
        let text = "  Reason:   the  carer\n\n is   in hospital  "
        #expect(FormText.collapse(text.dropFirst(2)) == "Reason: the carer is in hospital")
        #expect(FormText.collapse(String(text.unicodeScalars.reversed().reversed().map(Character.init))) == "Reason: the carer is in hospital")
    }

    @Test(arguments: [
        "a\nb", "  a  \n\n  b  ", "\n\n a \r\n\r\nb\n\n", "a\rb\u{0B}c\u{0C}d", "\t\t", "", "x", "a\n\r b",
        "Café\n  crème ", "a\u{00A0}\nb",
    ])
    func trimmingEachLineHasAFastPathThatAgrees(text: String) {
        let general = FormText.trim(FormText.lines(text).map { FormText.trim($0) }.joined(separator: "\n"))
        if let fast = FormText.asciiTrimmedLines(text) { #expect(fast == general) } else { #expect(text.utf8.contains { $0 >= 0x80 }) }
    }

    @Test(arguments: [
        "a\r\nb\rc\n", "no breaks", "\r\r\n\n", "é\r\nè", "\r", "\n\r", "x\r", "\rx", "a\r\r\r\nb",
        String(repeating: "a line of a long body\r\n", count: 3000) + "end\r",
    ])
    func newlinesAreNormalised(text: String) {
        let expected = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        #expect(ByteScan.normalizeNewlines(text) == expected)
    }

    @Test(arguments: [
        [String](), [""], ["a"], ["a", "", "b"], ["", ""], ["é", "£450 per week", "\u{2028}x"],
    ])
    func joiningLinesMatchesTheStandardLibrary(lines: [String]) {
        #expect(FormText.joinedLines(lines) == lines.joined(separator: "\n"))
        let substrings = lines.map { Substring($0) }
        #expect(FormText.joinedLines(substrings) == lines.joined(separator: "\n"))
    }

    @Test(arguments: [
        ("Cost", "Cost"), (" Cost ", "Cost"), ("\u{00A0}£450\u{00A0}", "£450"), ("a\u{301}", "a\u{301}"),
        ("x \t", "x"), ("\u{3000}y", "y"), ("", ""), ("  ", ""),
    ])
    func trimmingKeepsItsMeaningOnEveryPath(text: String, expected: String) {
        #expect(FormText.trim(text) == expected)
        #expect(FormText.trim(Substring(text)) == expected)
        #expect(FormText.trimmedSlice(Substring(text)) == expected)
        #expect(FormText.trimmedSlice(("<" + text + ">").dropFirst().dropLast()) == expected)
    }
}
