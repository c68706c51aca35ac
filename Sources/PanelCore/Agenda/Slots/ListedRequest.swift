import Foundation

/// A request on a sitting's agenda, with what slot allocation orders by.
public struct ListedRequest: Hashable, Sendable {
    public let reference: RequestReference
    /// The worker's locality ("Cheltenham", "Forest of Dean"), as written on the form.
    public let locality: String
    /// When the request reached the panel mailbox.
    public let arrivedAt: Date

    public init(reference: RequestReference, locality: String, arrivedAt: Date) {
        self.reference = reference
        self.locality = locality.trimmingCharacters(in: .whitespacesAndNewlines)
        self.arrivedAt = arrivedAt
    }

    /// Localities compare ignoring case and runs of spaces, so "Forest of  dean" sits with
    /// "Forest of Dean". A request with no locality sorts after all that have one.
    var localityKey: (hasNone: Bool, name: String) {
        let words = locality.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return (words.isEmpty, words)
    }

    /// Locality, then arrival, then reference.
    static func agendaOrder(_ lhs: ListedRequest, _ rhs: ListedRequest) -> Bool {
        let (l, r) = (lhs.localityKey, rhs.localityKey)
        if l != r { return (l.hasNone ? 1 : 0, l.name) < (r.hasNone ? 1 : 0, r.name) }
        if lhs.arrivedAt != rhs.arrivedAt { return lhs.arrivedAt < rhs.arrivedAt }
        return lhs.reference < rhs.reference
    }
}
