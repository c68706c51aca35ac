import Foundation
import Mustache

/// Renders the plain-text emails from `Templates/*.mustache`. Each template starts with
/// `{{% CONTENT_TYPE: TEXT}}` so that nothing is HTML-escaped.
public struct TemplateRenderer: Sendable {
    /// Every email panelmail sends, with sample data that `check-config` renders.
    public enum Name: String, CaseIterable, Sendable {
        case acknowledgement
        case bounceNotice = "bounce-notice"
    }

    let library: MustacheLibrary
    public let directory: String

    public init(directory: String) async throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw TemplateError(description: "the templates folder \(directory) does not exist: set templates.directory")
        }
        do {
            library = try await MustacheLibrary(directory: directory)
        } catch let error as MustacheLibrary.ParserError {
            throw TemplateError(description: "template \(error.filename) does not parse: \(error.error) at line \(error.context.lineNumber), column \(error.context.columnNumber)")
        }
        self.directory = directory
        for name in Name.allCases where library.getTemplate(named: name.rawValue) == nil {
            throw TemplateError(description: "template \(name.rawValue).mustache is missing from \(directory)")
        }
    }

    public func render(_ name: Name, _ context: [String: any Sendable]) throws -> String {
        guard let text = library.render(context, withTemplate: name.rawValue) else {
            throw TemplateError(description: "template \(name.rawValue).mustache could not be rendered")
        }
        return text
    }

    /// Renders every template with its sample data; returns the problems found.
    public func check() -> [String] {
        var problems: [String] = []
        for name in Name.allCases {
            do {
                let text = try render(name, Self.sample(name))
                if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    problems.append("template \(name.rawValue).mustache renders to nothing with sample data")
                }
                if text.contains("{{") { problems.append("template \(name.rawValue).mustache leaves a '{{' in its output: a tag is malformed") }
            } catch {
                problems.append("\(error)")
            }
        }
        return problems
    }

    public static func sample(_ name: Name) -> [String: any Sendable] {
        switch name {
        case .acknowledgement:
            return [
                "reference": "ARP-2026-00042", "subject": "Placement request", "worker_name": "Sam Example",
                "received": "Monday 7 September 2026 at 10:12", "panel_name": "Access to Resources Panel",
                "panel_address": "panel@council.example",
                "attachments": [["name": "form.docx", "size": "48 KB"]], "has_attachments": true,
            ]
        case .bounceNotice:
            return [
                "reference": "ARP-2026-00042", "recipients": "worker@council.example", "reason": "550 5.1.1 user unknown",
                "purpose": "acknowledgement", "message_id": "abc@council.example", "sent": "Monday 7 September 2026 at 10:13",
                "panel_name": "Access to Resources Panel",
            ]
        }
    }
}

public struct TemplateError: Error, Sendable, CustomStringConvertible {
    public let description: String
}
