/// Finds the field a written label stands for: exactly (ignoring case, punctuation,
/// bold markers, a plural "s" and bracketed asides such as "(name and email)"), or as
/// a likely misspelling of one label or synonym.
///
/// Misspellings are looked for only in label-shaped text (at most 40 characters and
/// five words, no "@", not starting with a digit) against labels of five or more
/// letters: one edit (a transposition counts as one) up to eleven letters, two from
/// twelve, with the same first letter (or the first two swapped). Shorter labels
/// ("TM", "Team", "Cost", "From") must be exact, or chat such as "Form: attached"
/// would become a start date; and "Education" must not become "Duration".
struct LabelIndex: Sendable {
    enum Lookup: Equatable {
        case exact(FormFieldKey)
        /// Read as this field, with a note to the worker.
        case corrected(FormFieldKey)
        /// Close to several fields: not read; the worker is asked which.
        case ambiguous([FormFieldKey])
        case none
    }

    private let exact: [String: FormFieldKey]
    private let targets: [(scalars: [Unicode.Scalar], key: FormFieldKey)]
    /// Longer text than this, in UTF-8 bytes, is narrative, not a label: the lookups
    /// skip it, so a long paragraph costs no Unicode work per character.
    let longestWritten: Int
    /// The longest label or synonym as configured, in UTF-8 bytes.
    let longestLabel: Int

    init(schema: FormSchema) {
        var exact: [String: FormFieldKey] = [:]
        var targets: [(scalars: [Unicode.Scalar], key: FormFieldKey)] = []
        var longest = 0
        for field in schema.fields {
            for written in field.allLabels {
                longest = max(longest, written.utf8.count)
                let normal = FormText.labelKey(written)
                guard !normal.isEmpty, exact[normal] == nil else { continue }
                exact[normal] = field.key
                let scalars = Array(normal.unicodeScalars)
                if scalars.count >= 5 { targets.append((scalars, field.key)) }
            }
        }
        self.exact = exact
        self.targets = targets
        // Room for asides, bullets, bold markers and spacing around the longest label.
        self.longestWritten = 2 * longest + 40
        self.longestLabel = longest
    }

    /// Exact matches only (bare labels, table cells that name a field).
    func exactKey(_ written: some StringProtocol) -> FormFieldKey? {
        guard written.utf8.count <= longestWritten else { return nil }
        let normal = FormText.labelKey(written)
        guard !normal.isEmpty else { return nil }
        if let key = exact[normal] { return key }
        if normal.count > 3, normal.hasSuffix("s"), let key = exact[String(normal.dropLast())] { return key }
        let withoutAsides = FormText.labelKey(FormText.removingAsides(written))
        if withoutAsides != normal, !withoutAsides.isEmpty {
            if let key = exact[withoutAsides] { return key }
            if withoutAsides.count > 3, withoutAsides.hasSuffix("s"),
               let key = exact[String(withoutAsides.dropLast())] { return key }
        }
        return nil
    }

    func lookup(_ written: some StringProtocol, allowCorrection: Bool = true) -> Lookup {
        if let key = exactKey(written) { return .exact(key) }
        guard allowCorrection, Self.isLabelShaped(written) else { return .none }
        let normal = FormText.labelKey(FormText.removingAsides(written))
        let scalars = Array(normal.unicodeScalars)
        guard scalars.count >= 5 else { return .none }
        let limit = scalars.count >= 12 ? 2 : 1
        var best = limit + 1
        var keys: [FormFieldKey] = []
        for target in targets {
            let sameStart = target.scalars[0] == scalars[0]
                || (target.scalars[0] == scalars[1] && target.scalars[1] == scalars[0])
            guard sameStart else { continue }
            guard let d = EditDistance.distance(scalars, target.scalars, limit: min(limit, best)) else { continue }
            if d < best {
                best = d
                keys = [target.key]
            } else if d == best, !keys.contains(target.key) {
                keys.append(target.key)
            }
        }
        switch keys.count {
        case 0: return .none
        case 1: return .corrected(keys[0])
        default: return .ambiguous(keys)
        }
    }

    static func isLabelShaped(_ written: some StringProtocol) -> Bool {
        let t = FormText.trim(written)
        guard (1...40).contains(t.count), let first = t.first, !first.isNumber, !t.contains("@") else { return false }
        return t.split(whereSeparator: { FormText.isSpace($0) }).count <= 5
    }
}
