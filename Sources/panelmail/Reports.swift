import ArgumentParser
import Foundation
import PanelCore
import PanelDaemon
import PanelStore

struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Reports for the panel and senior leaders.",
        subcommands: [Retrospective.self])

    /// The retrospective requests the panel reports to the senior leadership team: the
    /// start date came before the request arrived, so the spend came before approval.
    struct Retrospective: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List retrospective requests: those whose start date is before the day they arrived.",
            discussion: "Dates are days in the panel's time zone; --to is included. Without dates, the last 30 days.")
        @OptionGroup var options: ConfigOption
        @Option(help: ArgumentHelp("The first arrival day, YYYY-MM-DD.", valueName: "day")) var from: String?
        @Option(help: ArgumentHelp("The last arrival day, YYYY-MM-DD.", valueName: "day")) var to: String?
        @Flag(help: "Print CSV (UTF-8, for a spreadsheet) instead of a table.") var csv = false

        func validate() throws {
            for (name, value) in [("--from", from), ("--to", to)] {
                if let value, CalendarDay(iso: value) == nil {
                    throw ValidationError("\(name) \"\(value)\" is not a day such as 2026-09-01")
                }
            }
        }

        func run() async throws {
            let (config, database) = try await CommandRunner.database(options.config)
            let zone = config.timeZone
            let today = zone.localDateTime(of: Date()).day
            let last = to.flatMap { CalendarDay(iso: $0) } ?? today
            let first = from.flatMap { CalendarDay(iso: $0) } ?? last.adding(days: -29)
            guard first <= last else { throw ValidationError("--from \(first) is after --to \(last)") }
            let midnight = LocalTime(hour: 0, minute: 0)!
            let rows = try database.retrospectiveRequests(
                arrivedFrom: zone.instant(of: midnight, on: first), to: zone.instant(of: midnight, on: last.adding(days: 1)),
                schema: config.formSchema, timeZone: zone)
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
