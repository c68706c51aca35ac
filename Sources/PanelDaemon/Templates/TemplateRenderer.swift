import Foundation
import Mustache

/// Renders the plain-text emails from `Templates/*.mustache`. Each template starts with
/// `{{% CONTENT_TYPE: TEXT}}` so that nothing is HTML-escaped.
public struct TemplateRenderer: Sendable {
    /// Every email panelmail sends, with sample data that `check-config` renders.
    public enum Name: String, CaseIterable, Sendable {
        case acknowledgement
        case requestUpdate = "request-update"
        case whichRequest = "which-request"
        case notARequest = "not-a-request"
        case needsAttention = "needs-attention"
        case dutyNotice = "duty-notice"
        case decision
        case decisionRefused = "decision-refused"
        case challenge
        case urgentReminder = "urgent-reminder"
        case urgentOverdue = "urgent-overdue"
        case urgentLate = "urgent-late"
        case signOffRequest = "sign-off-request"
        case signOffRecorded = "sign-off-recorded"
        case passedOn = "passed-on"
        case withdrawn
        case deadlineReminder = "deadline-reminder"
        case missedDeadline = "missed-deadline"
        case agenda
        case slotInvitation = "slot-invitation"
        case outcomeSummary = "outcome-summary"
        case bounceNotice = "bounce-notice"
    }

    let library: MustacheLibrary
    public let directory: String

    public init(directory: String) async throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw TemplateError(description: "the templates folder \(directory) does not exist: set templates.directory")
        }
        do {
            library = try await MustacheLibrary(directory: directory)
        } catch let error as MustacheLibrary.ParserError {
            throw TemplateError(description: "template \(error.filename) does not parse: \(error.error) at line \(error.context.lineNumber), column \(error.context.columnNumber)")
        }
        self.directory = directory
        for name in Name.allCases where library.getTemplate(named: name.rawValue) == nil {
            throw TemplateError(description: "template \(name.rawValue).mustache is missing from \(directory)")
        }
    }

    /// An empty text counts as absent, so `{{#terms}}…{{/terms}}` is left out and
    /// `{{^terms}}` applies: in Mustache an empty string is otherwise a true value.
    public func render(_ name: Name, _ context: [String: any Sendable]) throws -> String {
        let context = context.filter { !(($0.value as? String)?.isEmpty ?? false) }
        guard let text = library.render(context, withTemplate: name.rawValue) else {
            throw TemplateError(description: "template \(name.rawValue).mustache could not be rendered")
        }
        return text
    }

    /// Renders every template with its sample data; returns the problems found.
    public func check() -> [String] {
        var problems: [String] = []
        for name in Name.allCases {
            do {
                let text = try render(name, Self.sample(name))
                if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    problems.append("template \(name.rawValue).mustache renders to nothing with sample data")
                }
                if text.contains("{{") { problems.append("template \(name.rawValue).mustache leaves a '{{' in its output: a tag is malformed") }
            } catch {
                problems.append("\(error)")
            }
        }
        return problems
    }

    public static func sample(_ name: Name) -> [String: any Sendable] {
        switch name {
        case .acknowledgement:
            return [
                "subject": "URGENT: placements for the Example siblings", "worker_name": "Sam Example",
                "received": "Monday 7 September 2026 at 10:12", "panel_name": "Access to Resources Panel",
                "panel_address": "panel@council.example", "several": true, "count": 2,
                "requests": [sampleRequest(complete: true), sampleRequest(complete: false)],
                "attachments": [["name": "form.docx", "size": "48 KB"]], "has_attachments": true,
            ]
        case .requestUpdate:
            var values = sampleRequest(complete: true)
            values["worker_name"] = "Sam Example"
            values["received"] = "Tuesday 8 September 2026 at 09:30"
            values["has_changes"] = true
            values["changes"] = [["label": "Cost", "value": "£450 per week", "before": "about 450"]] as [[String: any Sendable]]
            values["panel_name"] = "Access to Resources Panel"
            values["panel_address"] = "panel@council.example"
            return values
        case .whichRequest:
            return [
                "worker_name": "Sam Example", "received": "Tuesday 8 September 2026 at 09:30",
                "references": [["reference": "ARP-2026-00042"], ["reference": "ARP-2026-00043"]] as [[String: any Sendable]],
                "example": "ARP-2026-00042", "panel_address": "panel@council.example",
            ]
        case .notARequest:
            return [
                "worker_name": "Sam Example", "subject": "Question", "received": "Monday 7 September 2026 at 10:12",
                "panel_name": "Access to Resources Panel", "panel_address": "panel@council.example",
                "form_fields": [["label": "Child or family name", "required": true], ["label": "Provider", "required": false]] as [[String: any Sendable]],
                "required_labels": "Child or family name", "resource_types": "Placement, Mentoring",
            ]
        case .needsAttention:
            return [
                "worker_name": "Sam Example", "subject": "Request", "received": "Monday 7 September 2026 at 10:12",
                "problem": "the attachment \"form.doc\" is an old Word .doc file (save it as .docx), which panelmail cannot read as the request form",
                "problems": [["text": "the attachment \"form.doc\" is an old Word .doc file"]] as [[String: any Sendable]],
                "panel_name": "Access to Resources Panel", "panel_address": "panel@council.example",
            ]
        case .dutyNotice:
            var values = sampleRequest(complete: true)
            values["duty_name"] = "Dana Okafor"
            values["due"] = "17:00 on Monday 7 September"
            values["worker"] = "sam.worker@council.example"
            values["received"] = "Received Saturday 10:12"
            values["has_attachments"] = true
            values["attachments"] = [
                ["name": "report.pdf", "size": "120 KB", "attached": true, "note": ""],
                ["name": "scan.pdf", "size": "14 MB", "attached": false, "note": "not attached: too large"],
            ] as [[String: any Sendable]]
            values["panel_address"] = "panel@council.example"
            return values
        case .decision:
            return [
                "panel_name": "Access to Resources Panel", "reference": "ARP-2026-00042", "outcome": "Approved",
                "terms": "£450 per week", "decided_by": "Dana Okafor", "rationale": "Within the framework rate.",
                "more_info": false, "deferred": false, "alternatives": false, "panel_address": "panel@council.example",
            ]
        case .signOffRequest:
            var values = sampleRequest(complete: true)
            values["name"] = "Tina Manager"
            values["role"] = "team manager"
            values["worker"] = "sam.worker@council.example"
            values["panel_address"] = "panel@council.example"
            return values
        case .withdrawn:
            return [
                "panel": false, "reference": "ARP-2026-00042", "withdrawn_by": "sam.worker@council.example",
                "reason": "A family member can take the child.", "was": "the weekly panel", "slot": "10:30-10:45",
                "panel_address": "panel@council.example",
            ]
        case .passedOn:
            return [
                "worker_name": "Sam Example", "received": "Tuesday 1 September 2026 at 11:12", "reference": "ARP-2026-00042",
                "to": "Dana Okafor", "due": "17:00 on Tuesday 1 September", "more_info": true, "challenge": false,
                "panel_address": "panel@council.example",
            ]
        case .signOffRecorded:
            return [
                "endorsed": false, "urgent": false, "signer": "Tina Manager", "role": "team manager", "reference": "ARP-2026-00042",
                "comment": "The cost is above the framework rate; talk to me first.", "panel_address": "panel@council.example",
            ]
        case .agenda:
            return [
                "sitting": "Thursday 10 September 2026 at 10:00", "count": 1, "has_rows": true,
                "rows": [["time": "10:00-10:30", "reference": "ARP-2026-00042", "locality": "Gloucester", "resource": "Placement",
                          "cost": "£450 per week", "worker": "sam.worker@council.example", "urgent": false, "sign_offs": "team manager: endorsed"]] as [[String: any Sendable]],
                "panel_name": "Access to Resources Panel", "panel_address": "panel@council.example",
            ]
        case .outcomeSummary:
            return [
                "lines": [["text": "Line 1: ARP-2026-00042 APPROVE £650 per week applied; the worker has been told."]] as [[String: any Sendable]],
                "panel_address": "panel@council.example",
            ]
        case .slotInvitation:
            return [
                "reference": "ARP-2026-00042", "sitting": "Thursday 10 September 2026 at 10:00", "time": "10:00-10:30",
                "panel_name": "Access to Resources Panel", "panel_address": "panel@council.example",
            ]
        case .deadlineReminder, .missedDeadline:
            return [
                "reference": "ARP-2026-00042", "sitting": "Thursday 10 September 2026 at 10:00", "deadline": "13:00 on Wednesday 9 September",
                "next": "Thursday 17 September 2026 at 10:00", "panel_address": "panel@council.example", "worker": "sam.worker@council.example",
                "missing": [["text": "Case ID is missing"], ["text": "the team manager's sign-off"]] as [[String: any Sendable]],
            ]
        case .urgentReminder, .urgentOverdue, .urgentLate:
            return [
                "reference": "ARP-2026-00042", "due": "Monday 7 September 2026 at 17:00", "worker": "sam.worker@council.example",
                "panel_name": "Access to Resources Panel", "panel_address": "panel@council.example", "subject": "URGENT: respite tonight",
                "fields": [["label": "Case ID", "value": "4471920"], ["label": "Cost", "value": "£250 per week"]] as [[String: any Sendable]],
            ]
        case .challenge:
            return [
                "reference": "ARP-2026-00042", "worker": "sam.worker@council.example", "text": "The panel did not see the updated quote.",
                "decision": "DECLINE by Dana Okafor", "rationale": "Over the framework rate.",
                "received": "Tuesday 8 September 2026 at 09:30", "panel_address": "panel@council.example",
            ]
        case .decisionRefused:
            return [
                "explanation": "Your APPROVE for ARP-2026-00042 was not applied. It carries no decision code.",
                "panel_address": "panel@council.example",
            ]
        case .bounceNotice:
            return [
                "reference": "ARP-2026-00042", "recipients": "worker@council.example", "reason": "550 5.1.1 user unknown",
                "purpose": "acknowledgement", "message_id": "abc@council.example", "sent": "Monday 7 September 2026 at 10:13",
                "panel_name": "Access to Resources Panel",
            ]
        }
    }
}

extension TemplateRenderer {
    /// One request of the sample acknowledgement: complete and urgent, or incomplete.
    static func sampleRequest(complete: Bool) -> [String: any Sendable] {
        var values: [String: any Sendable] = [
            "reference": complete ? "ARP-2026-00042" : "ARP-2026-00043", "urgent": true,
            "complete": complete, "incomplete": !complete,
            "problems": complete ? [] : [["text": "Cost: \"about 200\" is not an amount in pounds"]] as [[String: any Sendable]],
            "has_notes": !complete,
            "notes": complete ? [] : [["text": "\"Csae ID\" was read as Case ID: please check it"]] as [[String: any Sendable]],
            "fix_lines": complete ? [] : [["line": "ARP-2026-00043"], ["line": "Cost: "]] as [[String: any Sendable]],
            "fields": [["label": "Case ID", "value": "4471920"], ["label": "Cost", "value": "£450 per week"]] as [[String: any Sendable]],
            "next_step": complete ? "the duty panel member decides urgent requests the same working day. We received Monday 10:12; a decision is due by 17:00 on Monday 7 September." : "",
        ]
        if !complete { values["duplicate_of"] = "ARP-2026-00017" }
        return values
    }
}

public struct TemplateError: Error, Sendable, CustomStringConvertible {
    public let description: String
}
