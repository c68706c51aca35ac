import Testing
@testable import PanelCore

@Suite("Charsets")
struct MIMECharsetTests {
    @Test(arguments: [
        ([0xA3, 0x32, 0x30, 0x30] as [UInt8], "iso-8859-1", "£200"),
        ([0xA3], "ISO_8859-1", "£"),
        ([0xA3], "latin1", "£"),
        ([0xA3], "\"iso-8859-1\"", "£"),
        ([0xA4], "iso-8859-15", "€"),
        ([0xA4, 0xA6, 0xA8, 0xB4, 0xB8, 0xBC, 0xBD, 0xBE], "ISO-8859-15", "€ŠšŽžŒœŸ"),
        ([0xA4], "latin9", "€"),
        ([0xA3, 0xE9], "iso-8859-15", "£é"),
        ([0x80, 0x92, 0x93, 0x94, 0x96, 0x97, 0x85], "windows-1252", "€’“”–—…"),
        ([0x92], "cp1252", "’"),
        // iso-8859-1 is read as windows-1252 (WHATWG): smart quotes survive.
        ([0x93, 0x94], "iso-8859-1", "“”"),
        // Undefined windows-1252 octets map to C1 controls, never trap.
        ([0x81, 0x8D], "windows-1252", "\u{81}\u{8D}"),
        ([0xC2, 0xA3], "utf-8", "£"),
        ([0xC2, 0xA3], "UTF8", "£"),
        ([0xC2, 0xA3], nil, "£"),
        // Invalid UTF-8 becomes U+FFFD.
        ([0x61, 0xFF, 0x62], "utf-8", "a\u{FFFD}b"),
        ([0xC3], "utf-8", "\u{FFFD}"),
        ([0xED, 0xA0, 0x80], "utf-8", "\u{FFFD}\u{FFFD}\u{FFFD}"),
        // Unknown charset: UTF-8 with replacement.
        ([0x61, 0xA3], "x-mac-klingon", "a\u{FFFD}"),
        ([0xC2, 0xA3], "x-mac-klingon", "£"),
        // US-ASCII holding 8-bit: UTF-8 when valid, else windows-1252.
        ([0xC2, 0xA3], "us-ascii", "£"),
        ([0xA3], "us-ascii", "£"),
        // UTF-16 with and without BOM.
        ([0xFF, 0xFE, 0xA3, 0x00], "utf-16", "£"),
        ([0x00, 0xA3], "utf-16be", "£"),
        ([0xA3, 0x00, 0x41], "utf-16le", "£"),
    ] as [([UInt8], String?, String)])
    func decodes(_ bytes: [UInt8], _ charset: String?, _ expected: String) {
        #expect(Charset.decode(bytes, charset: charset) == expected)
    }

    @Test func everyByteOfEveryKnownCharsetDecodes() {
        let all = (0...255).map { UInt8($0) }
        for charset in ["utf-8", "us-ascii", "iso-8859-1", "iso-8859-15", "windows-1252", "utf-16", "bogus", ""] {
            let text = Charset.decode(all, charset: charset)
            #expect(!text.isEmpty)
        }
        #expect(Charset.decode(all, charset: "windows-1252").count == 256)
        #expect(Charset.decode(all, charset: "iso-8859-15").count == 256)
    }

    @Test func validatorAgreesWithTheStandardLibrary() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<2000 {
            let length = Int(rng.next() % 12)
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let stdlibValid = String(validating: bytes, as: UTF8.self) != nil
            #expect(Charset.isValidUTF8(bytes) == stdlibValid, "\(bytes)")
        }
    }
}

/// A small deterministic generator for tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
