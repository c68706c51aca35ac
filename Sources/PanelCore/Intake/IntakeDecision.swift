/// What intake does with a readable message that is not already recorded. Pure: the
/// store looks up the facts, this decides.
public enum IntakeDecision: Sendable, Equatable {
    /// A delivery report about panelmail's own email.
    case bounce(originalMessageID: String?, reason: String)
    /// Written by a machine: stored, moved, never answered.
    case automatic(reason: String)
    /// Part of an existing request's thread: stored against it, not answered.
    case correspondence(requestId: Int64, via: String)
    /// Over a configured limit (an attachment too large): for a person to look at.
    case needsAttention(reason: String)
    /// New requests, one per form block, each given a reference, acknowledged together.
    case newRequests([RequestForm])
    /// Mail from a person with no form in it: answered with the blank form, no reference.
    case notARequest
    /// Documents attached that could not be read as the form: for a person, and the
    /// sender is told a person will look at it (never that it is not a request).
    case unreadableForm([UnreadableDocument])

    /// Facts about a message that only the store knows.
    public struct Facts: Sendable {
        /// The request named by an `[ARP-…]` tag in the subject, if that request exists.
        public var taggedRequest: Int64?
        /// The request whose thread holds a Message-ID in In-Reply-To or References.
        public var threadRequest: Int64?
        /// The request opened by the same mail from the same sender recently.
        public var repeatedRequest: Int64?
        /// Every request the subject's tags or the thread reach (an email that opened a
        /// sibling group reaches several): where a reply's form lines may belong.
        public var candidates: [Int64] = []

        public init(taggedRequest: Int64? = nil, threadRequest: Int64? = nil, repeatedRequest: Int64? = nil) {
            self.taggedRequest = taggedRequest
            self.threadRequest = threadRequest
            self.repeatedRequest = repeatedRequest
        }
    }

    /// Bounces first (they are automatic too), then other automatic mail, then threads,
    /// then the per-sender loop guard, then size limits; then what the form says.
    public static func decide(_ message: ReadMessage, facts: Facts, attachmentLimit: Int) -> IntakeDecision {
        if let bounce = message.bounce {
            return .bounce(originalMessageID: bounce.originalMessageID, reason: bounce.reason)
        }
        if let reason = message.automaticReason {
            return .automatic(reason: reason)
        }
        if let request = facts.taggedRequest {
            return .correspondence(requestId: request, via: "reference in subject")
        }
        if let request = facts.threadRequest {
            return .correspondence(requestId: request, via: "In-Reply-To/References")
        }
        if let request = facts.repeatedRequest {
            return .correspondence(requestId: request, via: "same mail sent again by the same sender")
        }
        if let large = message.attachments.first(where: { $0.size > attachmentLimit }) {
            // The file name is left out: it often carries a child's name, and reasons are logged.
            return .needsAttention(reason: "attachment \(large.partPath) (\(large.contentType)) is \(ByteSize(large.size)), over the \(ByteSize(attachmentLimit)) attachment limit (limits.attachment_max_bytes)")
        }
        switch message.form {
        case .forms(let forms): return .newRequests(forms)
        case .notARequest: return .notARequest
        case .unreadableDocuments(let documents): return .unreadableForm(documents)
        }
    }
}

/// Bytes for people: `25 MB`, `812 KB`.
public struct ByteSize: CustomStringConvertible, Sendable {
    public let bytes: Int
    public init(_ bytes: Int) { self.bytes = bytes }
    public var description: String {
        let mib = Double(bytes) / 1_048_576
        if mib >= 1 { return mib == mib.rounded() ? "\(Int(mib)) MB" : String(format: "%.1f MB", mib) }
        return "\(max(1, bytes / 1024)) KB"
    }
}

import Foundation
