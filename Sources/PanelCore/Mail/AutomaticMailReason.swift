/// Why a message was written by a machine and must not be answered automatically
/// (RFC 3834 section 2 and 3.1, and the rules Dovecot's vacation applies).
public enum AutomaticMailReason: Sendable, Hashable, CustomStringConvertible {
    /// The envelope sender (Return-Path) is null, "<>": bounces and other reports (RFC 5321 4.5.5).
    case nullSender
    /// Auto-Submitted with a value other than "no" (RFC 3834 section 5).
    case autoSubmitted(String)
    /// Precedence: bulk, junk, list (or auto_reply).
    case precedence(String)
    /// A List-* field (RFC 2369, RFC 2919): mailing-list traffic.
    case listHeader(String)
    /// Microsoft's X-Auto-Response-Suppress asks for no automatic answers (All, OOF, AutoReply).
    case autoResponseSuppress(String)
    /// MAILER-DAEMON, postmaster, owner-* or *-request (RFC 3834 3.1.3 / 3.1.5).
    case systemSender(String)
    /// A multipart/report delivery status notification (RFC 3464) or other report (RFC 6522).
    case deliveryStatusReport
    /// A read receipt (RFC 8098 disposition notification).
    case dispositionNotification
    /// An out-of-office or other automatic reply, found by the named evidence.
    case outOfOffice(String)
    /// A non-standard bounce, recognised by its subject.
    case bounceSubject(String)
    /// A calendar client's answer to an invitation (iTIP REPLY or COUNTER): a person
    /// clicked Accept or Decline; a text answer would be noise in their inbox.
    case calendarResponse(String)

    public var description: String {
        switch self {
        case .nullSender: return "null envelope sender (<>)"
        case .autoSubmitted(let value): return "Auto-Submitted: \(value)"
        case .precedence(let value): return "Precedence: \(value)"
        case .listHeader(let name): return "mailing-list field \(name)"
        case .autoResponseSuppress(let value): return "X-Auto-Response-Suppress: \(value)"
        case .systemSender(let address): return "system sender \(address)"
        case .deliveryStatusReport: return "delivery status report"
        case .dispositionNotification: return "read receipt (disposition notification)"
        case .outOfOffice(let evidence): return "automatic reply (\(evidence))"
        case .bounceSubject(let prefix): return "bounce (subject \"\(prefix)\")"
        case .calendarResponse(let answer): return "calendar reply (\(answer))"
        }
    }
}
