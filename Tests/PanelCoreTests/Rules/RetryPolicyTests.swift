import Foundation
import Testing
@testable import PanelCore

@Suite("Outbox retry decisions")
struct RetryPolicyTests {
    let policy = RetryPolicy(initialDelay: .seconds(30), maximumDelay: .seconds(3600), giveUpAfter: .seconds(86_400))
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(arguments: [(1, 30.0), (2, 60.0), (3, 120.0), (7, 1920.0), (8, 3600.0), (50, 3600.0)])
    func backOffGrowsAndIsCapped(attempts: Int, seconds: Double) {
        #expect(policy.delay(afterAttempts: attempts).seconds == seconds)
    }

    @Test func transientFailureIsRetried() {
        let now = start.addingTimeInterval(100)
        #expect(policy.verdict(after: .transient, attempts: 2, firstAttempt: start, now: now, reason: "451 try later") == .retry(at: now.addingTimeInterval(60)))
    }

    @Test func permanentFailureGivesUpAtOnceWithTheReason() {
        #expect(policy.verdict(after: .permanent, attempts: 1, firstAttempt: start, now: start, reason: "550 5.1.1 no such user") == .giveUp(reason: "550 5.1.1 no such user"))
    }

    @Test func transientFailureGivesUpAfterTheLimit() {
        let verdict = policy.verdict(after: .transient, attempts: 30, firstAttempt: start, now: start.addingTimeInterval(86_400), reason: "connection refused")
        guard case .giveUp(let reason) = verdict else { Issue.record("expected give-up, got \(verdict)"); return }
        #expect(reason.contains("connection refused"))
        #expect(reason.contains("24 hours"))
    }
}

@Suite("Recipient policy")
struct RecipientPolicyTests {
    let policy = RecipientPolicy(allowedDomains: ["council.test", " Partner.TEST "])

    @Test(arguments: [
        (["worker@council.test"], true),
        (["Worker@COUNCIL.test", "x@partner.test"], true),
        (["worker@council.test", "someone@gmail.example"], false),
        (["worker@sub.council.test"], false),
        (["no-at-sign"], false),
    ])
    func allows(recipients: [String], allowed: Bool) {
        #expect((policy.holdReason(for: recipients) == nil) == allowed)
    }

    @Test func reasonNamesTheDomain() throws {
        let reason = try #require(policy.holdReason(for: ["a@council.test", "b@elsewhere.test"]))
        #expect(reason.contains("elsewhere.test"))
        #expect(!reason.contains("b@"))
    }
}

@Suite("Intake decisions")
struct IntakeDecisionTests {
    func message(automatic: String? = nil, bounce: ReadMessage.Bounce? = nil, attachmentSize: Int? = nil, form: FormReading = .notARequest) -> ReadMessage {
        ReadMessage(
            messageID: "m1@x", inReplyTo: [], references: [], subject: "Placement", sender: "w@council.test", replyAddress: "w@council.test",
            senderName: nil, automaticReason: automatic, bounce: bounce,
            attachments: attachmentSize.map { [AttachmentSummary(partPath: "2", filename: "Child Name.pdf", contentType: "application/pdf", size: $0, sha256: "00")] } ?? [],
            fingerprint: "f", form: form)
    }

    @Test func whatTheFormSaysDecidesTheRest() throws {
        #expect(IntakeDecision.decide(message(), facts: .init(), attachmentLimit: 100) == .notARequest)
        let forms = FormParser().parse(text: "Case ID: 1\nResource type: Mentoring\n", sender: nil).forms
        #expect(IntakeDecision.decide(message(form: .forms(forms)), facts: .init(), attachmentLimit: 100) == .newRequests(forms))
        let document = UnreadableDocument(partPath: "2", contentType: "application/pdf", filename: "x.pdf", explanation: "a PDF")
        #expect(IntakeDecision.decide(message(form: .unreadableDocuments([document])), facts: .init(), attachmentLimit: 100) == .unreadableForm([document]))
        // A thread reply with form lines is correspondence first; the store merges it.
        #expect(IntakeDecision.decide(message(form: .forms(forms)), facts: .init(threadRequest: 4), attachmentLimit: 100) == .correspondence(requestId: 4, via: "In-Reply-To/References"))
    }

    @Test func bounceComesBeforeAutomatic() {
        let decision = IntakeDecision.decide(message(automatic: "null sender", bounce: .init(originalMessageID: "o@x", reason: "5.1.1")), facts: .init(taggedRequest: 3), attachmentLimit: 100)
        #expect(decision == .bounce(originalMessageID: "o@x", reason: "5.1.1"))
    }

    @Test func automaticMailIsNeverCorrespondenceOrARequest() {
        #expect(IntakeDecision.decide(message(automatic: "Auto-Submitted: auto-replied"), facts: .init(taggedRequest: 3), attachmentLimit: 100) == .automatic(reason: "Auto-Submitted: auto-replied"))
    }

    @Test func threadsAndRepeatsAreCorrespondence() {
        #expect(IntakeDecision.decide(message(), facts: .init(taggedRequest: 3, threadRequest: 4), attachmentLimit: 100) == .correspondence(requestId: 3, via: "reference in subject"))
        #expect(IntakeDecision.decide(message(), facts: .init(threadRequest: 4), attachmentLimit: 100) == .correspondence(requestId: 4, via: "In-Reply-To/References"))
        #expect(IntakeDecision.decide(message(), facts: .init(repeatedRequest: 5), attachmentLimit: 100) == .correspondence(requestId: 5, via: "same mail sent again by the same sender"))
    }

    @Test func oversizedAttachmentNeedsAttentionWithoutItsName() throws {
        let decision = IntakeDecision.decide(message(attachmentSize: 30 * 1_048_576), facts: .init(), attachmentLimit: 25 * 1_048_576)
        guard case .needsAttention(let reason) = decision else { Issue.record("expected attention, got \(decision)"); return }
        #expect(reason.contains("30 MB"))
        #expect(reason.contains("25 MB"))
        #expect(!reason.contains("Child Name"))
    }
}
