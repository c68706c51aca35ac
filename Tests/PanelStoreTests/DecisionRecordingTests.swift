import Foundation
import Testing
import PanelCore
@testable import PanelStore

/// Decisions by email, recorded: the duty notice, and every way a decision is applied
/// or refused. Messages go through the real reader (tokens, Authentication-Results).
@Suite("Recording decisions by email")
struct DecisionRecordingTests {
    static let panel = EmailAddress("panel@council.test", name: "Panel")!
    static let key = try! DecisionKey(secret: Array("a test secret of more than thirty-two bytes".utf8))
    static let directory = try! PanelDirectory([
        PanelMember(name: "Dana Duty", addresses: ["duty@council.test"], roles: [.duty]),
        PanelMember(name: "Finn Finance", addresses: ["finance@council.test"], roles: [.finance]),
        PanelMember(name: "Lee Lead", addresses: ["lead@council.test"], roles: [.lead]),
        PanelMember(name: "Chris Clerk", addresses: ["clerk@council.test"], roles: [.clerk]),
        PanelMember(name: "Duty mailbox", addresses: ["panel-duty@council.test"], roles: [.duty], isSharedMailbox: true),
    ])

    let settings: IntakeSettings = {
        var settings = testSettings()
        let hours = try! WorkingHours()
        let rota = try! DutyRota(panel: Self.directory, sharedMailbox: EmailAddress("panel-duty@council.test", name: nil)!,
                                 weekdays: Dictionary(uniqueKeysWithValues: (1...7).map { ($0, "Dana Duty") }))
        settings.panel = PanelDesk(
            authorisation: DecisionAuthorisation(directory: Self.directory, signer: DecisionTokenSigner(key: Self.key)),
            rota: rota, workingHours: hours)
        return settings
    }()
    let reader = MessageReader(decisions: DecisionReader(
        panel: Self.panel,
        authentication: SenderAuthentication(receivingHosts: ["mx.council.test"], methods: [.authenticationResults(authservID: "mx.council.test")])))
    /// Tuesday 1 September 2026, 10:12 BST.
    let tuesday = Date(timeIntervalSince1970: 1_788_253_920)

    func incoming(_ uid: UInt32, from: String, to: String = "panel@council.test", subject: String, id: String, inReplyTo: String? = nil,
                  authenticated: Bool = true, body: String, file: (name: String, bytes: [UInt8])? = nil, at: Date) -> IncomingMessage {
        var text = ""
        if authenticated { text += "Authentication-Results: mx.council.test; dmarc=pass header.from=council.test\r\n" }
        text += "Received: from client.council.test (client [10.0.0.7]) by mx.council.test with ESMTPSA; Tue, 1 Sep 2026 10:00:00 +0100\r\n"
        text += "From: <\(from)>\r\nTo: <\(to)>\r\nSubject: \(subject)\r\nMessage-ID: <\(id)>\r\n"
        if let inReplyTo { text += "In-Reply-To: <\(inReplyTo)>\r\n" }
        if let file {
            text += "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n"
            text += "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n--b\r\n"
            text += "Content-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"\(file.name)\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            text += Data(file.bytes).base64EncodedString() + "\r\n--b--\r\n"
        } else {
            text += "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body.replacingOccurrences(of: "\n", with: "\r\n")
        }
        let raw = Array(text.utf8)
        return IncomingMessage(folder: "INBOX", uidValidity: 1, uid: uid, arrivedAt: at, raw: raw, content: reader.read(raw))
    }

    /// Runs the timed notices (reminders, deadlines) as the daemon does after a poll.
    func timedNotices(_ db: AppDatabase, at: Date) throws -> [String] {
        let desk = try #require(settings.panel)
        let timetable = try PanelTimetable(schedule: settings.rules.schedule, rota: desk.rota)
        return try db.recordTimedNotices(timetable: timetable, desk: desk, rules: settings.rules, composer: FixedComposer(),
                                         policy: settings.recipientPolicy, now: at)
    }

    func record(_ db: AppDatabase, _ message: IncomingMessage, at: Date) throws -> IntakeReceipt {
        try db.recordIntake([message], settings: settings, composer: FixedComposer(), now: at)[0]
    }

    /// The token the duty notice for `reference` carries.
    func token(_ db: AppDatabase, _ reference: String, at: Date) throws -> String {
        let notice = try #require(try db.dueOutbox(now: at.addingTimeInterval(86_400 * 7), limit: 100).last { $0.purpose == "duty-notice" && $0.messageIDHeader.hasPrefix("duty-\(reference)-") })
        let text = String(decoding: notice.message, as: UTF8.self)
        let start = try #require(text.range(of: "token="))
        return String(text[start.upperBound...].prefix { $0 != " " })
    }

    /// Records a complete urgent request (ARP-2026-00001) on Tuesday morning; returns its decision code.
    func openUrgentRequest(_ db: AppDatabase) throws -> String {
        _ = try record(db, incoming(1, from: "worker@council.test", subject: "URGENT: respite", id: "r1@x", body: completeForm(case: "1"), at: tuesday), at: tuesday)
        return try token(db, "ARP-2026-00001", at: tuesday)
    }

    /// An urgent request with a 3 MB scan: the duty notice reads the stored message in
    /// pieces, so the scan is only counted and hashed, and listed (over the limit); the
    /// files that fit still go, read back from their place in the stored message (one
    /// that quoted-printable made three times larger than it is among them).
    @Test(arguments: [false, true])
    func theDutyNoticeReadsALargeScanInPiecesAndStillCarriesTheFilesThatFit(withQuotedPrintable: Bool) throws {
        var settings = self.settings
        settings.panel?.forwardLimit = 1 << 20
        settings.attachmentLimit = 25 << 20
        var generator = SystemRandomNumberGenerator()
        let scan = (0..<3_000_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        var text = "Authentication-Results: mx.council.test; dmarc=pass header.from=council.test\r\n"
        text += "From: <worker@council.test>\r\nTo: <panel@council.test>\r\nSubject: URGENT: respite\r\nMessage-ID: <scan@x>\r\n"
        text += "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n"
        text += "Content-Type: text/plain; charset=utf-8\r\n\r\n" + completeForm(case: "1").replacingOccurrences(of: "\n", with: "\r\n") + "\r\n--b\r\n"
        text += "Content-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"scan.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        text += Data(scan).base64EncodedString(options: .lineLength76Characters).replacingOccurrences(of: "\r\n", with: "\r\n") + "\r\n--b\r\n"
        if withQuotedPrintable {
            // 700,000 octets of "é" in Latin-1: 2.1 MB as sent, 700 KB decoded.
            text += "Content-Type: text/plain; charset=iso-8859-1\r\nContent-Disposition: attachment; filename=\"notes.txt\"\r\n"
            text += "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
            let line = String(repeating: "=E9", count: 25) + "=\r\n"
            text += String(repeating: line, count: 28_000) + "\r\n--b\r\n"
        }
        text += "Content-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"small.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        text += Data(repeating: 0x25, count: 500).base64EncodedString() + "\r\n--b--\r\n"
        let raw = Array(text.utf8)
        let db = try AppDatabase.inMemory()
        let receipts = try db.recordIntake([IncomingMessage(folder: "INBOX", uidValidity: 1, uid: 1, arrivedAt: tuesday, raw: raw, content: reader.read(raw))],
                                settings: settings, composer: FixedComposer(), now: tuesday)
        #expect(receipts.first?.openedReferences == ["ARP-2026-00001"])
        let notice = try #require(try db.dueOutbox(now: tuesday, limit: 10).first { $0.purpose == "duty-notice" })
        let files = String(decoding: notice.message, as: UTF8.self).components(separatedBy: "files=").last
        #expect(files == (withQuotedPrintable ? "scan.pdf:listed|notes.txt:700000|small.pdf:500" : "scan.pdf:listed|small.pdf:500"))
    }

    @Test func anUrgentRequestIsSentToTheDutyMemberAndDecidedByReply() throws {
        let db = try AppDatabase.inMemory()
        _ = try record(db, incoming(1, from: "worker@council.test", subject: "URGENT: respite", id: "r1@x", body: completeForm(case: "1"),
                                    file: ("care plan.pdf", Array(repeating: 0x25, count: 700)), at: tuesday), at: tuesday)
        let notice = try #require(try db.dueOutbox(now: tuesday, limit: 10).first { $0.purpose == "duty-notice" })
        #expect(notice.recipientList == ["duty@council.test"])
        #expect(String(decoding: notice.message, as: UTF8.self).hasSuffix("files=care plan.pdf:700"), "the file is read back from the stored message")
        let token = try token(db, "ARP-2026-00001", at: tuesday)

        let later = tuesday.addingTimeInterval(1800)
        let receipt = try record(db, incoming(2, from: "duty@council.test", to: "panel+\(token.lowercased())@council.test",
                                              subject: "RE: Urgent decision [ARP-2026-00001]", id: "d1@x",
                                              body: "APPROVE £60 per week\nThe cheaper provider will do.\n\nDana", at: later), at: later)
        #expect(receipt.outcome == .decided(reference: "ARP-2026-00001", action: "approve"))
        let request = try db.request(reference: "ARP-2026-00001").request
        #expect(request.status == .approved)
        let decision = try #require(try db.dueOutbox(now: later, limit: 10).first { $0.purpose == "decision" })
        #expect(decision.recipientList == ["worker@council.test", "tm@council.test"])
        #expect(String(decoding: decision.message, as: UTF8.self).hasPrefix("APPROVE £60 per week by Dana Duty: The cheaper provider will do."))
        #expect(try db.history(reference: "ARP-2026-00001").events.map(\.event) == [.received, .completed, .dutyNotified, .signOffRequested, .decided])

        // The worker challenges it: recorded, and sent to the panel lead.
        let challenged = try record(db, incoming(4, from: "worker@council.test", subject: "RE: [ARP-2026-00001]", id: "ch@x",
                                                 body: "CHALLENGE The cheaper provider cannot start until January.", at: later), at: later)
        #expect(challenged.outcome == .challenged(reference: "ARP-2026-00001"))
        let toLead = try #require(try db.dueOutbox(now: later, limit: 20).first { $0.purpose == "challenge" })
        #expect(toLead.recipientList == ["lead@council.test"])
        #expect(String(decoding: toLead.message, as: UTF8.self) == "ARP-2026-00001 approve: The cheaper provider cannot start until January.")
        #expect(try db.history(reference: "ARP-2026-00001").events.last?.event == .challenged)
        let passed = try #require(try db.dueOutbox(now: later, limit: 20).first { $0.purpose == "passed-on" })
        #expect(passed.recipientList == ["worker@council.test"])
        #expect(String(decoding: passed.message, as: UTF8.self).hasSuffix("challenge to the panel lead (Lee Lead) due -"))

        // Decided: a second decision, or form lines from the worker, change nothing.
        let again = try record(db, incoming(3, from: "duty@council.test", to: "panel+\(token)@council.test", subject: "RE: Urgent decision", id: "d2@x", body: "DECLINE changed my mind", at: later), at: later)
        #expect(again.outcome == .decisionRefused(reference: "ARP-2026-00001", reason: "already decided"))
    }

    @Test func forgedOrMistakenDecisionsAreRefused() throws {
        let db = try AppDatabase.inMemory()
        for n in 1...2 {
            _ = try record(db, incoming(UInt32(n), from: "worker@council.test", subject: "URGENT \(n)", id: "r\(n)@x", body: completeForm(case: "\(n)"), at: tuesday), at: tuesday)
        }
        let first = try token(db, "ARP-2026-00001", at: tuesday)
        let second = try token(db, "ARP-2026-00002", at: tuesday)
        let later = tuesday.addingTimeInterval(600)
        func attempt(_ uid: UInt32, from: String = "duty@council.test", token: String?, subject: String = "RE: Urgent decision [ARP-2026-00001]", authenticated: Bool = true, body: String = "APPROVE\nFine.") throws -> IntakeReceipt.Outcome {
            let to = token.map { "panel+\($0)@council.test" } ?? "panel@council.test"
            return try record(db, incoming(uid, from: from, to: to, subject: subject, id: "a\(uid)@x", authenticated: authenticated, body: body, at: later), at: later).outcome
        }
        // The right sender with no token, in the request's thread.
        guard case .decisionRefused(_, let noToken) = try attempt(10, token: nil) else { Issue.record("expected a refusal"); return }
        #expect(noToken.contains("no-token"))
        // A token made up, and a token from another request.
        let madeUpOutcome = try attempt(11, token: String(repeating: "a", count: 32), subject: "RE: Urgent decision [ARP-2026-00001] [#\(String(repeating: "b", count: 32))]")
        guard case .decisionRefused(_, let madeUp) = madeUpOutcome else { Issue.record("expected a refusal, got \(madeUpOutcome)"); return }
        #expect(madeUp.contains("token"))
        guard case .decisionRefused(let other, let anotherRequest) = try attempt(12, token: second, subject: "RE: [ARP-2026-00001]") else { Issue.record("expected a refusal"); return }
        #expect(other == "ARP-2026-00002" || anotherRequest.contains("another"))
        // A panel member who may not decide; mail nothing vouches for.
        guard case .decisionRefused(_, let finance) = try attempt(13, from: "finance@council.test", token: first) else { Issue.record("expected a refusal"); return }
        #expect(finance.contains("finance"))
        let refusalsBefore = try db.dueOutbox(now: later, limit: 100).filter { $0.purpose == "decision-refused" }.count
        guard case .decisionRefused(_, let unauthenticated) = try attempt(14, token: first, authenticated: false) else { Issue.record("expected a refusal"); return }
        #expect(unauthenticated.contains("not-authenticated") || unauthenticated.contains("authent"))
        #expect(try db.dueOutbox(now: later, limit: 100).filter { $0.purpose == "decision-refused" }.count == refusalsBefore, "no answer to an unvouched sender")
        // An approval for more than was asked.
        guard case .decisionRefused(_, let more) = try attempt(15, token: first, body: "APPROVE £900 per week") else { Issue.record("expected a refusal"); return }
        #expect(more == "approval beyond the request")

        // A change to a field the decision depends on makes the old token stale.
        _ = try record(db, incoming(16, from: "worker@council.test", subject: "RE: [ARP-2026-00001]", id: "c16@x", body: "Cost: £70 per week\n", at: later), at: later)
        #expect(try db.request(reference: "ARP-2026-00001").request.version == 2)
        guard case .decisionRefused(_, let stale) = try attempt(17, token: first) else { Issue.record("expected a refusal"); return }
        #expect(stale.contains("stale"))
        // The member gets the request as it stands, with a new code that works.
        let renewed = try token(db, "ARP-2026-00001", at: later)
        #expect(renewed != first)
        #expect(try attempt(18, token: renewed) == .decided(reference: "ARP-2026-00001", action: "approve"))
        #expect(try db.request(reference: "ARP-2026-00002").request.status == .awaitingDecision)
    }

    @Test func moreInformationGoesBackToTheMemberWhoAskedTheSameDay() throws {
        let db = try AppDatabase.inMemory()
        _ = try record(db, incoming(1, from: "worker@council.test", subject: "URGENT: respite", id: "r1@x", body: completeForm(case: "1"), at: tuesday), at: tuesday)
        let first = try token(db, "ARP-2026-00001", at: tuesday)
        let t1 = tuesday.addingTimeInterval(600)
        let asked = try record(db, incoming(2, from: "duty@council.test", to: "panel+\(first)@council.test", subject: "RE: [ARP-2026-00001]", id: "d1@x",
                                            body: "MORE INFO Which provider, and is there a cheaper one?\n\nDana", at: t1), at: t1)
        #expect(asked.outcome == .decided(reference: "ARP-2026-00001", action: "more-info"))
        #expect(try db.request(reference: "ARP-2026-00001").request.status == .moreInfoRequested)

        // The worker answers in their thread (here with a form line): back to Dana, due today.
        let t2 = tuesday.addingTimeInterval(3600)
        _ = try record(db, incoming(3, from: "worker@council.test", subject: "RE: [ARP-2026-00001]", id: "w1@x",
                                    body: "Provider: Acme Care\nIt is the only one with a vacancy.\n", file: ("quote.pdf", [1, 2, 3]), at: t2), at: t2)
        let request = try db.request(reference: "ARP-2026-00001").request
        #expect(request.status == .awaitingDecision)
        #expect(request.dueAt == Date(timeIntervalSince1970: 1_788_278_400)) // 17:00 the same Tuesday
        let second = try token(db, "ARP-2026-00001", at: t2)
        #expect(second != first, "the provider is a field the decision depends on: a new version, a new code")
        let notice = try #require(try db.dueOutbox(now: t2, limit: 20).last { $0.purpose == "duty-notice" })
        #expect(notice.recipientList == ["duty@council.test"])
        #expect(String(decoding: notice.message, as: UTF8.self).contains("information=Provider: Acme Care"))
        #expect(String(decoding: notice.message, as: UTF8.self).hasSuffix("files=quote.pdf:3"), "the worker's answer brought a file")
        #expect(try db.history(reference: "ARP-2026-00001").events.map(\.event).contains(.returned))

        let t3 = tuesday.addingTimeInterval(5400)
        let decided = try record(db, incoming(4, from: "duty@council.test", to: "panel+\(second)@council.test", subject: "RE: [ARP-2026-00001]", id: "d2@x",
                                              body: "APPROVE\nThanks.", at: t3), at: t3)
        #expect(decided.outcome == .decided(reference: "ARP-2026-00001", action: "approve"))
    }

    /// Explore the alternatives first: decided, the worker told which, and they may challenge it.
    @Test func theDutyMemberCanSendTheWorkerToExploreAlternatives() throws {
        let db = try AppDatabase.inMemory()
        let code = try openUrgentRequest(db)
        let later = tuesday.addingTimeInterval(900)
        let receipt = try record(db, incoming(2, from: "duty@council.test", to: "panel+\(code)@council.test", subject: "RE: [ARP-2026-00001]", id: "d1@x",
                                              body: "Explore alternatives: the IFA contract covers transport.\n\nDana", at: later), at: later)
        #expect(receipt.outcome == .decided(reference: "ARP-2026-00001", action: "alternatives"))
        #expect(try db.request(reference: "ARP-2026-00001").request.status == .alternativesAdvised)
        let decision = try #require(try db.dueOutbox(now: later, limit: 20).first { $0.purpose == "decision" })
        #expect(String(decoding: decision.message, as: UTF8.self) == "ALTERNATIVES  by Dana Duty: the IFA contract covers transport.")
        let challenged = try record(db, incoming(3, from: "worker@council.test", subject: "RE: [ARP-2026-00001]", id: "c1@x",
                                                 body: "CHALLENGE The IFA has refused in writing.", at: later), at: later)
        #expect(challenged.outcome == .challenged(reference: "ARP-2026-00001"))
    }

    /// An answer in plain words, with no form lines: back to the member, and the worker told so.
    @Test func aPlainAnswerToMoreInfoGoesBackAndTheWorkerIsTold() throws {
        let db = try AppDatabase.inMemory()
        let code = try openUrgentRequest(db)
        let t1 = tuesday.addingTimeInterval(600)
        _ = try record(db, incoming(2, from: "duty@council.test", to: "panel+\(code)@council.test", subject: "RE: [ARP-2026-00001]", id: "d1@x",
                                    body: "MORE INFO Is there a cheaper provider?", at: t1), at: t1)
        let t2 = tuesday.addingTimeInterval(3600)
        let receipt = try record(db, incoming(3, from: "worker@council.test", subject: "RE: [ARP-2026-00001]", id: "w1@x",
                                              body: "No: Acme is the only one with a bed tonight.\n\nSam", at: t2), at: t2)
        #expect(receipt.outcome == .correspondence(reference: "ARP-2026-00001", via: "more information, back to the duty member"))
        #expect(try db.request(reference: "ARP-2026-00001").request.status == .awaitingDecision)
        let outbox = try db.dueOutbox(now: t2, limit: 20)
        let notice = try #require(outbox.last { $0.purpose == "duty-notice" })
        #expect(String(decoding: notice.message, as: UTF8.self).contains("information=No: Acme is the only one with a bed tonight."))
        let passed = try #require(outbox.first { $0.purpose == "passed-on" })
        #expect(passed.recipientList == ["worker@council.test"])
        #expect(String(decoding: passed.message, as: UTF8.self).hasSuffix("moreInfoAnswer to Dana Duty due 17:00 on Tuesday 1 September"))
    }

    @Test func anUndecidedUrgentRequestBringsAReminderAtThreeAndIsReportedLateAtFive() throws {
        let db = try AppDatabase.inMemory()
        func run(_ at: Date) throws -> [String] { try timedNotices(db, at: at) }
        _ = try record(db, incoming(1, from: "worker@council.test", subject: "URGENT 1", id: "r1@x", body: completeForm(case: "1"), at: tuesday), at: tuesday)
        _ = try record(db, incoming(2, from: "worker@council.test", subject: "URGENT 2", id: "r2@x", body: completeForm(case: "2"), at: tuesday), at: tuesday)
        // The second is decided at once: it is never chased.
        let t = try token(db, "ARP-2026-00002", at: tuesday)
        _ = try record(db, incoming(3, from: "duty@council.test", to: "panel+\(t)@council.test", subject: "RE: [ARP-2026-00002]", id: "d@x", body: "DECLINE no", at: tuesday), at: tuesday)

        let three = Date(timeIntervalSince1970: 1_788_271_200) // Tuesday 15:00 BST
        #expect(try run(three.addingTimeInterval(-1)).isEmpty)
        #expect(try run(three) == ["urgent-reminder:ARP-2026-00001:v1:2026-09-01"])
        #expect(try run(three.addingTimeInterval(1800)).isEmpty, "once only")
        let reminder = try #require(try db.dueOutbox(now: three, limit: 50).first { $0.purpose == "urgent-reminder" })
        #expect(Set(reminder.recipientList) == ["duty@council.test", "lead@council.test"])
        #expect(!String(decoding: reminder.message, as: UTF8.self).contains("token=-"), "the reminder carries the decision code")

        let five = Date(timeIntervalSince1970: 1_788_278_400) // Tuesday 17:00 BST
        let late = try run(five.addingTimeInterval(60))
        #expect(Set(late) == ["urgent-overdue:ARP-2026-00001:v1:2026-09-01", "urgent-overdue-worker:ARP-2026-00001:v1:2026-09-01"])
        let toWorker = try #require(try db.dueOutbox(now: five.addingTimeInterval(60), limit: 50).first { $0.purpose == "urgent-overdue-worker" })
        #expect(toWorker.recipientList == ["worker@council.test"])
        #expect(try db.history(reference: "ARP-2026-00001").events.filter { $0.event == .reminded }.count == 3)
    }

    @Test func theTeamManagerSignsOffByReplyAndOthersCannot() throws {
        let db = try AppDatabase.inMemory()
        _ = try record(db, incoming(1, from: "worker@council.test", subject: "Mentoring", id: "r1@x", body: completeForm(case: "1"), at: tuesday), at: tuesday)
        let ask = try #require(try db.dueOutbox(now: tuesday, limit: 10).first { $0.purpose == "sign-off-request" })
        #expect(ask.recipientList == ["tm@council.test"])
        let code = String(String(decoding: ask.message, as: UTF8.self).dropFirst("token=".count))
        let later = tuesday.addingTimeInterval(600)
        func reply(_ uid: UInt32, from: String, body: String) throws -> IntakeReceipt.Outcome {
            try record(db, incoming(uid, from: from, to: "panel+\(code)@council.test", subject: "RE: Sign-off needed [ARP-2026-00001]", id: "s\(uid)@x", body: body, at: later), at: later).outcome
        }
        guard case .decisionRefused(_, let worker) = try reply(2, from: "worker@council.test", body: "ENDORSE") else { Issue.record("expected a refusal"); return }
        #expect(worker.contains("role") || worker.contains("panel"))
        guard case .decisionRefused = try reply(3, from: "finance@council.test", body: "ENDORSE") else { Issue.record("expected a refusal"); return }
        // Not endorsed: the worker is told why, in their thread, copied to the team manager.
        #expect(try reply(5, from: "tm@council.test", body: "NOT ENDORSED Ask the family network first.\n\nTina") == .signedOff(reference: "ARP-2026-00001", role: "team-manager", endorsed: false))
        let told = try #require(try db.dueOutbox(now: later, limit: 20).first { $0.purpose == "not-endorsed" })
        #expect(told.recipientList == ["worker@council.test", "tm@council.test"])
        #expect(String(decoding: told.message, as: UTF8.self) == "Tina Manager (team-manager): Ask the family network first.", "the name the form gives")
        // Then endorsed once settled: confirmed to the team manager alone.
        #expect(try reply(4, from: "tm@council.test", body: "ENDORSE\nSupported.") == .signedOff(reference: "ARP-2026-00001", role: "team-manager", endorsed: true))
        let confirmed = try #require(try db.dueOutbox(now: later, limit: 20).first { $0.purpose == "sign-off-recorded" })
        #expect(confirmed.recipientList == ["tm@council.test"])
        let request = try db.request(reference: "ARP-2026-00001").request
        #expect(request.version == 1, "an endorsement does not make a code stale")
        let signOffs = try db.signOffs(requestId: request.id!)
        #expect(signOffs.map(\.summary) == ["team manager: NOT ENDORSED (tm@council.test): Ask the family network first.", "team manager: endorsed (tm@council.test)"])
        #expect(try db.history(reference: "ARP-2026-00001").events.map(\.event).contains(.signedOff))
    }

    @Test func weeklyRequestsNotReadyAreRemindedBeforeTheDeadlineAndMovedAfterIt() throws {
        let db = try AppDatabase.inMemory()
        func run(_ at: Date) throws -> [String] { try timedNotices(db, at: at) }
        // Monday 31 August 2026, 10:00 BST, for the panel on Thursday 3 September (forms due Wednesday 13:00).
        let monday = Date(timeIntervalSince1970: 1_788_166_800)
        _ = try record(db, incoming(1, from: "worker@council.test", subject: "Mentoring", id: "w1@x", body: completeForm(case: "1"), at: monday), at: monday)
        _ = try record(db, incoming(2, from: "worker@council.test", subject: "Transport", id: "w2@x",
                                    body: completeForm(case: "2", resource: "School transport").replacingOccurrences(of: "£75 per week", with: "lots"), at: monday), at: monday)
        #expect(try run(monday).isEmpty)

        // Tuesday 10:00: both lack something (the first its team manager's sign-off).
        let tuesday10 = monday.addingTimeInterval(86_400)
        #expect(try run(tuesday10) == ["deadline-reminder:ARP-2026-00001:2026-09-03:2026-09-01T10:00", "deadline-reminder:ARP-2026-00002:2026-09-03:2026-09-01T10:00"])
        let reminder = try #require(try db.dueOutbox(now: tuesday10, limit: 50).first { $0.messageIDHeader.hasPrefix("deadline-reminder:ARP-2026-00001") })
        #expect(String(decoding: reminder.message, as: UTF8.self).hasSuffix("missing=the team manager's sign-off (they were asked to reply ENDORSE)"))

        // The team manager endorses the first: it is ready, and is left alone.
        let ask = try #require(try db.dueOutbox(now: tuesday10, limit: 50).first { $0.purpose == "sign-off-request" && $0.messageIDHeader.contains("ARP-2026-00001") })
        let code = String(String(decoding: ask.message, as: UTF8.self).dropFirst("token=".count))
        _ = try record(db, incoming(3, from: "tm@council.test", to: "panel+\(code)@council.test", subject: "RE: [ARP-2026-00001]", id: "e@x", body: "ENDORSE", at: tuesday10), at: tuesday10)
        let wednesday10 = tuesday10.addingTimeInterval(86_400)
        #expect(try run(wednesday10) == ["deadline-reminder:ARP-2026-00002:2026-09-03:2026-09-02T10:00"])

        // At the deadline the second, still incomplete, is told it goes to the next panel.
        let deadline = wednesday10.addingTimeInterval(3 * 3600)
        let atDeadline = try run(deadline)
        #expect(atDeadline.contains("missed-deadline:ARP-2026-00002:2026-09-03"))
        // The agenda is fixed: the ready request gets a slot and an invitation; the members the CSV.
        #expect(atDeadline.contains { $0.hasPrefix("agenda-fixed") })
        let outbox = try db.dueOutbox(now: deadline, limit: 100)
        let agenda = try #require(outbox.first { $0.purpose == "agenda" })
        #expect(Set(agenda.recipientList) == ["duty@council.test", "finance@council.test", "lead@council.test", "clerk@council.test"])
        let csv = String(decoding: agenda.message, as: UTF8.self)
        #expect(csv.contains("ARP-2026-00001") && !csv.contains("ARP-2026-00002"))
        let invitation = try #require(outbox.first { $0.purpose == "slot-invitation" })
        #expect(invitation.recipientList == ["worker@council.test"])
        let ics = String(decoding: invitation.message, as: UTF8.self)
        #expect(ics.contains("METHOD:REQUEST") && ics.contains("UID:ARP-2026-00001.2026-09-03@"))
        #expect(try db.history(reference: "ARP-2026-00001").events.last?.event == .slotted)

        // On the panel day the clerk replies to the agenda with outcome lines.
        let agendaCode = String(csv.prefix { $0 != "\n" }.dropFirst("token=".count))
        let panelDay = deadline.addingTimeInterval(21 * 3600) // Thursday 10:00
        // The panel runs late: the clerk's LATE 30 moves the slot still to come.
        let late = try record(db, incoming(8, from: "clerk@council.test", to: "panel+\(agendaCode)@council.test", subject: "RE: Agenda", id: "l@x",
                                           body: "LATE 30\n\nChris", at: panelDay.addingTimeInterval(-600)), at: panelDay.addingTimeInterval(-600))
        #expect(late.outcome == .late(minutes: 30, moved: 1))
        let update = try #require(try db.dueOutbox(now: panelDay, limit: 100).first { $0.messageIDHeader == "slot-ARP-2026-00001-1@council.test" })
        let updated = String(decoding: update.message, as: UTF8.self)
        #expect(updated.contains("SEQUENCE:1") && updated.contains("UID:ARP-2026-00001.2026-09-03@"))
        #expect(updated.contains("DTSTART:20260903T093000Z"))
        let outcomes = try record(db, incoming(9, from: "clerk@council.test", to: "panel+\(agendaCode)@council.test", subject: "RE: Agenda", id: "o@x",
                                               body: "ARP-2026-00001: APPROVE £70 per week - within the framework rate\nARP-2026-00002: DECLINE - not ready\n\nChris", at: panelDay), at: panelDay)
        #expect(outcomes.outcome == .outcomes(applied: 1, refused: 1))
        #expect(try db.request(reference: "ARP-2026-00001").request.status == .approved)
        #expect(try db.request(reference: "ARP-2026-00002").request.status == .incomplete)
        let after = try db.dueOutbox(now: panelDay, limit: 100)
        #expect(after.contains { $0.purpose == "decision" && $0.recipientList.first == "worker@council.test" })
        let summary = try #require(after.first { $0.purpose == "outcome-summary" })
        #expect(summary.recipientList == ["clerk@council.test"])
        // The duty member may not record the weekly panel's outcomes.
        let duty = try record(db, incoming(10, from: "duty@council.test", to: "panel+\(agendaCode)@council.test", subject: "RE: Agenda", id: "o2@x",
                                           body: "ARP-2026-00002: APPROVE", at: panelDay), at: panelDay)
        #expect(duty.outcome == .outcomes(applied: 0, refused: 1))
        #expect(try run(deadline.addingTimeInterval(3600)).isEmpty)
    }

    @Test func anUrgentRequestReceivedAtNightIsNotifiedWhenWorkingTimeStarts() throws {
        let db = try AppDatabase.inMemory()
        // Saturday 5 September 2026, 10:12 BST: the notice waits for Monday 09:00.
        let saturday = Date(timeIntervalSince1970: 1_788_599_520)
        _ = try record(db, incoming(1, from: "worker@council.test", subject: "URGENT", id: "r1@x", body: completeForm(), at: saturday), at: saturday)
        #expect(try db.dueOutbox(now: saturday, limit: 10).map(\.purpose) == ["sign-off-request", "acknowledgement"])
        let monday9 = Date(timeIntervalSince1970: 1_788_768_000) // Monday 7 September 09:00 BST
        #expect(try db.dueOutbox(now: monday9.addingTimeInterval(-1), limit: 10).map(\.purpose) == ["sign-off-request", "acknowledgement"])
        #expect(try db.dueOutbox(now: monday9, limit: 10).map(\.purpose) == ["sign-off-request", "acknowledgement", "duty-notice"])
        // Dated when it goes, so it is not buried under the weekend's mail.
        let notice = try #require(try db.dueOutbox(now: monday9, limit: 10).last)
        #expect(String(decoding: notice.message, as: UTF8.self).hasPrefix("Date: Mon, 07 Sep 2026 08:00:00 +0000\r\n"))
    }

    // MARK: withdrawal

    /// The worker no longer needs it: closed undecided, the duty member who had the notice
    /// is told, and nothing more is asked of anyone.
    @Test func theWorkerWithdrawsAnUrgentRequestAndTheDutyMemberIsTold() throws {
        let db = try AppDatabase.inMemory()
        _ = try openUrgentRequest(db)
        try db.writer.write { db in try db.execute(sql: "UPDATE outbox SET status = 'sent' WHERE purpose = 'duty-notice'") }
        let later = tuesday.addingTimeInterval(1200)
        let receipt = try record(db, incoming(2, from: "worker@council.test", subject: "RE: URGENT: respite [ARP-2026-00001]", id: "w@x",
                                              body: "WITHDRAW - the grandmother can have him tonight.\n\nSam", at: later), at: later)
        #expect(receipt.outcome == .withdrawn(reference: "ARP-2026-00001"))
        #expect(try db.request(reference: "ARP-2026-00001").request.status == .withdrawn)
        let outbox = try db.dueOutbox(now: later, limit: 50)
        let confirmation = try #require(outbox.first { $0.purpose == "withdrawn" })
        #expect(confirmation.recipientList == ["worker@council.test", "tm@council.test"])
        #expect(String(decoding: confirmation.message, as: UTF8.self) == "was=an urgent decision slot=- cancel=false reason=the grandmother can have him tonight.")
        let told = try #require(outbox.first { $0.purpose == "withdrawn-notice" })
        #expect(told.recipientList == ["duty@council.test"])
        #expect(try db.history(reference: "ARP-2026-00001").events.last?.event == .withdrawn)
        // No reminder at 15:00 for a request nobody has to decide.
        #expect(try timedNotices(db, at: tuesday.addingTimeInterval(5 * 3600)).isEmpty)
    }

    /// Withdrawn at night: the duty notice waiting for 09:00 never goes.
    @Test func aDutyNoticeWaitingForTheMorningIsNotSentOnceWithdrawn() throws {
        let db = try AppDatabase.inMemory()
        let saturday = Date(timeIntervalSince1970: 1_788_599_520) // Saturday 5 September 2026, 10:12 BST
        _ = try record(db, incoming(1, from: "worker@council.test", subject: "URGENT", id: "r1@x", body: completeForm(), at: saturday), at: saturday)
        let evening = saturday.addingTimeInterval(8 * 3600)
        #expect(try record(db, incoming(2, from: "worker@council.test", subject: "RE: URGENT [ARP-2026-00001]", id: "w@x", body: "Withdrawn.", at: evening), at: evening).outcome
            == .withdrawn(reference: "ARP-2026-00001"))
        let monday9 = Date(timeIntervalSince1970: 1_788_768_000)
        #expect(!(try db.dueOutbox(now: monday9, limit: 50).map(\.purpose).contains("duty-notice")))
        #expect(!(try db.dueOutbox(now: monday9, limit: 50).map(\.purpose).contains("withdrawn-notice")), "nobody had the notice")
    }

    @Test func onlyTheWorkerVouchedForCanWithdrawAnUndecidedRequest() throws {
        let db = try AppDatabase.inMemory()
        _ = try openUrgentRequest(db)
        let later = tuesday.addingTimeInterval(600)
        func withdraw(_ uid: UInt32, from: String, authenticated: Bool = true) throws -> IntakeReceipt.Outcome {
            try record(db, incoming(uid, from: from, subject: "RE: URGENT: respite [ARP-2026-00001]", id: "w\(uid)@x", authenticated: authenticated,
                                    body: "WITHDRAW", at: later), at: later).outcome
        }
        #expect(try withdraw(2, from: "finance@council.test") == .decisionRefused(reference: "ARP-2026-00001", reason: "not the worker"))
        #expect(try withdraw(3, from: "worker@council.test", authenticated: false) == .decisionRefused(reference: "ARP-2026-00001", reason: "sender not vouched"))
        #expect(!(try db.dueOutbox(now: later, limit: 50).contains { $0.purpose == "decision-refused" && $0.recipientList == ["worker@council.test"] }),
                "an unvouched sender is not answered")
        #expect(try db.request(reference: "ARP-2026-00001").request.status == .awaitingDecision)
        #expect(try withdraw(4, from: "tm@council.test") == .withdrawn(reference: "ARP-2026-00001"), "the team manager of record may")
        #expect(try withdraw(5, from: "worker@council.test") == .decisionRefused(reference: "ARP-2026-00001", reason: "already decided"))
    }

    /// Withdrawn after the agenda was fixed: the slot is cancelled in the worker's
    /// calendar (same UID, next SEQUENCE), the clerk hears the slot is free, and LATE
    /// no longer moves it.
    @Test func aWithdrawnRequestLeavesTheAgendaWithACancellation() throws {
        let db = try AppDatabase.inMemory()
        let monday = Date(timeIntervalSince1970: 1_788_166_800) // Monday 31 August 2026, 10:00 BST
        _ = try record(db, incoming(1, from: "worker@council.test", subject: "Mentoring", id: "w1@x", body: completeForm(case: "1"), at: monday), at: monday)
        let ask = try #require(try db.dueOutbox(now: monday, limit: 50).first { $0.purpose == "sign-off-request" })
        let code = String(String(decoding: ask.message, as: UTF8.self).dropFirst("token=".count))
        _ = try record(db, incoming(2, from: "tm@council.test", to: "panel+\(code)@council.test", subject: "RE: [ARP-2026-00001]", id: "e@x", body: "ENDORSE", at: monday), at: monday)
        let deadline = monday.addingTimeInterval(2 * 86_400 + 3 * 3600) // Wednesday 13:00
        #expect(try timedNotices(db, at: deadline).contains { $0.hasPrefix("agenda-fixed") })

        let afternoon = deadline.addingTimeInterval(3600)
        #expect(try record(db, incoming(3, from: "worker@council.test", subject: "RE: Mentoring [ARP-2026-00001]", id: "w2@x",
                                        body: "WITHDRAW the school has found a mentor", at: afternoon), at: afternoon).outcome == .withdrawn(reference: "ARP-2026-00001"))
        let outbox = try db.dueOutbox(now: afternoon, limit: 100)
        let confirmation = try #require(outbox.first { $0.purpose == "withdrawn" })
        let text = String(decoding: confirmation.message, as: UTF8.self)
        #expect(text.hasPrefix("was=the weekly panel slot=") && text.contains("cancel=true"))
        let clerk = try #require(outbox.first { $0.purpose == "withdrawn-notice" })
        #expect(clerk.recipientList == ["clerk@council.test"])
        #expect(try db.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM agendaSlot") } == 0)
    }
}
