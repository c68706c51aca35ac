import Foundation
import Logging
import MailTransport
import PanelCore
import PanelStore
import Testing
@testable import PanelDaemon

/// A clock the test moves by hand.
final class TestClock: PanelClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(_ start: Date) { current = start }
    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}

/// An SMTP server's answers, scripted: the sender's decisions are what is under test here
/// (the real SMTP path is tested against Postfix in EndToEndTests).
actor ScriptedSMTP: MailSending {
    var answers: [Result<SMTPDelivery, MailTransportError>]
    var received: [[UInt8]] = []
    init(_ answers: [Result<SMTPDelivery, MailTransportError>]) { self.answers = answers }
    func send(from: String, recipients: [String], message: [UInt8]) async throws -> SMTPDelivery {
        received.append(message)
        return try answers.removeFirst().get()
    }
}

@Suite("Outbox sender decisions")
struct OutboxSenderTests {
    static let ok = SMTPDelivery(replyCode: 250, replyText: "2.0.0 Ok: queued as ABC", queueID: "ABC", recipients: ["w@council.test"])
    static func failure(_ kind: MailTransportError.Kind, code: Int?) -> MailTransportError {
        MailTransportError(kind: kind, operation: "SMTP DATA", smtpReplyCode: code, message: "refused", advice: "none")
    }

    func setUp(_ answers: [Result<SMTPDelivery, MailTransportError>], messages: Int = 1) throws -> (OutboxSender, AppDatabase, ScriptedSMTP, TestClock) {
        let db = try AppDatabase.inMemory()
        let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
        for index in 0..<messages {
            try db.enqueue(OutgoingMail(purpose: "acknowledgement", messageID: "m\(index)@council.test", envelopeFrom: "panel@council.test", recipients: ["w@council.test"], bytes: Array("hello".utf8)), policy: RecipientPolicy(allowedDomains: ["council.test"]), now: clock.now)
        }
        let smtp = ScriptedSMTP(answers)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let sender = OutboxSender(sender: smtp, database: db, retry: RetryPolicy(initialDelay: .seconds(30), maximumDelay: .seconds(600), giveUpAfter: .seconds(3600)), clock: clock, logger: logger)
        return (sender, db, smtp, clock)
    }

    @Test func aTransient4xxIsRetriedWithTheSameBytesAfterTheBackOff() async throws {
        let (sender, db, smtp, clock) = try setUp([.failure(Self.failure(.transient, code: 451)), .success(Self.ok)])
        let first = try await sender.sendDue()
        #expect(first.retrying == 1 && first.sent == 0 && !first.serverUnavailable)
        #expect(try await sender.sendDue().sent == 0)  // not due yet
        clock.advance(31)
        #expect(try await sender.sendDue().sent == 1)
        let received = await smtp.received
        #expect(received.count == 2 && received[0] == received[1])
        #expect(try db.outbox(status: .sent).first?.attempts == 2)
    }

    @Test func aPermanent5xxGivesUpAtOnceWithTheReason() async throws {
        let (sender, db, _, _) = try setUp([.failure(Self.failure(.permanent, code: 550))])
        #expect(try await sender.sendDue().failed == 1)
        let failed = try #require(try db.outbox(status: .failed).first)
        #expect(failed.reason?.contains("refused") == true)
    }

    @Test func aDeadServerStopsTheRoundAndEveryMessageWaits() async throws {
        let (sender, db, smtp, _) = try setUp([.failure(Self.failure(.transient, code: nil))], messages: 3)
        let summary = try await sender.sendDue()
        #expect(summary.serverUnavailable)
        #expect(await smtp.received.count == 1)
        #expect(try db.outbox(status: .queued).count == 3)
    }

    @Test func aRefusedLoginIsRetriedNotFailed() async throws {
        let (sender, db, _, _) = try setUp([.failure(Self.failure(.authentication, code: 535))])
        #expect(try await sender.sendDue().serverUnavailable)
        #expect(try db.outbox(status: .failed).isEmpty)
    }

    @Test func transientFailuresGiveUpAfterTheLimit() async throws {
        let answers: [Result<SMTPDelivery, MailTransportError>] = Array(repeating: .failure(Self.failure(.transient, code: 421)), count: 20)
        let (sender, db, _, clock) = try setUp(answers)
        for _ in 0..<20 {
            _ = try await sender.sendDue()
            clock.advance(601)
            if try !db.outbox(status: .failed).isEmpty { break }
        }
        let failed = try #require(try db.outbox(status: .failed).first)
        #expect(failed.reason?.contains("still failing after") == true)
    }
}
