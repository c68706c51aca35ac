import Foundation
import PanelCore
import Testing
import Yams
@testable import PanelDaemon

@Suite("Configuration")
struct ConfigTests {
    func write(_ yaml: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("panelmail-config-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("panelmail.yaml").path
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    let minimal = """
        panel:
          address: panel@council.test
        imap:
          host: imap.council.test
        smtp:
          host: smtp.council.test
        """

    @Test func defaultsAreSafe() async throws {
        let config = try await PanelConfig.load(path: try write(minimal), environment: ["IMAP_PASSWORD": "s3cret-imap", "SMTP_PASSWORD": "s3cret-smtp"])
        #expect(config.imap.security == .tls && config.imap.port == 993)
        #expect(config.smtp.security == .tls && config.smtp.port == 465)
        #expect(config.imap.username == "panel@council.test")
        #expect(config.pollInterval == .seconds(15))
        #expect(config.processedFolder == "Processed" && config.attentionFolder == "Needs attention")
        #expect(config.processedKeyword == "$Panelmail" && config.moveMessages)
        #expect(config.attachmentLimit == 25 * 1_048_576)
        #expect(config.forwardLimit == 10 * 1_048_576 && config.blankFormAnswers == 3)
        #expect(config.allowedDomains == ["council.test"])
        #expect(config.adminAddress == "panel@council.test")
        #expect(config.timeZone.identifier == "Europe/London")
    }

    @Test func environmentOverridesTheFile() async throws {
        let config = try await PanelConfig.load(path: try write(minimal), environment: [
            "IMAP_PASSWORD": "x", "SMTP_PASSWORD": "y", "IMAP_HOST": "other.council.test", "IMAP_POLL_INTERVAL": "2m",
            "OUTBOX_ALLOWED_DOMAINS": "council.test, partner.test", "IMAP_SECURITY": "starttls",
            "LIMITS_BLANK_FORM_ANSWERS_PER_DAY": "0",
        ])
        #expect(config.blankFormAnswers == 0)
        #expect(config.imap.host == "other.council.test")
        #expect(config.imap.port == 143)
        #expect(config.pollInterval == .seconds(120))
        #expect(config.allowedDomains == ["council.test", "partner.test"])
    }

    @Test(arguments: [
        ("imap:\n  host: imap.council.test\n  security: plain\nsmtp:\n  host: smtp.council.test", "not loopback"),
        ("imap:\n  host: 127.0.0.1\n  security: plain\nsmtp:\n  host: smtp.council.test", "allow_plain"),
        ("imap:\n  host: imap.council.test\n  port: 99999\nsmtp:\n  host: smtp.council.test", "imap.port"),
        ("imap:\n  host: imap.council.test\n  poll_interval: soon\nsmtp:\n  host: smtp.council.test", "imap.poll_interval"),
        ("imap:\n  host: imap.council.test\n  security: ssl\nsmtp:\n  host: smtp.council.test", "imap.security"),
        ("imap:\n  host: imap.council.test", "smtp.host is missing"),
        ("imap:\n  host: imap.council.test\n  processed_keyword: \"two words\"\nsmtp:\n  host: s", "processed_keyword"),
    ])
    func badValuesAreNamed(body: String, expected: String) async throws {
        let path = try write("panel:\n  address: panel@council.test\n" + body)
        await #expect {
            _ = try await PanelConfig.load(path: path, environment: ["IMAP_PASSWORD": "x", "SMTP_PASSWORD": "y"])
        } throws: { error in
            "\(error)".contains(expected)
        }
    }

    @Test func aMissingCredentialSaysWhereToPutIt() async throws {
        await #expect {
            _ = try await PanelConfig.load(path: try write(minimal), environment: [:])
        } throws: { error in
            "\(error)".contains("IMAP_PASSWORD") && "\(error)".contains("SMTP_PASSWORD")
        }
    }

    @Test func passwordsAreNeverInErrors() async throws {
        let path = try write(minimal + "\n  port: nope")
        await #expect {
            _ = try await PanelConfig.load(path: path, environment: ["IMAP_PASSWORD": "hunter2-imap", "SMTP_PASSWORD": "hunter2-smtp"])
        } throws: { error in
            !"\(error)".contains("hunter2")
        }
    }

    @Test func unknownKeysAreFound() throws {
        let path = try write(minimal + "\n  pasword_file: /x\nsurprise: 1")
        #expect(ConfigFileKeys.unknown(in: path) == ["smtp.pasword_file", "surprise"])
    }

    @Test func theExampleConfigurationIsValidAndComplete() async throws {
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Config/panelmail.example.yaml").path
        #expect(ConfigFileKeys.unknown(in: example).isEmpty)
        let config = try await PanelConfig.load(path: example, environment: ["IMAP_PASSWORD": "x", "SMTP_PASSWORD": "y", "DECISIONS_SECRET": Self.secret])
        #expect(config.panelAddress == "panel@council.example")
    }

    static let secret = "0123456789abcdef0123456789abcdef-test"

    @Test func aPanelNeedsADecisionSecret() async throws {
        let example = Self.repository.appendingPathComponent("Config/panelmail.example.yaml").path
        await #expect {
            _ = try await PanelConfig.load(path: example, environment: ["IMAP_PASSWORD": "x", "SMTP_PASSWORD": "y"])
        } throws: { error in
            "\(error)".contains("DECISIONS_SECRET") && "\(error)".contains("openssl rand")
        }
        await #expect {
            _ = try await PanelConfig.load(path: example, environment: ["IMAP_PASSWORD": "x", "SMTP_PASSWORD": "y", "DECISIONS_SECRET": "short"])
        } throws: { error in
            "\(error)".contains("too short") && !"\(error)".contains("short\"")
        }
        let config = try await PanelConfig.load(path: example, environment: ["IMAP_PASSWORD": "x", "SMTP_PASSWORD": "y", "DECISIONS_SECRET": Self.secret])
        #expect(config.decisionKey != nil)
        #expect(!"\(config.decisionKey!)".contains(Self.secret))
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func theShippedFormFileIsTheStandardForm() throws {
        let text = try String(contentsOf: Self.repository.appendingPathComponent("Config/request-form.yaml"), encoding: .utf8)
        let schema = try YAMLDecoder().decode(FormSchema.self, from: text)
        #expect(schema == FormSchema.standard)
    }

    @Test func theFormComesFromTheFileNextToTheConfiguration() async throws {
        let path = try write(minimal)
        let environment = ["IMAP_PASSWORD": "x", "SMTP_PASSWORD": "y"]
        var config = try await PanelConfig.load(path: path, environment: environment)
        #expect(config.formSchema == FormSchema.standard)
        #expect(config.formSchemaSource == "the standard form built in")

        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try Data("""
            fields:
              - key: childName
                label: Young person
                kind: text
                required: true
              - key: cost
                label: Amount
                kind: money
                required: true
            """.utf8).write(to: directory.appendingPathComponent("request-form.yaml"))
        config = try await PanelConfig.load(path: path, environment: environment)
        #expect(config.formSchema.fields.map(\.label) == ["Young person", "Amount"])
        #expect(config.formSchema.resourceTypes == FormSchema.standard.resourceTypes)
        #expect(config.formSchemaSource.hasSuffix("request-form.yaml"))

        try Data("resource_types:\n  - name: Mentoring\n  - name: Transport\n    synonyms: [Taxi]\n".utf8).write(to: directory.appendingPathComponent("other-form.yaml"))
        config = try await PanelConfig.load(path: try write(minimal + "\nform:\n  file: \(directory.path)/other-form.yaml\n"), environment: environment)
        #expect(config.formSchema.fields == FormSchema.standard.fields)
        #expect(config.formSchema.resourceTypes.map(\.name) == ["Mentoring", "Transport"])
    }

    @Test(arguments: [
        ("fields:\n  - key: a\n    label: A\n    kind: colour", "fields:"),
        ("fields:\n  - key: a\n    kind: text", "label is missing"),
        ("fields:\n  - key: a\n    label: Name\n    kind: text\n  - key: b\n    label: name\n    kind: text", "used by both a and b"),
        ("- just a list", "should hold fields and resource_types"),
        ("fields: [unclosed", "is not valid YAML"),
    ])
    func badFormsAreNamed(form: String, expected: String) async throws {
        let path = try write(minimal)
        try Data(form.utf8).write(to: URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("request-form.yaml"))
        await #expect {
            _ = try await PanelConfig.load(path: path, environment: ["IMAP_PASSWORD": "x", "SMTP_PASSWORD": "y"])
        } throws: { error in
            "\(error)".contains(expected)
        }
    }

    @Test func aMissingFormFileIsNamed() async throws {
        let path = try write(minimal + "\nform:\n  file: nowhere.yaml\n")
        await #expect {
            _ = try await PanelConfig.load(path: path, environment: ["IMAP_PASSWORD": "x", "SMTP_PASSWORD": "y"])
        } throws: { error in
            "\(error)".contains("form.file: cannot read")
        }
    }

    @Test func theShippedPanelFileGivesTheRotaAndTheStandardTable() async throws {
        let example = Self.repository.appendingPathComponent("Config/panelmail.example.yaml").path
        let config = try await PanelConfig.load(path: example, environment: ["IMAP_PASSWORD": "x", "SMTP_PASSWORD": "y", "DECISIONS_SECRET": Self.secret])
        let panel = try #require(config.panel)
        #expect(panel.source.hasSuffix("Config/panel.yaml"))
        #expect(panel.directory.members.filter { !$0.isSharedMailbox }.map(\.name) == ["Dana Okafor", "Sam Reid", "Priya Lead", "Chris Clerk", "Fran Finance"])
        #expect(panel.rota.onDuty(on: CalendarDay(iso: "2026-11-30")!).address.address == "dana.okafor@council.example") // a Monday
        #expect(panel.rota.onDuty(on: CalendarDay(iso: "2026-12-24")!).address.address == "panel-duty@council.example")
        #expect(panel.rota.onDuty(on: CalendarDay(iso: "2026-11-29")!).address.address == "panel-duty@council.example") // Sunday: nobody
        #expect(panel.permissions == .standard)
        #expect(panel.directory.member(for: "PANEL-DUTY@council.example")?.isSharedMailbox == true)
    }

    @Test(arguments: [
        ("members: []\n", "duty_mailbox is missing"),
        ("members:\n  - name: A\n    addresses: [a@council.test]\n    roles: [duty]\nduty_mailbox: not-an-address\n", "is not an email address"),
        ("members:\n  - name: A\n    addresses: [a@council.test]\n    roles: [finance]\nduty_mailbox: d@council.test\nrota:\n  monday: A\n", "A"),
        ("members:\n  - name: A\n    addresses: [a@council.test]\n    roles: [duty]\nduty_mailbox: d@council.test\nrota:\n  funday: A\n", "\"funday\" is not a weekday"),
        ("members:\n  - name: A\n    addresses: [a@council.test]\n    roles: [duty]\nduty_mailbox: d@council.test\nrota:\n  monday: Nobody\n", "Nobody"),
        ("members:\n  - name: A\n    addresses: [a@council.test]\n    roles: [duty]\nduty_mailbox: d@council.test\npermissions:\n  duty: [approve:everything]\n", "approve:everything"),
        ("members:\n  - name: A\n    addresses: [a@council.test]\n    roles: [duty]\nduty_mailbox: d@council.test\noverrides:\n  \"24/12/2026\": A\n", "YYYY-MM-DD"),
    ])
    func aBadPanelFileIsNamed(panel: String, expected: String) async throws {
        let path = try write(minimal)
        try Data(panel.utf8).write(to: URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("panel.yaml"))
        await #expect {
            _ = try await PanelConfig.load(path: path, environment: ["IMAP_PASSWORD": "x", "SMTP_PASSWORD": "y"])
        } throws: { error in
            "\(error)".contains(expected) && "\(error)".contains("panel.yaml")
        }
    }

    @Test func theShippedTemplatesRenderWithSampleData() async throws {
        let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Templates").path
        let renderer = try await TemplateRenderer(directory: templates)
        #expect(renderer.check().isEmpty)
        let text = try renderer.render(.acknowledgement, TemplateRenderer.sample(.acknowledgement))
        #expect(text.hasPrefix("Dear Sam Example,"))
        #expect(text.contains("ARP-2026-00042"))
        #expect(text.contains("form.docx (48 KB)"))
    }

    /// The decision email for each outcome says what the worker needs to know.
    @Test func theDecisionTemplateNamesAlternativesAndMoreInfo() async throws {
        let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Templates").path
        let renderer = try await TemplateRenderer(directory: templates)
        var values = TemplateRenderer.sample(.decision)
        values["outcome"] = "Explore the alternatives first"
        values["terms"] = ""
        values["alternatives"] = true
        values["rationale"] = "Ask the IFA to meet transport under its contract."
        let text = try renderer.render(.decision, values)
        #expect(text.contains("Decision: Explore the alternatives first\n"))
        #expect(text.contains("Alternatives to explore:\nAsk the IFA to meet transport under its contract."))
        #expect(text.contains("send a new request saying what was\ntried"))
        #expect(!text.contains("Rationale:"))
        values["alternatives"] = false
        #expect(try renderer.render(.decision, values).contains("Rationale:\nAsk the IFA"))
        values["rationale"] = ""
        #expect(!(try renderer.render(.decision, values).contains("Rationale:")), "an empty text is left out")
    }

    @Test func aBrokenTemplateIsCaught() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("panelmail-templates-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data("{{% CONTENT_TYPE: TEXT}}\nHello {{#reference}}".utf8).write(to: dir.appendingPathComponent("acknowledgement.mustache"))
        try Data("{{% CONTENT_TYPE: TEXT}}\nok".utf8).write(to: dir.appendingPathComponent("bounce-notice.mustache"))
        await #expect(throws: TemplateError.self) { _ = try await TemplateRenderer(directory: dir.path) }
    }
}

@Suite("Panel date format")
struct PanelDateFormatTests {
    let london = TimeZone(identifier: "Europe/London")!

    @Test(arguments: [
        (1_788_775_920.0, "Monday 7 September 2026 at 11:12", "2026-09-07 11:12"),  // BST: 10:12 UTC
        (1_798_761_540.0, "Thursday 31 December 2026 at 23:59", "2026-12-31 23:59"), // GMT
        (1_774_746_000.0, "Sunday 29 March 2026 at 02:00", "2026-03-29 02:00"),      // 01:00 UTC, the clocks go forward
    ])
    func formats(seconds: Double, long: String, short: String) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(PanelDateFormat.long(date, timeZone: london) == long)
        #expect(PanelDateFormat.short(date, timeZone: london) == short)
    }
}
