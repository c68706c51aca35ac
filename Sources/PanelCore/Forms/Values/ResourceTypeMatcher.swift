/// Matches a written resource type against the schema's types and synonyms, ignoring
/// case and punctuation: exactly first ("IFA placement"), then by the longest type
/// word contained in the text ("Placement - residential", "PAMs parenting assessment
/// for mum"). Two types matched equally well is ambiguous and refused.
struct ResourceTypeMatcher: Sendable {
    private let exact: [String: ResourceType]
    private let phrases: [(phrase: String, type: ResourceType)]
    private let names: [String]

    init(types: [ResourceType]) {
        var exact: [String: ResourceType] = [:]
        var phrases: [(phrase: String, type: ResourceType)] = []
        for type in types {
            for written in [type.name] + type.synonyms {
                let key = FormText.labelKey(written)
                guard !key.isEmpty, exact[key] == nil else { continue }
                exact[key] = type
                phrases.append((key, type))
            }
        }
        self.exact = exact
        self.phrases = phrases.sorted { $0.phrase.count > $1.phrase.count }
        self.names = types.map(\.name)
    }

    func match(_ text: String) -> Result<ResourceType, UnreadableValue> {
        let key = FormText.labelKey(text)
        if let type = exact[key] { return .success(type) }
        let plain = FormText.labelKey(FormText.removingAsides(text))
        if let type = exact[plain] { return .success(type) }
        let padded = " \(key) "
        var best: (length: Int, types: [ResourceType])?
        for (phrase, type) in phrases {
            if let b = best, phrase.count < b.length { break }
            guard padded.contains(" \(phrase) ") else { continue }
            if var b = best {
                if !b.types.contains(type) { b.types.append(type) }
                best = b
            } else {
                best = (phrase.count, [type])
            }
        }
        if let best {
            if best.types.count == 1 { return .success(best.types[0]) }
            let inOrder = names.filter { name in best.types.contains { $0.name == name } }
            return .failure(UnreadableValue(
                "matches more than one resource type (\(FormText.list(inOrder, conjunction: "and"))): give one request per resource"))
        }
        return .failure(UnreadableValue(
            "is not one of the resource types: \(FormText.list(names, conjunction: "or"))"))
    }
}

extension FormSchema {
    /// The resource type a worker's words name, or why none does.
    public func resourceType(matching text: String) -> Result<ResourceType, UnreadableValue> {
        ResourceTypeMatcher(types: resourceTypes).match(text)
    }
}
