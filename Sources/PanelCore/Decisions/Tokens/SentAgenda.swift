/// An agenda as it was sent: its number (chosen by whoever stores agendas) and the
/// requests it listed, each at the version the panel was shown. One agenda token
/// covers all of them; the store keeps this list to check the token later.
public struct SentAgenda: Hashable, Sendable {
    /// The store's number for this agenda, carried in clear in the agenda token.
    public let number: UInt32
    /// Sorted, without repeats: the order an agenda was printed in does not matter.
    public let items: [VersionedReference]

    public init(number: UInt32, items: [VersionedReference]) {
        self.number = number
        self.items = Array(Set(items)).sorted()
    }

    /// The version of `reference` the agenda listed (the highest, if listed twice).
    public func version(of reference: RequestReference) -> Int? {
        items.last { $0.reference == reference }?.version
    }

    /// The bytes an agenda token's MAC covers after its payload: one
    /// `ARP-2026-00042=3` line per item.
    var canonicalBytes: [UInt8] {
        Array(items.map { "\($0.reference)=\($0.version)\n" }.joined().utf8)
    }
}
