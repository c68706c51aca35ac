/// A host name, or a pattern with `*` standing for any run of characters, compared
/// without regard to case: `mx.council.gov.uk`, `*.prod.outlook.com`, `2002:*`
/// (Google's internal hops are written as IPv6 addresses).
public struct HostPattern: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// Lower-cased, trailing dot removed.
    public let pattern: String

    public init(_ pattern: String) {
        var p = pattern.trimmingASCIIWhitespace.lowercased()
        while p.last == "." { p.removeLast() }
        self.pattern = p
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    /// True when `host` (a name, or an address literal as written) fits the pattern.
    public func matches(_ host: String) -> Bool {
        var h = host.lowercased()
        while h.last == "." { h.removeLast() }
        guard !h.isEmpty, h.utf8.count <= 255 else { return false }
        return Self.glob(Array(pattern.utf8), Array(h.utf8))
    }

    /// Wildcard match with `*`; backtracks only to the last star, so it is
    /// O(pattern × text) at worst, and both are short.
    static func glob(_ p: [UInt8], _ t: [UInt8]) -> Bool {
        var pi = 0
        var ti = 0
        var star: Int?
        var resume = 0
        while ti < t.count {
            if pi < p.count, p[pi] == UInt8(ascii: "*") {
                star = pi
                resume = ti
                pi += 1
            } else if pi < p.count, p[pi] == t[ti] {
                pi += 1
                ti += 1
            } else if let s = star {
                pi = s + 1
                resume += 1
                ti = resume
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }

    public var description: String { pattern }
}
