import Testing
@testable import PanelCore

@Suite("Transfer encodings")
struct MIMETransferEncodingTests {
    @Test(arguments: [
        ("=A3200", [0xA3, 0x32, 0x30, 0x30] as [UInt8]),
        ("=a3=e9", [0xA3, 0xE9]),
        ("soft=\r\nbreak", Array("softbreak".utf8)),
        ("soft=\nbreak", Array("softbreak".utf8)),
        ("soft= \t\r\nbreak", Array("softbreak".utf8)),
        ("end=", Array("end".utf8)),
        ("trailing   \r\nnext", Array("trailing\r\nnext".utf8)),
        ("trailing\t\nnext", Array("trailing\nnext".utf8)),
        ("inner  space", Array("inner  space".utf8)),
        ("100% = =ZZ =4", Array("100% = =ZZ =4".utf8)),
        ("=3D=3d", Array("==".utf8)),
        ("a=\r", Array("a".utf8)),
        ("", []),
    ] as [(String, [UInt8])])
    func quotedPrintableDecodes(_ input: String, _ expected: [UInt8]) {
        #expect(QuotedPrintable.decode(Array(input.utf8)) == expected)
    }

    @Test(arguments: [
        ("wqMyMDA=", Array("£200".utf8)),
        ("wqMy\r\nMDA=", Array("£200".utf8)),
        ("wq My MD A", Array("£200".utf8)),
        ("wqMyMDA", Array("£200".utf8)),
        ("wqMyMD", Array("£20".utf8)),
        ("wqMyM", Array("£2".utf8)),
        ("!!wq*My~MDA=garbage-after", Array("£200".utf8) + [129, 170, 219, 106, 7, 154, 126, 215, 171]),
        ("YQ==Yg==", Array("ab".utf8)),
        ("====", []),
        ("", []),
    ] as [(String, [UInt8])])
    func base64DecodesTolerantly(_ input: String, _ expected: [UInt8]) {
        #expect(Base64Codec.decode(Array(input.utf8)) == expected)
    }

    @Test func base64RoundTripsAndWrapsAt76() {
        var rng = SplitMix64(seed: 42)
        for length in [0, 1, 2, 3, 56, 57, 58, 1000, 4097] {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let encoded = Base64Codec.encode(bytes)
            let lines = String(decoding: encoded, as: UTF8.self).components(separatedBy: "\r\n")
            #expect(lines.allSatisfy { $0.utf8.count <= 76 })
            #expect(lines.dropLast().allSatisfy { $0.utf8.count == 76 })
            #expect(Base64Codec.decode(encoded) == bytes)
        }
    }

    /// The decoder reads four characters at a time where it can; this checks it against
    /// the rule written out one character at a time, on inputs that mix clean runs with
    /// line breaks, spaces, padding and garbage at every position of a quantum.
    @Test func base64DecodesAsTheRuleSaysCharacterByCharacter() {
        func reference(_ input: [UInt8]) -> [UInt8] {
            let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
            var out: [UInt8] = []
            var values: [UInt32] = []
            func flush() {
                let acc = values.reduce(UInt32(0)) { $0 << 6 | $1 }
                switch values.count {
                case 4: out += [UInt8(acc >> 16 & 0xFF), UInt8(acc >> 8 & 0xFF), UInt8(acc & 0xFF)]
                case 3: out += [UInt8(acc >> 10 & 0xFF), UInt8(acc >> 2 & 0xFF)]
                case 2: out += [UInt8(acc >> 4 & 0xFF)]
                default: break
                }
                values = []
            }
            for c in input {
                if let value = alphabet.firstIndex(of: c) {
                    values.append(UInt32(value))
                    if values.count == 4 { flush() }
                } else if c == UInt8(ascii: "=") {
                    flush()
                }
            }
            flush()
            return out
        }
        var rng = SplitMix64(seed: 77)
        let clean = Base64Codec.encode((0..<600).map { _ in UInt8(truncatingIfNeeded: rng.next()) }, lineLength: 0)
        let noise = Array("=\r\n \t!=~\u{80}".utf8)
        for round in 0..<2000 {
            var input: [UInt8] = []
            while input.count < Int(rng.next() % 300) {
                let run = Int(rng.next() % 40)
                let start = Int(rng.next() % UInt64(clean.count - run))
                input += clean[start..<(start + run)]
                input += (0..<Int(rng.next() % 3)).map { _ in noise[Int(rng.next() % UInt64(noise.count))] }
            }
            let expected = reference(input)
            #expect(Base64Codec.decode(input) == expected, "round \(round)")
            var chunked: [UInt8] = []
            let chunkSize = [16, 17, 18, 19, 64][Int(rng.next() % 5)]
            input.withUnsafeBufferPointer { buffer in
                Base64Codec.decode(buffer, chunkSize: chunkSize) { chunked += $0 }
            }
            #expect(chunked == expected, "round \(round), chunks of \(chunkSize)")
        }
    }

    @Test func streamingDecodeMatchesWholeDecodeForEveryChunkSize() {
        var rng = SplitMix64(seed: 9)
        let bytes = (0..<5000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let b64 = Base64Codec.encode(bytes)
        let qp = QuotedPrintable.encode(bytes)
        for chunk in [1, 2, 3, 16, 17, 100, 4096, 1 << 16] {
            var out: [UInt8] = []
            var largest = 0
            b64.withUnsafeBufferPointer { buffer in
                Base64Codec.decode(buffer, chunkSize: chunk) { piece in
                    largest = max(largest, piece.count)
                    out.append(contentsOf: piece)
                }
            }
            #expect(out == bytes)
            #expect(largest <= max(chunk, 16))
            var qpOut: [UInt8] = []
            qp.withUnsafeBufferPointer { buffer in
                QuotedPrintable.decode(buffer, chunkSize: chunk) { qpOut.append(contentsOf: $0) }
            }
            #expect(qpOut == bytes)
        }
    }

    @Test func quotedPrintableEncodingFollowsRFC2045() {
        let text = Array("Cost £200 = fair.  \r\nFrom the start\r\n.\r\n\(String(repeating: "x", count: 200))\r\nend\t".utf8)
        let encoded = QuotedPrintable.encode(text)
        let lines = String(decoding: encoded, as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 76 })
        #expect(lines[0] == "Cost =C2=A3200 =3D fair. =20")
        #expect(lines[1] == "=46rom the start")
        #expect(lines[2] == "=2E")
        #expect(lines.last == "end=09")
        #expect(encoded.allSatisfy { $0 < 0x80 })
        #expect(QuotedPrintable.decode(encoded) == text)
    }

    @Test func quotedPrintableNeverSplitsAnEscape() {
        var rng = SplitMix64(seed: 3)
        for _ in 0..<200 {
            let bytes = (0..<Int(rng.next() % 400)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let encoded = QuotedPrintable.encode(bytes)
            let text = String(decoding: encoded, as: UTF8.self)
            for line in text.components(separatedBy: "\r\n") {
                #expect(line.utf8.count <= 76)
                // A soft break is a final "=" not part of an escape.
                if line.hasSuffix("=") { #expect(!line.dropLast().hasSuffix("=")) }
            }
            #expect(QuotedPrintable.decode(encoded) == bytes)
        }
    }

    @Test(arguments: [
        (nil, ContentTransferEncoding.sevenBit),
        ("7bit", .sevenBit),
        (" BASE64 ", .base64),
        ("Quoted-Printable", .quotedPrintable),
        ("\"base64\"", .base64),
        ("8bit (raw)", .eightBit),
        ("binary", .binary),
        ("x-uuencode", .other("x-uuencode")),
    ] as [(String?, ContentTransferEncoding)])
    func transferEncodingNames(_ value: String?, _ expected: ContentTransferEncoding) {
        #expect(ContentTransferEncoding(headerValue: value) == expected)
    }
}
