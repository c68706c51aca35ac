import ArgumentParser
import Foundation
import Logging
import PanelDaemon

@main
struct Panelmail: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "panelmail",
        abstract: "Runs the Access to Resources Panel mailbox: reads requests over IMAP, records them, and answers over SMTP.",
        discussion: """
            Configuration comes from one YAML file (see Config/panelmail.example.yaml); every key can be \
            overridden by an environment variable, e.g. imap.host by IMAP_HOST. Passwords come from the \
            environment (IMAP_PASSWORD, SMTP_PASSWORD) or from files, never from the command line.

            Exit codes follow sysexits(3): 64 usage, 65 bad data, 69 server unavailable, 70 internal error, \
            73 cannot create a file, 77 permission or login refused, 78 configuration error.
            """,
        subcommands: [Run.self, Once.self, CheckConfig.self, Requests.self, Outbox.self, Report.self])
}

/// The option every command shares.
struct ConfigOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The configuration file.", valueName: "file"))
    var config: String = ProcessInfo.processInfo.environment["PANELMAIL_CONFIG"] ?? "/etc/panelmail/panelmail.yaml"
}
