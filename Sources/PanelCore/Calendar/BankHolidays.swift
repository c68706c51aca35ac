import Foundation

/// The bank holidays of one UK division, as published by GOV.UK
/// (https://www.gov.uk/bank-holidays.json).
///
/// The list is finite: GOV.UK publishes about two years ahead, so `runsOut(withinMonths:of:)`
/// lets check-config warn before panelmail starts treating bank holidays as working days.
public struct BankHolidays: Hashable, Sendable {
    public static let defaultDivision = "england-and-wales"

    public let days: Set<CalendarDay>

    public init(_ days: some Sequence<CalendarDay> = []) {
        self.days = Set(days)
    }

    /// Reads GOV.UK's bank-holidays JSON and keeps one division's dates
    /// ("england-and-wales", "scotland" or "northern-ireland"). Titles, notes and bunting
    /// are read past; only the dates matter here.
    public init(json: Data, division: String = BankHolidays.defaultDivision) throws(CalendarError) {
        let divisions: [String: Division]
        do {
            divisions = try JSONDecoder().decode([String: Division].self, from: json)
        } catch let error as DecodingError {
            throw CalendarError.bankHolidaysNotReadable(detail: Self.explain(error))
        } catch {
            throw CalendarError.bankHolidaysNotReadable(detail: "\(error)")
        }
        guard let chosen = divisions[division] else {
            throw CalendarError.unknownDivision(division, available: divisions.keys.sorted())
        }
        var days: [CalendarDay] = []
        for (index, event) in chosen.events.enumerated() {
            guard let day = CalendarDay(iso: event.date) else {
                throw CalendarError.badBankHolidayDate(event.date, division: division, index: index)
            }
            days.append(day)
        }
        self.init(days)
    }

    public func contains(_ day: CalendarDay) -> Bool { days.contains(day) }

    /// The last holiday listed, or nil for an empty list.
    public var lastDay: CalendarDay? { days.max() }

    /// Whether the list ends before `months` calendar months after `day`: true when the
    /// last listed holiday is earlier than that (or the list is empty). check-config warns
    /// when the list runs out within six months of today.
    public func runsOut(withinMonths months: Int, of day: CalendarDay) -> Bool {
        guard let lastDay else { return true }
        return lastDay < Self.adding(months: months, to: day)
    }

    /// The same day of the month `months` months later, clamped to the month's end
    /// (31 August + 6 months is 28 or 29 February).
    static func adding(months: Int, to day: CalendarDay) -> CalendarDay {
        let index = day.year * 12 + (day.month - 1) + months
        let year = index / 12, month = index % 12 + 1
        let clamped = min(day.day, CalendarDay.daysIn(month: month, year: year))
        return CalendarDay(year: year, month: month, day: clamped) ?? day
    }

    private struct Division: Decodable {
        let events: [Event]
    }

    private struct Event: Decodable {
        let date: String
    }

    private static func explain(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "at the top level" : "at \(keys.hasPrefix(".") ? String(keys.dropFirst()) : keys)"
        }
        switch error {
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "it is not valid JSON" : "bad value \(path(context))"
        case .keyNotFound(let key, let context):
            return "\"\(key.stringValue)\" is missing \(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "unexpected value \(path(context))"
        @unknown default:
            return "unreadable"
        }
    }
}
