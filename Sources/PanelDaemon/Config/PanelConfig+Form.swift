import Foundation
import PanelCore
import Yams

extension ConfigValues {
    /// The request form: `form.fields` and `form.resource_types` in the file, each
    /// replacing the standard list when given (`FormSchema.standard` matches the panel's
    /// own form). These are lists of mappings, which the key/value reader cannot hold,
    /// so they are decoded from the file with Yams; they have no environment override.
    mutating func formSchema() -> FormSchema {
        var schema = FormSchema.standard
        guard let filePath,
              let text = try? String(contentsOfFile: filePath, encoding: .utf8),
              let root = (try? Yams.compose(yaml: text)) ?? nil,
              let form = root.mapping?["form"]
        else { return schema }
        guard let section = form.mapping else {
            problems.append("form: expected a section with fields and resource_types")
            return schema
        }
        let decoder = YAMLDecoder()
        if let fields = section["fields"] {
            do {
                schema.fields = try decoder.decode([FormField].self, from: fields)
            } catch {
                problems.append("form.fields: \(Self.explain(error)) (each field needs key, label and kind: one of \(FormValueKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
        }
        if let types = section["resource_types"] {
            do {
                schema.resourceTypes = try decoder.decode([ResourceType].self, from: types)
            } catch {
                problems.append("form.resource_types: \(Self.explain(error)) (each type needs a name, and may have synonyms)")
            }
        }
        problems += schema.configurationProblems().map { "form: \($0)" }
        return schema
    }

    /// A decoding error as a sentence: which entry, which key.
    static func explain(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "entry \($0 + 1)" } ?? $0.stringValue }.joined(separator: ", ")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context).isEmpty ? "" : path(context) + ": ")\(key.stringValue) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(path(context)): \(context.debugDescription)"
        case .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
