import Foundation
import Testing
@testable import PanelCore

/// Loads .eml fixtures from the test bundle.
enum Fixture {
    static func bytes(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "eml", subdirectory: "Fixtures"), "fixture \(name).eml")
        return [UInt8](try Data(contentsOf: url))
    }

    static func message(_ name: String, _ endings: LineEndings = .asStored) throws -> MIMEMessage {
        try MIMEParser().parse(endings.apply(bytes(name)))
    }
}

/// Every fixture is checked as stored and with its line ends flipped (CRLF <-> LF),
/// since mail arrives both ways (SMTP and IMAP use CRLF; Maildir files often LF).
enum LineEndings: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case asStored
    case flipped

    var testDescription: String { rawValue }

    func apply(_ bytes: [UInt8]) -> [UInt8] {
        guard self == .flipped else { return bytes }
        let hasCRLF = zip(bytes, bytes.dropFirst()).contains { $0 == 13 && $1 == 10 }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 20)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if hasCRLF {
                if b == 13, i + 1 < bytes.count, bytes[i + 1] == 10 {
                    out.append(10)
                    i += 2
                    continue
                }
            } else if b == 10 {
                out.append(13)
            }
            out.append(b)
            i += 1
        }
        return out
    }
}
