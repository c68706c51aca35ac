/// The optimal-string-alignment distance (Levenshtein plus adjacent transpositions),
/// so "csae id" is one edit from "case id". Gives up (nil) once the distance must
/// exceed `limit`; callers keep both strings short (labels), so a check is cheap.
enum EditDistance {
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int? {
        if abs(a.count - b.count) > limit { return nil }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        let n = b.count
        var previous2 = [Int](repeating: 0, count: n + 1)
        var previous = [Int](0...n)
        var current = [Int](repeating: 0, count: n + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMin = i
            for j in 1...n {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var d = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d = min(d, previous2[j - 2] + 1)
                }
                current[j] = d
                rowMin = min(rowMin, d)
            }
            if rowMin > limit { return nil }
            swap(&previous2, &previous)
            swap(&previous, &current)
        }
        return previous[n] <= limit ? previous[n] : nil
    }
}
