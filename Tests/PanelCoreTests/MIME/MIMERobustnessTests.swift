import Foundation
import Testing
@testable import PanelCore

let allFixtureNames = fixtureExpectations.map(\.fixture) + ["deeply-nested", "nul-in-headers"]

/// Runs everything the daemon runs on a message; must never trap.
func exerciseEverything(_ raw: [UInt8]) {
    guard let m = try? MIMEParser().parse(raw) else { return }
    _ = m.subject
    _ = m.from + m.to + m.cc + m.replyTo + m.sender
    _ = m.messageID
    _ = m.inReplyTo + m.references
    _ = m.date
    _ = m.textBody()
    for attachment in m.attachments() {
        _ = attachment.name
    }
    _ = m.defects
    _ = AutomaticMail.classify(m, envelopeSender: nil)
    _ = DeliveryStatusReport.parse(m)
}

@Suite("MIME robustness", .timeLimit(.minutes(1)))
struct MIMERobustnessTests {
    @Test(arguments: allFixtureNames)
    func everyTruncationParsesOrFailsCleanly(_ name: String) throws {
        let raw = try Fixture.bytes(name)
        let step = max(1, raw.count / 120)
        for cut in stride(from: 0, through: raw.count, by: step) {
            exerciseEverything(Array(raw[..<cut]))
        }
    }

    @Test(arguments: allFixtureNames)
    func randomMutationsNeverTrap(_ name: String) throws {
        let raw = try Fixture.bytes(name)
        var rng = SplitMix64(seed: UInt64(raw.count))
        let inserts: [[UInt8]] = [[13], [10], [13, 10], [0], [0xFF], Array("--".utf8), Array("=?".utf8), Array("?=".utf8),
                                  Array("\r\n\r\n".utf8), Array("=".utf8), Array("<".utf8), Array("\"".utf8), Array("(".utf8),
                                  Array("Content-Type: multipart/mixed; boundary=x\r\n".utf8), Array("\r\n--x\r\n".utf8), Array("&#".utf8)]
        for _ in 0..<60 {
            var bytes = raw
            for _ in 0..<(1 + Int(rng.next() % 6)) where !bytes.isEmpty {
                let at = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 4 {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: rng.next())
                case 1: bytes.insert(contentsOf: inserts[Int(rng.next() % UInt64(inserts.count))], at: at)
                case 2: bytes.removeSubrange(at..<min(bytes.count, at + Int(rng.next() % 40)))
                default:
                    let end = min(bytes.count, at + Int(rng.next() % 200))
                    bytes.insert(contentsOf: bytes[at..<end], at: min(bytes.count, end))
                }
            }
            exerciseEverything(bytes)
        }
    }

    @Test func randomBytesNeverTrap() {
        var rng = SplitMix64(seed: 2026)
        for _ in 0..<300 {
            let bytes = (0..<Int(rng.next() % 600)).map { _ in
                let r = rng.next()
                // Bias towards the characters that drive the parsers.
                let specials: [UInt8] = [10, 13, 32, 9, 58, 45, 61, 63, 60, 62, 34, 40, 41, 59, 38, 35]
                return r % 3 == 0 ? specials[Int(r >> 8) % specials.count] : UInt8(truncatingIfNeeded: r >> 16)
            }
            exerciseEverything(bytes)
        }
    }

    @Test func pathologicalInputsFinishQuickly() throws {
        var cases: [[UInt8]] = []
        // Near-miss delimiter lines: prefixes of the boundary, over 2 MB.
        var near = Array("Content-Type: multipart/mixed; boundary=abcdefgh\r\n\r\n".utf8)
        for _ in 0..<150_000 { near += Array("--abcdefg\r\n--abcdefghX\r\n".utf8) }
        cases.append(near)
        // A 4 MB body with no line break at all.
        cases.append(Array("Subject: x\r\n\r\n".utf8) + [UInt8](repeating: 0x41, count: 4 << 20))
        // One enormous header line, and one with many encoded-word starts.
        cases.append(Array(("X-Long: " + String(repeating: "word ", count: 150_000) + "\r\n\r\nbody").utf8))
        cases.append(Array(("Subject: " + String(repeating: "=?utf-8?b?", count: 90_000) + "\r\n\r\nbody").utf8))
        // Quoted-printable made only of "=".
        cases.append(Array("Content-Transfer-Encoding: quoted-printable\r\n\r\n".utf8) + [UInt8](repeating: 0x3D, count: 2 << 20))
        // Deeply nested comments and quotes in address fields.
        cases.append(Array(("From: " + String(repeating: "(", count: 100_000) + "a@b.test\r\nTo: " + String(repeating: "\"a\" ", count: 50_000) + "\r\n\r\nx").utf8))
        cases.append(Array(("To: " + String(repeating: "a@b.test, ", count: 60_000) + "\r\n\r\nx").utf8))
        for raw in cases {
            exerciseEverything(raw)
        }
        // Too many parts fails fast rather than building them all.
        var parts = Array("Content-Type: multipart/mixed; boundary=b\r\n\r\n".utf8)
        for _ in 0..<200_000 { parts += Array("--b\r\n".utf8) }
        #expect { try MIMEParser().parse(parts) } throws: { ($0 as? MIMEError)?.kind == .tooManyParts }
    }

    @Test func parsedMessagesCrossTasks() async throws {
        let raw = try Fixture.bytes("outlook-docx-inline-image")
        let message = try MIMEParser().parse(raw)
        let names = await withTaskGroup(of: [String].self) { group in
            for _ in 0..<4 {
                group.addTask { message.attachments().map(\.name) }
            }
            var all: [[String]] = []
            for await names in group { all.append(names) }
            return all
        }
        #expect(names.allSatisfy { $0 == ["image001.png", "Panel request form - RB.docx"] })
    }
}
