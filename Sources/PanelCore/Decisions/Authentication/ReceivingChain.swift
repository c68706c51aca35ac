/// Where each header field stands relative to the moment the message reached the
/// organisation's receiving servers (RFC 8601 section 5, RFC 5321 section 4.4).
///
/// Servers prepend their `Received` field, so reading from the top:
///
/// 1. The topmost `Received` field must be by a receiving host: otherwise the
///    message did not come through the configured server at all.
/// 2. The leading `Received` fields by receiving hosts are the organisation's own
///    hops. The first of them whose `from` host is not a receiving host (nor the
///    machine itself, for content filters) records the **receipt**: the message
///    arriving from outside. With no such field, the message began inside.
/// 3. Fields above the receipt were added after the message arrived (`aboveReceipt`).
///    Fields between the receipt and the next `Received` field (`belowReceipt`) may
///    be the receiving server's too (Gmail writes its results there), or may have come
///    with the message: callers decide. Everything from the next `Received` field on,
///    and from the first `Received` field by a host that is not a receiving host, was
///    written outside (`outside`).
struct ReceivingChain {
    enum Position: Hashable {
        case aboveReceipt
        case belowReceipt
        case outside
    }

    /// The host the topmost `Received` field names as `by`, if there is one.
    let topmostBy: String?
    /// False when there is no `Received` field or the topmost is by a host that is
    /// not a receiving host: nothing in the header can then be trusted.
    let arrivedThroughReceivingHosts: Bool
    /// Index (in the header) of the receipt, if the message came from outside.
    let receipt: Int?
    /// Index of the first field written outside (`fields.count` when none).
    let outsideStart: Int

    init(_ headers: MIMEHeaders, receivingHosts: [HostPattern]) {
        func isOurs(_ host: String?) -> Bool {
            guard let host else { return false }
            return receivingHosts.contains { $0.matches(host) }
        }
        let received = headers.fields.indices.filter { headers.fields[$0].hasName("Received") }
        var topmostBy: String?
        var receipt: Int?
        var outsideStart = headers.fields.count
        var previous: Int?
        for (k, index) in received.enumerated() {
            let field = ReceivedField(headers.fields[index].unfoldedValue)
            if k == 0 { topmostBy = field.by }
            if receipt != nil {
                outsideStart = index // the first Received below the receipt
                break
            }
            guard isOurs(field.by) else {
                // Received by someone else: our last hop was the receipt.
                receipt = previous
                outsideStart = index
                break
            }
            if let from = field.from, !isOurs(from), !ReceivedField.isLoopback(from) { receipt = index }
            previous = index
        }
        self.topmostBy = topmostBy
        self.arrivedThroughReceivingHosts = received.first.map { _ in isOurs(topmostBy) } ?? false
        self.receipt = receipt
        self.outsideStart = arrivedThroughReceivingHosts ? outsideStart : 0
    }

    func position(ofFieldAt index: Int) -> Position {
        if index >= outsideStart { return .outside }
        if let receipt, index > receipt { return .belowReceipt }
        return .aboveReceipt
    }
}
