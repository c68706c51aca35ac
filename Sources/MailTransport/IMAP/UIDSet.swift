/// IMAP `sequence-set` text for UIDs (RFC 3501 section 9): "1:5,7,9:12".
public enum UIDSet {
    /// Sorted, de-duplicated closed ranges covering `uids`.
    public static func ranges(_ uids: some Sequence<UInt32>) -> [ClosedRange<UInt32>] {
        let sorted = Array(Set(uids)).sorted()
        guard var start = sorted.first else { return [] }
        var result: [ClosedRange<UInt32>] = []
        var previous = start
        for uid in sorted.dropFirst() {
            if uid == previous + 1 {
                previous = uid
                continue
            }
            result.append(start...previous)
            start = uid
            previous = uid
        }
        result.append(start...previous)
        return result
    }

    /// The compressed set, e.g. `[9, 1, 2, 3, 5]` gives "1:3,5,9".
    public static func format(_ uids: some Sequence<UInt32>) -> String {
        ranges(uids).map(text).joined(separator: ",")
    }

    /// The compressed set split into pieces of at most `maxLength` characters, so that each
    /// command line stays short (servers accept at least 8,000 octets; RFC 7162 section 4).
    /// UIDs are never split across pieces, and UID 0 is dropped (it is not a valid UID).
    public static func chunks(_ uids: some Sequence<UInt32>, maxLength: Int = 4000) -> [String] {
        var result: [String] = []
        var current = ""
        for range in ranges(uids.lazy.filter { $0 != 0 }) {
            let piece = text(range)
            if !current.isEmpty, current.utf8.count + 1 + piece.utf8.count > maxLength {
                result.append(current)
                current = ""
            }
            current += current.isEmpty ? piece : "," + piece
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// Expands a set such as "3:5,9" into its UIDs in the order written, so COPYUID's
    /// source and destination sets pair up (RFC 4315 section 3). `*` is not allowed here.
    /// Returns nil for malformed text or for more than `limit` UIDs.
    public static func parse(_ text: some StringProtocol, limit: Int = 1_000_000) -> [UInt32]? {
        var result: [UInt32] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: ":", omittingEmptySubsequences: false)
            guard bounds.count == 1 || bounds.count == 2 else { return nil }
            guard let first = UInt32(bounds[0]), let last = UInt32(bounds[bounds.count - 1]) else { return nil }
            let low = min(first, last)
            let high = max(first, last)
            guard result.count + Int(high - low) + 1 <= limit else { return nil }
            // RFC 4315: "2:4" and "4:2" are the same set; COPYUID lists them in ascending order.
            result.append(contentsOf: low...high)
        }
        return result
    }

    private static func text(_ range: ClosedRange<UInt32>) -> String {
        range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound):\(range.upperBound)"
    }
}
