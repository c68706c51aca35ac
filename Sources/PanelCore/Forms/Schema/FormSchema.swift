/// The request form as configuration: its fields, in the order the panel reads them,
/// and the resource types it accepts. `FormSchema.standard` is the panel's form;
/// the daemon may build another from YAML (`Codable`, keys `fields` and
/// `resource_types`) and should run `configurationProblems()` at start-up.
public struct FormSchema: Hashable, Sendable, Codable {
    public var fields: [FormField]
    public var resourceTypes: [ResourceType]

    public init(fields: [FormField], resourceTypes: [ResourceType]) {
        self.fields = fields
        self.resourceTypes = resourceTypes
    }

    /// The field with this key, if the schema has it.
    public func field(_ key: FormFieldKey) -> FormField? {
        fields.first { $0.key == key }
    }

    /// The display label for a key (the key itself when the schema lacks it).
    public func label(of key: FormFieldKey) -> String {
        field(key)?.label ?? key.rawValue
    }

    /// Mistakes that would make forms ambiguous, one sentence each, for
    /// `check-config`: repeated keys, a label or synonym used by two fields (after
    /// case and punctuation are ignored), resource type words used twice, a
    /// resource-type field with no resource types. Empty when the schema is sound.
    public func configurationProblems() -> [String] {
        var problems: [String] = []
        var keys: Set<FormFieldKey> = []
        var labelOwner: [String: FormFieldKey] = [:]
        for field in fields {
            if !keys.insert(field.key).inserted {
                problems.append("The form field key \"\(field.key)\" is used twice: give each field its own key.")
            }
            if FormText.labelKey(field.label).isEmpty {
                problems.append("The form field \"\(field.key)\" has no label: give it one.")
            }
            for written in field.allLabels {
                let normal = FormText.labelKey(written)
                guard !normal.isEmpty else { continue }
                if let owner = labelOwner[normal], owner != field.key {
                    problems.append("The label \"\(written)\" is used by both \(owner) and \(field.key): keep it on one field.")
                } else {
                    labelOwner[normal] = field.key
                }
            }
        }
        var typeOwner: [String: String] = [:]
        for type in resourceTypes {
            for written in [type.name] + type.synonyms {
                let normal = FormText.labelKey(written)
                guard !normal.isEmpty else { continue }
                if let owner = typeOwner[normal], owner != type.name {
                    problems.append("The resource type word \"\(written)\" is used by both \(owner) and \(type.name): keep it on one type.")
                } else {
                    typeOwner[normal] = type.name
                }
            }
        }
        if resourceTypes.isEmpty, fields.contains(where: { $0.kind == .resourceType }) {
            problems.append("The form has a resource type field but no resource types: list them under resource_types.")
        }
        return problems
    }

    private enum CodingKeys: String, CodingKey {
        case fields
        case resourceTypes = "resource_types"
    }
}
