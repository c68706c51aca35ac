import ArgumentParser
import Foundation
import PanelCore
import PanelDaemon
import PanelStore

struct Requests: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List requests, or show one.",
        subcommands: [List.self, Show.self, History.self], defaultSubcommand: List.self)

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a request's history: every change of state, when, who, and the email that caused it.")
        @OptionGroup var options: ConfigOption
        @Argument(help: "The reference, e.g. ARP-2026-00042.") var reference: String

        func run() async throws {
            let (config, history) = try await Requests.lookUp(reference, options.config) { try $0.history(reference: $1) }
            print("\(history.request.reference): \(history.request.subject)")
            for event in history.events {
                let when = PanelDateFormat.short(event.at, timeZone: config.timeZone)
                print("\(when)  \(pad(event.event.rawValue, 14)) \(event.actor)")
                print("      \(event.detail)")
                if let id = event.messageIDHeader { print("      message <\(id)>") }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List requests, newest first.")
        @OptionGroup var options: ConfigOption
        @Option(help: "How many to list.") var limit = 50
        @Option(help: "Only this status: \(StoredRequest.Status.allCases.map(\.rawValue).joined(separator: ", ")).")
        var status: String?
        @Flag(help: "Only urgent requests.") var urgent = false

        func validate() throws {
            if let status, StoredRequest.Status.allCases.first(where: { $0.rawValue.lowercased() == status.lowercased() }) == nil {
                throw ValidationError("unknown status \"\(status)\": use one of \(StoredRequest.Status.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() async throws {
            let (config, database) = try await CommandRunner.database(options.config)
            let filter = status.flatMap { text in StoredRequest.Status.allCases.first { $0.rawValue.lowercased() == text.lowercased() } }
            let rows = try database.requests(limit: limit, status: filter, urgentOnly: urgent)
            if rows.isEmpty { print(filter == nil && !urgent ? "No requests yet." : "No requests match."); return }
            let zone = config.timeZone
            print("REFERENCE        ARRIVED           STATUS            URGENT  PANEL OR DUE      WORKER")
            for request in rows {
                let when = (request.dueAt ?? request.panelSittingAt).map { PanelDateFormat.short($0, timeZone: zone) } ?? "-"
                print([
                    pad(request.reference, 16), PanelDateFormat.short(request.arrivedAt, timeZone: zone) + " ",
                    pad(request.status.rawValue, 17), pad(request.urgent ? "yes" : "", 7), pad(when, 17), request.worker,
                ].joined(separator: " "))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one request: the form as understood, urgency, due time, panel date, problems, messages, attachments and emails sent.")
        @OptionGroup var options: ConfigOption
        @Argument(help: "The reference, e.g. ARP-2026-00042.") var reference: String

        func run() async throws {
            let (config, detail) = try await Requests.lookUp(reference, options.config) { try $0.request(reference: $1) }
            let zone = config.timeZone
            let request = detail.request
            let rules = config.requestRules
            print("Reference:  \(request.reference)")
            print("Status:     \(request.status.rawValue): \(Self.explain(request.status))")
            print("Urgent:     \(request.urgent ? "yes" : "no")")
            if let due = request.dueAt {
                print("Due:        decision due by \(PanelDateFormat.long(due, timeZone: zone))")
            }
            if let sitting = request.panelSittingAt {
                let deadline = request.panelDeadlineAt.map { " (forms due by \(PanelDateFormat.long($0, timeZone: zone)))" } ?? ""
                print("Panel:      \(PanelDateFormat.long(sitting, timeZone: zone))\(deadline), provisional until sign-offs are in")
            } else if request.status == .listed {
                print("Panel:      not yet placed: the panel calendar offered no sitting")
            }
            print("Version:    \(request.version)")
            if let duplicate = request.possibleDuplicateOf {
                print("Duplicate:  possibly of \(duplicate) (same case ID and resource type, still open)")
            }
            print("Received:   \(PanelDateFormat.long(request.arrivedAt, timeZone: zone))")
            if let completed = request.completedAt {
                print("Completed:  \(PanelDateFormat.long(completed, timeZone: zone))")
            }
            print("Worker:     \(request.worker)")
            print("Subject:    \(request.subject)")
            if let record = request.formRecord {
                let form = FormParser(schema: rules.schema).restore(record)
                print("\nForm (as understood):")
                for field in rules.schema.fields {
                    let shown: String
                    if let value = form.values[field.key] {
                        shown = value.description
                    } else {
                        shown = field.isRequired ? "(missing)" : "-"
                    }
                    let lines = shown.split(separator: "\n", omittingEmptySubsequences: false)
                    print("  \(field.label): \(lines.first ?? "")")
                    for line in lines.dropFirst() { print("    \(line)") }
                    if field.key == .cost, let total = form.totalPence, form.cost?.frequency != .oneOff {
                        print("  Total: \(Cost.pounds(total))")
                    }
                }
                if !form.problems.isEmpty {
                    print("\nProblems:")
                    for problem in form.problems { print("  - \(problem.message)\(problem.isBlocking ? "" : " (a note)")") }
                }
            }
            if !detail.signOffs.isEmpty {
                print("\nSign-offs:")
                for signOff in detail.signOffs { print("  \(signOff.summary)") }
            }
            print("\nMessages:")
            for message in detail.messages {
                print("  \(PanelDateFormat.short(message.arrivedAt, timeZone: zone))  \(message.kind.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0)) \(message.sender ?? "-")  \(message.subject)")
            }
            if !detail.attachments.isEmpty {
                print("\nAttachments:")
                for attachment in detail.attachments {
                    print("  \(attachment.filename ?? "(no name)")  \(attachment.contentType)  \(ByteSize(attachment.size))  sha256:\(attachment.sha256)")
                }
            }
            print("\nEmails sent:")
            for row in detail.outbox {
                print("  \(row.purpose.padding(toLength: 16, withPad: " ", startingAt: 0)) \(row.status.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) to \(row.recipientList.joined(separator: ", "))\(row.reason.map { "  (\($0))" } ?? "")")
            }
        }
    }
}

extension Requests {
    /// Checks the reference, opens the database and fetches what `fetch` asks for; an
    /// unknown reference is exit 66 with the reason on stderr.
    static func lookUp<T>(_ reference: String, _ configPath: String, _ fetch: (AppDatabase, String) throws -> T) async throws -> (PanelConfig, T) {
        guard RequestReference(reference) != nil else {
            throw ValidationError("\"\(reference)\" is not a reference: they look like ARP-2026-00042")
        }
        let (config, database) = try await CommandRunner.database(configPath)
        do {
            return (config, try fetch(database, reference))
        } catch {
            FileHandle.standardError.write(Data("panelmail: \(error)\n".utf8))
            throw ExitCode(Sysexits.noInput)
        }
    }
}

extension Requests.Show {
    static func explain(_ status: StoredRequest.Status) -> String {
        switch status {
        case .open: return "recorded before request forms were read"
        case .incomplete: return "something is missing; the worker has been told what"
        case .awaitingDecision: return "complete and urgent, for the duty panel member"
        case .listed: return "complete, listed for the weekly panel"
        case .approved: return "approved; the worker and team manager have been told"
        case .declined: return "declined; the worker and team manager have been told"
        case .withdrawn: return "withdrawn by the worker or team manager; nobody needs to decide it"
        case .alternativesAdvised: return "alternatives to explore first; the worker and team manager have been told which"
        case .moreInfoRequested: return "the decision-maker asked for more information; the worker has been told what"
        }
    }
}

/// Pads or keeps a column to `width` characters.
func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text.padding(toLength: width, withPad: " ", startingAt: 0)
}

struct Outbox: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the outbox, and release or drop held email.", subcommands: [List.self, Release.self, Drop.self], defaultSubcommand: List.self)

    struct Release: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send a held email after all (check its recipients first with outbox list --status held).",
            discussion: "The running daemon sends it within seconds; panelmail once sends it now.")
        @OptionGroup var options: ConfigOption
        @Argument(help: "The outbox id, as outbox list shows it (#12 or 12).") var id: String

        func run() async throws {
            try await Outbox.change(id, options.config) { database, id in
                try database.releaseHeld(id, by: NSUserName(), at: Date())
            } done: { "email #\($0) released: it will be sent" } missing: { "no held email has the id \($0)" }
        }
    }

    struct Drop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give up on a held or queued email: it is never sent.")
        @OptionGroup var options: ConfigOption
        @Argument(help: "The outbox id, as outbox list shows it (#12 or 12).") var id: String

        func run() async throws {
            try await Outbox.change(id, options.config) { database, id in
                try database.dropWaiting(id, by: NSUserName(), at: Date())
            } done: { "email #\($0) dropped: it will not be sent" } missing: { "no held or queued email has the id \($0)" }
        }
    }

    static func change(_ text: String, _ config: String, _ apply: (AppDatabase, Int64) throws -> Bool, done: (Int64) -> String, missing: (Int64) -> String) async throws {
        guard let id = Int64(text.trimmingCharacters(in: CharacterSet(charactersIn: "# "))), id > 0 else {
            throw ValidationError("\"\(text)\" is not an outbox id: use the number outbox list shows, e.g. 12")
        }
        umask(0o077)
        let (_, database) = try await CommandRunner.database(config)
        guard try apply(database, id) else {
            FileHandle.standardError.write(Data("panelmail: \(missing(id))\n".utf8))
            throw ExitCode(Sysexits.noInput)
        }
        print(done(id))
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List outgoing email, newest first, with held and failed mail and the reason.")
        @OptionGroup var options: ConfigOption
        @Option(help: "Only this status: \(OutboxMessage.Status.allCases.map(\.rawValue).joined(separator: ", ")).")
        var status: String?
        @Option(help: "How many to list.") var limit = 50

        func run() async throws {
            var filter: OutboxMessage.Status?
            if let status {
                guard let parsed = OutboxMessage.Status(rawValue: status.lowercased()) else {
                    throw ValidationError("unknown status \"\(status)\": use one of \(OutboxMessage.Status.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                filter = parsed
            }
            let (config, database) = try await CommandRunner.database(options.config)
            let counts = try database.outboxCounts()
            print(OutboxMessage.Status.allCases.map { "\($0.rawValue): \(counts[$0] ?? 0)" }.joined(separator: "  "))
            let rows = try database.outbox(status: filter, limit: limit)
            for row in rows {
                let when = PanelDateFormat.short(row.sentAt ?? row.createdAt, timeZone: config.timeZone)
                print("#\(row.id)  \(when)  \(row.status.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \(row.purpose.padding(toLength: 16, withPad: " ", startingAt: 0)) \(row.reference ?? "-")  to \(row.recipientList.joined(separator: ", "))  attempts \(row.attempts)")
                if let reason = row.reason { print("      reason: \(reason)") }
            }
        }
    }
}
