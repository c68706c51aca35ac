/// One field of the panel's request form: how to recognise its label, what its value
/// is, whether the panel needs it, and how it behaves when one email holds several
/// requests (see `FormParser` for blocks).
///
/// Plain data, so the daemon can build it from YAML; `Codable` reads snake_case keys
/// and gives every key but `key`, `label` and `kind` a default:
///
/// ```yaml
/// - key: cost
///   label: Cost
///   synonyms: [Amount, Weekly cost]
///   kind: money
///   required: true
///   affects_decision: true
/// ```
public struct FormField: Hashable, Sendable, Codable {
    /// How a field given in one block of a multi-request email reaches the others.
    public enum Sharing: String, Hashable, Sendable, Codable {
        /// Each block gives its own (resource, cost, dates, reason).
        case none
        /// The worker's details: given once in the email, they apply to every block
        /// that does not give its own (locality, team, social worker, managers).
        case allBlocks = "all_blocks"
        /// The child's details: a block that names no child (it gives none of the
        /// fields that are both `sameChild` and `startsBlock`) is about the child of
        /// the block before it, and takes these from it (child's name, case ID, IRO).
        case sameChild = "same_child"
    }

    public var key: FormFieldKey
    /// The label shown to workers: "Case ID".
    public var label: String
    /// Other labels accepted for it: "Case number", "LCS ID".
    public var synonyms: [String]
    public var isRequired: Bool
    public var kind: FormValueKind
    /// A second label for this field in one block starts a new block (a second child,
    /// a second resource) instead of contradicting the first.
    public var startsBlock: Bool
    public var sharing: Sharing
    /// The panel's decision depends on this value: a change makes a new version of
    /// the request (see `DecisionFingerprint`).
    public var affectsDecision: Bool
    /// When not given, the value is the email's sender (the social worker).
    public var defaultsToSender: Bool

    public init(
        key: FormFieldKey,
        label: String,
        synonyms: [String] = [],
        isRequired: Bool,
        kind: FormValueKind,
        startsBlock: Bool = false,
        sharing: Sharing = .none,
        affectsDecision: Bool = false,
        defaultsToSender: Bool = false
    ) {
        self.key = key
        self.label = label
        self.synonyms = synonyms
        self.isRequired = isRequired
        self.kind = kind
        self.startsBlock = startsBlock
        self.sharing = sharing
        self.affectsDecision = affectsDecision
        self.defaultsToSender = defaultsToSender
    }

    /// The label and its synonyms.
    public var allLabels: [String] { [label] + synonyms }

    private enum CodingKeys: String, CodingKey {
        case key, label, synonyms, kind
        case isRequired = "required"
        case startsBlock = "starts_block"
        case sharing
        case affectsDecision = "affects_decision"
        case defaultsToSender = "defaults_to_sender"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        key = try c.decode(FormFieldKey.self, forKey: .key)
        label = try c.decode(String.self, forKey: .label)
        kind = try c.decode(FormValueKind.self, forKey: .kind)
        synonyms = try c.decodeIfPresent([String].self, forKey: .synonyms) ?? []
        isRequired = try c.decodeIfPresent(Bool.self, forKey: .isRequired) ?? false
        startsBlock = try c.decodeIfPresent(Bool.self, forKey: .startsBlock) ?? false
        sharing = try c.decodeIfPresent(Sharing.self, forKey: .sharing) ?? .none
        affectsDecision = try c.decodeIfPresent(Bool.self, forKey: .affectsDecision) ?? false
        defaultsToSender = try c.decodeIfPresent(Bool.self, forKey: .defaultsToSender) ?? false
    }
}
