import Foundation
import GRDB
import PanelCore

/// The reports the panel gives managers and senior leaders. Forms are read with
/// today's schema; days are the panel's time zone's.
extension AppDatabase {
    /// Requests that arrived in [`from`, `to`) whose start date came before the day they
    /// arrived: spend already incurred, which the panel reports to senior leaders.
    /// Oldest first. Forms are read with today's schema.
    public func retrospectiveRequests(arrivedFrom from: Date, to: Date, schema: FormSchema, timeZone: TimeZone) throws -> [RetrospectiveRequest] {
        let requests = try writer.read { db in
            try StoredRequest.filter(Column("arrivedAt") >= from && Column("arrivedAt") < to)
                .order(Column("arrivedAt"), Column("id")).fetchAll(db)
        }
        let parser = FormParser(schema: schema)
        return requests.compactMap { request in
            guard let record = request.formRecord else { return nil }
            let form = parser.restore(record)
            let arrived = timeZone.localDateTime(of: request.arrivedAt).day
            guard let start = form.startDate, let days = form.daysRetrospective(arrivedOn: arrived) else { return nil }
            return RetrospectiveRequest(request: request, form: form, startDate: start, arrivedOn: arrived, daysBefore: days)
        }
    }

    /// Per locality (as the forms name it), the requests that arrived in [`from`, `to`):
    /// how many, how many were complete the first time, how many were urgent or
    /// retrospective, and the mean days from arrival to complete. The panel uses it to
    /// see, and thank, the localities whose requests come well planned.
    public func localitySummaries(arrivedFrom from: Date, to: Date, schema: FormSchema, timeZone: TimeZone) throws -> [LocalitySummary] {
        let (requests, firstReceipts) = try writer.read { db in
            let requests = try StoredRequest.filter(Column("arrivedAt") >= from && Column("arrivedAt") < to)
                .order(Column("arrivedAt"), Column("id")).fetchAll(db)
            var first: [Int64: String] = [:]
            let rows = try Row.fetchAll(db, sql: """
                SELECT requestId, detail FROM requestEvent WHERE event = ? AND requestId IN
                    (SELECT id FROM request WHERE arrivedAt >= ? AND arrivedAt < ?)
                ORDER BY id
                """, arguments: [RequestEvent.Kind.received.rawValue, from, to])
            for row in rows {
                let id: Int64 = row["requestId"]
                if first[id] == nil { first[id] = row["detail"] }
            }
            return (requests, first)
        }
        let parser = FormParser(schema: schema)
        var byLocality: [String: LocalitySummary] = [:]
        for request in requests {
            let form = request.formRecord.map(parser.restore)
            let locality = form?.text(.locality).map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }.flatMap { $0.isEmpty ? nil : $0 } ?? "(not given)"
            var summary = byLocality[locality.lowercased()] ?? LocalitySummary(locality: locality)
            summary.requests += 1
            if request.urgent { summary.urgent += 1 }
            if let id = request.id, firstReceipts[id] == "complete" { summary.completeFirstTime += 1 }
            if let form, form.daysRetrospective(arrivedOn: timeZone.localDateTime(of: request.arrivedAt).day) != nil { summary.retrospective += 1 }
            if let completed = request.completedAt {
                summary.completedDays.append(max(0, completed.timeIntervalSince(request.arrivedAt)) / 86_400)
            }
            byLocality[locality.lowercased()] = summary
        }
        return byLocality.values.sorted { ($0.requests, $1.locality) > ($1.requests, $0.locality) }
    }
}

/// A request whose start date came before it arrived.
public struct RetrospectiveRequest: Sendable {
    public var request: StoredRequest
    public var form: RequestForm
    public var startDate: CalendarDay
    public var arrivedOn: CalendarDay
    /// How many days the start date is before the day the request arrived.
    public var daysBefore: Int
}

/// One locality's requests over a period.
public struct LocalitySummary: Sendable, Equatable {
    public var locality: String
    public var requests = 0
    public var completeFirstTime = 0
    public var urgent = 0
    public var retrospective = 0
    /// Days from arrival to complete, for the requests that became complete.
    public var completedDays: [Double] = []

    public init(locality: String) { self.locality = locality }

    /// The mean days from arrival to complete; nil when none became complete.
    public var meanDaysToComplete: Double? {
        completedDays.isEmpty ? nil : completedDays.reduce(0, +) / Double(completedDays.count)
    }
}
