import Testing
@testable import PanelCore

@Suite("RFC 2047 encoded words")
struct MIMEEncodedWordsTests {
    @Test(arguments: [
        // Plain text passes through.
        ("Panel request", "Panel request"),
        // B and Q, any case.
        ("=?UTF-8?B?wqMyMDAgc3RhaXIgZ2F0ZQ==?=", "£200 stair gate"),
        ("=?iso-8859-1?q?=A3200_stair_gate?=", "£200 stair gate"),
        ("=?ISO-8859-1?Q?caf=e9?=", "café"),
        // Whitespace between adjacent words is dropped (6.2), kept next to text.
        ("=?UTF-8?Q?a?= =?UTF-8?Q?b?=", "ab"),
        ("=?UTF-8?Q?a?=\r\n =?UTF-8?Q?b?=", "ab"),
        ("x =?UTF-8?Q?a?= y", "x a y"),
        ("=?UTF-8?Q?a_?= =?UTF-8?Q?_b?=", "a  b"),
        // A character split across two words (encoder bug) is rejoined.
        ("=?UTF-8?B?w6k=?= =?UTF-8?B?w6k=?=", "éé"),
        ("=?UTF-8?B?w6k=?==?UTF-8?B?w6k=?=", "éé"),
        ("=?UTF-8?B?RGVtYW5kZSBzww==?= =?UTF-8?B?qWpvdXI=?=", "Demande séjour"),
        // Different charsets next to each other.
        ("=?ISO-8859-1?Q?=E9?= =?UTF-8?Q?=C3=A9?=", "éé"),
        // RFC 2231 language suffix.
        ("=?UTF-8*en-GB?Q?hello?=", "hello"),
        // Glued to text (non-standard, decoded anyway).
        ("Re:=?UTF-8?Q?caf=C3=A9?=", "Re:café"),
        // Malformed words are kept literally.
        ("=?UTF-8?X?abc?=", "=?UTF-8?X?abc?="),
        ("=?UTF-8?B?!!!?=", "=?UTF-8?B?!!!?="),
        ("=?UTF-8?Q?unterminated", "=?UTF-8?Q?unterminated"),
        ("=??Q?abc?=", "=??Q?abc?="),
        ("=?UTF-8?Q?has space?=", "=?UTF-8?Q?has space?="),
        ("50% off =? maybe", "50% off =? maybe"),
        // Missing base64 padding is tolerated.
        ("=?UTF-8?B?wqM?=", "£"),
        // Invalid hex in Q stays literal.
        ("=?UTF-8?Q?100=ZZ?=", "100=ZZ"),
        // A valid word right after a broken one.
        ("=?=?UTF-8?Q?ok?=", "=?ok"),
        ("=?utf-8?q?ab=?utf-8?q?cd?=", "=?utf-8?q?abcd"),
        // Unknown charset: read as UTF-8.
        ("=?x-unknown?Q?ok?=", "ok"),
        // Empty encoded text.
        ("=?UTF-8?Q??=x", "x"),
    ])
    func decodes(_ input: String, _ expected: String) {
        #expect(EncodedWords.decode(input) == expected)
    }

    @Test func manyBrokenMarkersStayLinear() {
        // 200k candidate "=?" markers with no end: must finish quickly, not go quadratic.
        let input = String(repeating: "=?utf-8?q?", count: 200_000)
        #expect(EncodedWords.decode(input) == input)
        let glued = String(repeating: "=?a", count: 300_000)
        #expect(EncodedWords.decode(glued) == glued)
    }
}
