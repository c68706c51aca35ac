import ArgumentParser
import CCurl
import Foundation
import Logging
import PanelDaemon
import PanelStore

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the daemon: poll the mailbox and send the outbox until SIGTERM or SIGINT.",
        discussion: "A stop signal lets the message in hand be recorded and moved, then exits cleanly.")
    @OptionGroup var options: ConfigOption

    func run() async throws {
        try await CommandRunner.run(options.config) { app in try await app.run() }
    }
}

struct Once: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Poll the mailbox once, send what is due, then exit.")
    @OptionGroup var options: ConfigOption
    @Flag(help: "Record and queue only; leave the outbox for the next run (e.g. when first taking over a full mailbox).")
    var skipOutbox = false

    func run() async throws {
        try await CommandRunner.run(options.config) { app in
            let (intake, outbox) = try await app.once(sendOutbox: !skipOutbox)
            app.logger.notice("once done", metadata: [
                "recorded": "\(intake.recorded)", "requests": "\(intake.requests)", "attention": "\(intake.attention)",
                "sent": "\(outbox.sent)", "retrying": "\(outbox.retrying)", "failed": "\(outbox.failed)",
                "peak_memory_mb": "\(PeakMemory.megabytes)",
                "fetching": "\(intake.fetching)", "reading": "\(intake.reading)", "recording": "\(intake.recording)", "finishing": "\(intake.finishing)",
            ])
        }
    }
}

/// Loads the configuration, sets up logging and the private file mode, runs, and maps
/// failures to sysexits codes with a message that says what to do.
enum CommandRunner {
    static func run(_ path: String, _ body: (PanelApplication) async throws -> Void) async throws {
        umask(0o077)  // everything panelmail creates is private: children's data lives here
        signal(SIGPIPE, SIG_IGN)  // a dropped connection is an error to handle, not a reason to die
        MallocTuning.limitArenas()
        let config = try await loadConfig(path, requireCredentials: true)
        let logger = LogSetup.makeLogger(level: config.logLevel)
        do {
            let app = try await PanelApplication(config: config, logger: logger)
            try await body(app)
        } catch {
            logger.critical("panelmail cannot continue", metadata: ["error": "\(error)"])
            throw ExitCode(Sysexits.code(for: error))
        }
    }

    /// The configuration, or exit 78 with every problem on standard error.
    static func loadConfig(_ path: String, requireCredentials: Bool) async throws -> PanelConfig {
        do {
            return try await PanelConfig.load(path: path, requireCredentials: requireCredentials)
        } catch {
            FileHandle.standardError.write(Data("panelmail: \(error)\n".utf8))
            throw ExitCode(Sysexits.config)
        }
    }

    /// Opens only the database, for the listing and outbox commands.
    static func database(_ path: String) async throws -> (PanelConfig, AppDatabase) {
        let config = try await loadConfig(path, requireCredentials: false)
        guard FileManager.default.fileExists(atPath: config.databasePath) else {
            FileHandle.standardError.write(Data("panelmail: no database at \(config.databasePath): run panelmail once or panelmail run first, or check store.path\n".utf8))
            throw ExitCode(Sysexits.noInput)
        }
        do {
            return (config, try AppDatabase.open(path: config.databasePath))
        } catch {
            FileHandle.standardError.write(Data("panelmail: \(error)\n".utf8))
            throw ExitCode(Sysexits.code(for: error))
        }
    }
}

enum LogSetup {
    static func makeLogger(level: String) -> Logger {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardOutput(label: label)
            handler.logLevel = Logger.Level(rawValue: level) ?? .info
            return handler
        }
        return Logger(label: "panelmail")
    }
}

/// glibc gives each thread that allocates at the same time an arena of its own (up to 8
/// per core) and keeps what each has freed for reuse. panelmail reads on a few threads
/// at once; two arenas keep allocation as fast and its peak resident memory 3-4 MB lower
/// (measured with `deploy/dev/bench.sh`). `MALLOC_ARENA_MAX` in the environment wins.
enum MallocTuning {
    static func limitArenas() {
        guard ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] == nil else { return }
        _ = pm_limit_malloc_arenas(2)
    }
}

/// The process's peak resident memory so far: VmHWM from /proc/self/status. (getrusage's
/// ru_maxrss survives exec on Linux, so it would count the parent's pages before the exec.)
enum PeakMemory {
    static var megabytes: String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kib = Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { return "unknown" }
        return String(format: "%.1f", kib / 1024)
    }
}
