import Foundation
import Testing
@testable import PanelCore

/// Loads the form fixtures (email bodies as the MIME layer gives them, Word files).
enum FormFixture {
    static func url(_ name: String, _ ext: String) throws -> URL {
        try #require(Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Fixtures/forms"),
                     "fixture \(name).\(ext)")
    }

    static func text(_ name: String) throws -> String {
        String(decoding: try Data(contentsOf: url(name, "txt")), as: UTF8.self)
    }

    static func bytes(_ name: String, _ ext: String = "docx") throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url(name, ext)))
    }
}

/// A sender for tests: the social worker who sent the email.
let testSender = FormPerson(name: "Jane Smith", email: "jane.smith@council.test")

extension String {
    /// The first occurrence of `target` replaced (test helper for variations of a form).
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
