import Foundation

/// A request's reference, `ARP-2026-00042`: the year the email reached the panel
/// mailbox (in the panel's time zone) and a sequence number that restarts each year.
public struct RequestReference: Sendable, Hashable, Comparable, CustomStringConvertible {
    public static let prefix = "ARP"
    public let year: Int
    public let sequence: Int

    public init(year: Int, sequence: Int) {
        self.year = year
        self.sequence = sequence
    }

    /// `ARP-2026-00042`. Sequences above 99,999 keep all their digits rather than wrap.
    public var description: String {
        let digits = String(sequence)
        let padded = String(repeating: "0", count: max(0, 5 - digits.count)) + digits
        return "\(Self.prefix)-\(year)-\(padded)"
    }

    /// Parses `ARP-2026-00042` (any case, surrounding space ignored).
    public init?(_ text: some StringProtocol) {
        let parts = text.trimmingCharacters(in: .whitespaces).uppercased().split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == Self.prefix,
              parts[1].count == 4, let year = Int(parts[1]),
              parts[2].count >= 5, parts[2].allSatisfy(\.isASCIIDigit), let sequence = Int(parts[2]), sequence > 0
        else { return nil }
        self.init(year: year, sequence: sequence)
    }

    /// Every `[ARP-yyyy-nnnnn]` tag in a subject line, in order of appearance.
    public static func tags(inSubject subject: String) -> [RequestReference] {
        var found: [RequestReference] = []
        var rest = subject[...]
        while let open = rest.firstIndex(of: "[") {
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "]") else { break }
            if let reference = RequestReference(rest[afterOpen..<close]) { found.append(reference) }
            rest = rest[rest.index(after: open)...]
        }
        return found
    }

    /// The year a moment falls in, in the given time zone: a request that arrives at
    /// 00:30 on 1 January in London belongs to the new year even though UTC says otherwise.
    public static func year(of arrival: Date, in timeZone: TimeZone) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.component(.year, from: arrival)
    }

    public static func < (lhs: RequestReference, rhs: RequestReference) -> Bool {
        (lhs.year, lhs.sequence) < (rhs.year, rhs.sequence)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
