/// Why a written value could not be read, phrased to follow the quoted value in a
/// message to the worker: `Cost: "about 200"` + ` is not an amount in pounds`.
public struct UnreadableValue: Error, Hashable, Sendable {
    /// "is not an amount in pounds", "is not a date: February 2026 has 28 days".
    public let reason: String

    public init(_ reason: String) { self.reason = reason }
}
