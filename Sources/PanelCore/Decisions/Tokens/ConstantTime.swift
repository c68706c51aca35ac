/// Comparison whose time does not depend on where two byte strings differ, so a
/// guesser learns nothing from how long a wrong token takes to refuse.
enum ConstantTime {
    /// True when `a` and `b` hold the same bytes. Only the lengths may leak, and
    /// tokens have a fixed, public length.
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        return difference == 0
    }
}
