/// What an APPROVE allows when it is not the request as asked: a lower amount, a
/// shorter term, or both. Both nil: approved as requested.
public struct ApprovalTerms: Hashable, Sendable, CustomStringConvertible {
    /// The amount approved and how often (`APPROVE £85 per day`); nil keeps the request's.
    public var cost: Cost?
    /// The last day funded (`until 18/12/2026`) or a length (`for 6 weeks`); nil keeps the request's.
    public var end: ResourceEnd?

    public init(cost: Cost? = nil, end: ResourceEnd? = nil) {
        self.cost = cost
        self.end = end
    }

    /// `APPROVE` alone: the amount and term the request asked for.
    public static let asRequested = ApprovalTerms()

    /// True when neither the amount nor the term was changed.
    public var isAsRequested: Bool { cost == nil && end == nil }

    /// Ways these terms would approve more than was asked, each a sentence for the
    /// approver: a higher amount, a cost paid at another frequency (which cannot be
    /// compared), or a later end. Empty when they fit within the request.
    ///
    /// - Parameters:
    ///   - requestedCost: the request's cost, if it has one.
    ///   - requestedStart: the request's start, needed to compare a length with an end date.
    ///   - requestedEnd: the request's end.
    public func excess(requestedCost: Cost?, requestedStart: CalendarDay?, requestedEnd: ResourceEnd?) -> [String] {
        var found: [String] = []
        if let cost, let requestedCost {
            if cost.frequency != requestedCost.frequency {
                found.append("the approved amount is \(cost.frequency.phrase) but the request is \(requestedCost.frequency.phrase): give the amount \(requestedCost.frequency.phrase)")
            } else if cost.pence > requestedCost.pence {
                found.append("\(cost) is more than the \(requestedCost) requested: the panel can approve the amount asked or less")
            }
        }
        if let end, let requestedEnd, let start = requestedStart,
           let approvedLast = end.lastDay(from: start) {
            if let requestedLast = requestedEnd.lastDay(from: start), approvedLast > requestedLast {
                found.append("the approval runs to \(UKDateParser.numeric(approvedLast)), after the requested end \(UKDateParser.numeric(requestedLast))")
            }
        }
        return found
    }

    /// "as requested", "£450 per week until 31/03/2027", "for 6 weeks".
    public var description: String {
        var parts: [String] = []
        if let cost { parts.append(cost.description) }
        switch end {
        case .date(let day)?: parts.append("until \(UKDateParser.numeric(day))")
        case .duration?: parts.append("for \(end?.description ?? "")")
        case .ongoing?: parts.append("ongoing")
        case nil: break
        }
        return parts.isEmpty ? "as requested" : parts.joined(separator: " ")
    }
}
