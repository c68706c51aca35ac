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
    /// days), and the instants that bound them in the panel's time zone.
    struct Period: ParsableArguments {
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

    /// Per locality: requests, complete the first time, urgent, retrospective, and days
    /// to complete: where requests come well planned, and where they do not.
    struct Localities: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Summarise requests by locality: how many, complete first time, urgent, retrospective, days to complete.",
            discussion: "Dates are days in the panel's time zone; --to is included. Without dates, the last 30 days.")
        @OptionGroup var options: ConfigOption
        @OptionGroup var period: Period
        @Flag(help: "Print CSV (UTF-8, for a spreadsheet) instead of a table.") var csv = false

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
            if csv {
                FileHandle.standardOutput.write(Data(CSVWriter.document([header] + records)))
                return
            }
            print("Requests that arrived \(days.first) to \(days.last), by locality: \(rows.reduce(0) { $0 + $1.requests })")
            guard !rows.isEmpty else { return }
            print("LOCALITY              REQUESTS  COMPLETE FIRST TIME  URGENT  RETROSPECTIVE  DAYS TO COMPLETE")
            for record in records {
                print([pad(record[0], 21), pad(record[1], 9), pad(record[2], 20), pad(record[3], 7), pad(record[4], 14), record[5]].joined(separator: " "))
            }
        }
    }

    /// The retrospective requests the panel reports to the senior leadership team: the
    /// start date came before the request arrived, so the spend came before approval.
    struct Retrospective: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List retrospective requests: those whose start date is before the day they arrived.",
            discussion: "Dates are days in the panel's time zone; --to is included. Without dates, the last 30 days.")
        @OptionGroup var options: ConfigOption
        @OptionGroup var period: Period
        @Flag(help: "Print CSV (UTF-8, for a spreadsheet) instead of a table.") var csv = false

        func run() async throws {
            let (config, database) = try await CommandRunner.database(options.config)
            let days = try period.days(in: config.timeZone)
            let rows = try database.retrospectiveRequests(arrivedFrom: days.from, to: days.to, schema: config.formSchema, timeZone: config.timeZone)
            let (first, last) = (days.first, days.last)
            let header = ["Reference", "Arrived", "Start date", "Days before", "Resource type", "Cost", "Locality", "Team", "Worker", "Status"]
            let records = rows.map { row -> [String] in
                let request = row.request
                let cost: String = row.form.cost?.description ?? ""
                let locality: String = row.form.text(.locality) ?? ""
                let team: String = row.form.text(.team) ?? ""
                return [request.reference, row.arrivedOn.description, row.startDate.description, String(row.daysBefore),
                        request.resourceType ?? "", cost, locality, team, request.worker, request.status.rawValue]
            }
            if csv {
                FileHandle.standardOutput.write(Data(CSVWriter.document([header] + records)))
                return
            }
            print("Retrospective requests that arrived \(first) to \(last): \(rows.count)")
            guard !rows.isEmpty else { return }
            print("REFERENCE        ARRIVED     START       DAYS  RESOURCE TYPE         COST                  WORKER")
            for record in records {
                print([pad(record[0], 16), pad(record[1], 11), pad(record[2], 11), pad(record[3], 5), pad(record[4], 21), pad(record[5], 21), record[8]]
                    .joined(separator: " "))
            }
        }
    }
}
