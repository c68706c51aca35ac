/// A decision token that cannot be made: a configuration problem or a value outside
/// what a token can carry. The description says what to do; none carries a secret.
public enum DecisionTokenError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The secret is shorter than `DecisionKey.minimumBytes`.
    case secretTooShort(bytes: Int)
    /// A reference or version outside what a request token can carry.
    case outOfRange(what: String, value: Int, allowed: ClosedRange<Int>)

    public var description: String {
        switch self {
        case .secretTooShort(let bytes):
            return "the decision-token secret is \(bytes) bytes; use at least \(DecisionKey.minimumBytes) random bytes (for example `openssl rand -base64 32`)"
        case .outOfRange(let what, let value, let allowed):
            return "a decision token cannot carry \(what) \(value); it must be \(allowed.lowerBound) to \(allowed.upperBound)"
        }
    }
}
