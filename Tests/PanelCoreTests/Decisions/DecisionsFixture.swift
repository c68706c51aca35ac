import Foundation
import Testing
@testable import PanelCore

/// Loads the decision fixtures: whole messages (.eml) and reply bodies (.txt).
enum DecisionsFixture {
    static let directory = "Fixtures/decisions"

    static func bytes(_ name: String, _ ext: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: ext, subdirectory: directory),
                               "fixture \(name).\(ext)")
        return [UInt8](try Data(contentsOf: url))
    }

    static func message(_ name: String) throws -> MIMEMessage {
        try MIMEParser().parse(bytes(name, "eml"))
    }

    /// The body text as the MIME layer gives it (HTML rendered to text).
    static func body(_ name: String) throws -> String {
        try message(name).textBody()
    }

    static func text(_ name: String) throws -> String {
        String(decoding: try bytes(name, "txt"), as: UTF8.self)
    }

    /// The fixture's headers with every token placeholder as written in the
    /// fixtures (`fixtureToken`) kept: fixtures carry a real token made with `key`.
    static func headers(_ name: String) throws -> MIMEHeaders {
        try message(name).headers
    }

    /// The test secret: 32 bytes 1...32. Never a real one.
    static let secret: [UInt8] = Array(1...32)

    static func signer() throws -> DecisionTokenSigner {
        DecisionTokenSigner(key: try DecisionKey(secret: secret))
    }

    static let reference42 = RequestReference(year: 2026, sequence: 42)
    static let panelAddress = EmailAddress(name: "Resource Panel", localPart: "resource.panel", domain: "council.gov.uk")
}
