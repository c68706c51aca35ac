/// Which fields a block of a multi-request email takes from the other blocks (see
/// `FormField.Sharing`):
///
/// - `allBlocks` fields (the worker's details) not given in a block come from the
///   nearest block before it that gives them, else the nearest after it: a sibling
///   group states the locality, team and managers once, at the top or the bottom;
/// - `sameChild` fields come from the block before, but only when the block names no
///   child (gives no field that is both `sameChild` and `startsBlock`): a second
///   resource for the same child need not repeat the child's name and case ID, while
///   a second child never inherits the first child's details.
///
/// Everything else stands alone: a block's cost, dates and reason are its own.
enum FormBlockSharing {
    static func shared(_ blocks: [[FormEntry]], schema: FormSchema) -> [[FormEntry]] {
        guard blocks.count > 1 else { return blocks.map { _ in [] } }
        let allBlocks = schema.fields.filter { $0.sharing == .allBlocks }.map(\.key)
        let sameChild = schema.fields.filter { $0.sharing == .sameChild }.map(\.key)
        let childStarters = Set(schema.fields.filter { $0.sharing == .sameChild && $0.startsBlock }.map(\.key))

        var shared: [[FormEntry]] = blocks.map { _ in [] }
        for key in allBlocks {
            let given = blocks.map { $0.filter { $0.key == key } }
            // Nearest block after each one that gives the key (one backward pass).
            var nextGiving = [Int?](repeating: nil, count: blocks.count)
            var next: Int?
            for i in blocks.indices.reversed() {
                nextGiving[i] = next
                if !given[i].isEmpty { next = i }
            }
            var previous: Int?
            for i in blocks.indices {
                if given[i].isEmpty {
                    if let source = previous ?? nextGiving[i] { shared[i] += given[source] }
                } else {
                    previous = i
                }
            }
        }
        for i in 1..<blocks.count where !blocks[i].contains(where: { childStarters.contains($0.key) }) {
            let previous = blocks[i - 1] + shared[i - 1]
            for key in sameChild where !blocks[i].contains(where: { $0.key == key }) {
                shared[i] += previous.filter { $0.key == key }
            }
        }
        return shared
    }
}
