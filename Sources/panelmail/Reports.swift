import ArgumentParser
import Foundation
import PanelCore
import PanelDaemon
import PanelStore

struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Reports for the panel and senior leaders.",
        subcommands: [Retrospective.self, Localities.self])

    /// The arrival days a report covers, as the options give them (default: the last 30
    /// days), the instants that bound them in the panel's time zone, and the format.
    struct Period: ParsableArguments {
        @Flag(help: "Print CSV (UTF-8, for a spreadsheet) instead of a table.") var csv = false
        @Option(help: ArgumentHelp("The first arrival day, YYYY-MM-DD.", valueName: "day")) var from: String?
        @Option(help: ArgumentHelp("The last arrival day, YYYY-MM-DD (included).", valueName: "day")) var to: String?

        func validate() throws {
            for (name, value) in [("--from", from), ("--to", to)] {
                if let value, CalendarDay(iso: value) == nil {
                    throw ValidationError("\(name) \"\(value)\" is not a day such as 2026-09-01")
                }
            }
            if let first = from.flatMap({ CalendarDay(iso: $0) }), let last = to.flatMap({ CalendarDay(iso: $0) }), first > last {
                throw ValidationError("--from \(first) is after --to \(last)")
            }
        }

        func days(in zone: TimeZone) throws -> (first: CalendarDay, last: CalendarDay, from: Date, to: Date) {
            let last = to.flatMap { CalendarDay(iso: $0) } ?? zone.localDateTime(of: Date()).day
            let first = from.flatMap { CalendarDay(iso: $0) } ?? last.adding(days: -29)
            guard first <= last else { throw ValidationError("--from \(first) is after --to \(last)") }
            let midnight = LocalTime(hour: 0, minute: 0)!
            return (first, last, zone.instant(of: midnight, on: first), zone.instant(of: midnight, on: last.adding(days: 1)))
        }
    }

    static let periodHelp = "Dates are days in the panel's time zone; --to is included. Without dates, the last 30 days."

    /// Prints a report: CSV (header and every column), or a title and, when there are
    /// rows, a table of the `columns` (index, width; the last one unpadded).
    static func emit(title: String, header: [String], records: [[String]], csv: Bool, columns: [(index: Int, width: Int)]) {
        if csv {
            FileHandle.standardOutput.write(Data(CSVWriter.document([header] + records)))
            return
        }
        print(title)
        guard !records.isEmpty else { return }
        func line(_ fields: [String]) -> String {
            columns.enumerated().map { i, column in
                i == columns.count - 1 ? fields[column.index] : pad(fields[column.index], column.width)
            }.joined(separator: " ")
        }
        print(line(header.map { $0.uppercased() }))
        for record in records { print(line(record)) }
    }

    /// Per locality: requests, complete the first time, urgent, retrospective, and days
    /// to complete: where requests come well planned, and where they do not.
    struct Localities: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Summarise requests by locality: how many, complete first time, urgent, retrospective, days to complete.",
            discussion: Report.periodHelp)
        @OptionGroup var options: ConfigOption
        @OptionGroup var period: Period

        func run() async throws {
            let (config, database) = try await CommandRunner.database(options.config)
            let days = try period.days(in: config.timeZone)
            let rows = try database.localitySummaries(arrivedFrom: days.from, to: days.to, schema: config.formSchema, timeZone: config.timeZone)
            let header = ["Locality", "Requests", "Complete first time", "Urgent", "Retrospective", "Mean days to complete"]
            let records = rows.map { row -> [String] in
                let share = row.requests == 0 ? "" : " (\(row.completeFirstTime * 100 / row.requests)%)"
                let mean = row.meanDaysToComplete.map { String(format: "%.1f", $0) } ?? "-"
                return [row.locality, String(row.requests), "\(row.completeFirstTime)\(share)", String(row.urgent), String(row.retrospective), mean]
            }
            Report.emit(title: "Requests that arrived \(days.first) to \(days.last), by locality: \(rows.reduce(0) { $0 + $1.requests })",
                        header: header, records: records, csv: period.csv, columns: [(0, 21), (1, 9), (2, 20), (3, 7), (4, 14), (5, 0)])
        }
    }

    /// The retrospective requests the panel reports to the senior leadership team: the
    /// start date came before the request arrived, so the spend came before approval.
    struct Retrospective: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List retrospective requests: those whose start date is before the day they arrived.",
            discussion: Report.periodHelp)
        @OptionGroup var options: ConfigOption
        @OptionGroup var period: Period

        func run() async throws {
            let (config, database) = try await CommandRunner.database(options.config)
            let days = try period.days(in: config.timeZone)
            let rows = try database.retrospectiveRequests(arrivedFrom: days.from, to: days.to, schema: config.formSchema, timeZone: config.timeZone)
            let header = ["Reference", "Arrived", "Start date", "Days before", "Resource type", "Cost", "Locality", "Team", "Worker", "Status"]
            let records = rows.map { row -> [String] in
                let request = row.request
                let cost: String = row.form.cost?.description ?? ""
                let locality: String = row.form.text(.locality) ?? ""
                let team: String = row.form.text(.team) ?? ""
                return [request.reference, row.arrivedOn.description, row.startDate.description, String(row.daysBefore),
                        request.resourceType ?? "", cost, locality, team, request.worker, request.status.rawValue]
            }
            Report.emit(title: "Retrospective requests that arrived \(days.first) to \(days.last): \(rows.count)",
                        header: header, records: records, csv: period.csv, columns: [(0, 16), (1, 11), (2, 11), (3, 12), (4, 21), (5, 21), (8, 0)])
        }
    }
}
