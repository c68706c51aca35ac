import Foundation
import PanelCore
import Yams

extension ConfigValues {
    /// The request form and where it came from: the form file, `form.file` or
    /// `request-form.yaml` next to the configuration when it is there (panelmail ships
    /// `Config/request-form.yaml`); its `fields` and `resource_types` each replace the
    /// standard form's (`FormSchema.standard`, the panel's own form, built in).
    ///
    /// The form is a file of its own because it is lists of mappings, which the
    /// configuration's key/value reader cannot hold: it is decoded with Yams.
    mutating func formSchema() -> (schema: FormSchema, source: String) {
        var schema = FormSchema.standard
        var sources: [String] = []
        let named = path("form.file")
        let file = named ?? path("form.file", default: "request-form.yaml")
        if let file {
            if FileManager.default.fileExists(atPath: file) {
                if let section = yamlMapping(file: file, key: nil, setting: "form.file") {
                    apply(section, to: &schema, setting: "\(file):")
                    sources.append(file)
                }
            } else if named != nil {
                problems.append("form.file: cannot read \(file): check the path (relative paths are relative to the configuration file)")
            }
        }
        problems += schema.configurationProblems().map { "form: \($0)" }
        return (schema, sources.isEmpty ? "the standard form built in" : sources.joined(separator: ", then "))
    }

    /// The mapping at `key` in a YAML file (the whole file when nil), or nil.
    private mutating func yamlMapping(file: String, key: String?, setting: String) -> Node.Mapping? {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            problems.append("\(setting): cannot read \(file)")
            return nil
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            problems.append("\(setting): \(file) is not valid YAML: \(error)")
            return nil
        }
        guard let root else { return nil }
        guard let key else {
            guard let mapping = root.mapping else {
                problems.append("\(setting): \(file) should hold fields and resource_types")
                return nil
            }
            return mapping
        }
        guard let node = root.mapping?[key] else { return nil }
        guard let mapping = node.mapping else {
            problems.append("\(setting): expected a section with fields and resource_types")
            return nil
        }
        return mapping
    }

    private mutating func apply(_ section: Node.Mapping, to schema: inout FormSchema, setting prefix: String) {
        let decoder = YAMLDecoder()
        if let fields = section["fields"] {
            do {
                schema.fields = try decoder.decode([FormField].self, from: fields)
            } catch {
                problems.append("\(prefix)fields: \(Self.explain(error)) (each field needs key, label and kind: one of \(FormValueKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
        }
        if let types = section["resource_types"] {
            do {
                schema.resourceTypes = try decoder.decode([ResourceType].self, from: types)
            } catch {
                problems.append("\(prefix)resource_types: \(Self.explain(error)) (each type needs a name, and may have synonyms)")
            }
        }
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
