/// An amount in pounds, held in pence (never floating point), and how often it is paid.
public struct Cost: Hashable, Sendable, CustomStringConvertible {
    /// The amount in pence: £1,250.50 is 125050.
    public var pence: Int
    public var frequency: CostFrequency

    public init(pence: Int, frequency: CostFrequency) {
        self.pence = pence
        self.frequency = frequency
    }

    /// "£1,250.50 per month", "£200 one-off".
    public var description: String { "\(Self.pounds(pence)) \(frequency.phrase)" }

    /// "£1,250.50", "£450" (pence shown only when there are any).
    public static func pounds(_ pence: Int) -> String {
        let sign = pence < 0 ? "-" : ""
        let magnitude = pence.magnitude
        let whole = String(magnitude / 100)
        var grouped = ""
        for (i, c) in whole.enumerated() {
            if i > 0, (whole.count - i) % 3 == 0 { grouped.append(",") }
            grouped.append(c)
        }
        let rest = magnitude % 100
        let fraction = rest == 0 ? "" : "." + (rest < 10 ? "0" : "") + String(rest)
        return "\(sign)£\(grouped)\(fraction)"
    }
}
