import Foundation

/// One request's time at a sitting, and how many times that time has been changed.
public struct AgendaSlot: Hashable, Sendable, CustomStringConvertible {
    public let request: ListedRequest
    public let startsAt: Date
    public let endsAt: Date
    public let starts: LocalDateTime
    public let ends: LocalDateTime
    /// The iCalendar SEQUENCE (RFC 5545 3.8.7.4): 0 when first sent, one more each time the
    /// slot moves or is cancelled, so the worker's calendar replaces the entry.
    public let sequence: Int

    public init(request: ListedRequest, startsAt: Date, endsAt: Date, timeZone: TimeZone, sequence: Int = 0) {
        self.request = request
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.starts = timeZone.localDateTime(of: startsAt)
        self.ends = timeZone.localDateTime(of: endsAt)
        self.sequence = sequence
    }

    public var reference: RequestReference { request.reference }

    /// "10:30-11:00".
    public var timeText: String { "\(CalendarText.time(starts.time))-\(CalendarText.time(ends.time))" }

    /// The same slot `minutes` later, with the next SEQUENCE.
    func moved(byMinutes minutes: Int, timeZone: TimeZone) -> AgendaSlot {
        let shift = TimeInterval(minutes * 60)
        return AgendaSlot(request: request, startsAt: startsAt + shift, endsAt: endsAt + shift, timeZone: timeZone, sequence: sequence + 1)
    }

    /// The same slot with the next SEQUENCE, for its cancellation.
    public func cancelled(timeZone: TimeZone) -> AgendaSlot {
        AgendaSlot(request: request, startsAt: startsAt, endsAt: endsAt, timeZone: timeZone, sequence: sequence + 1)
    }

    /// `ARP-2026-00042 2026-09-10 10:30-11:00 #0`, for logs.
    public var description: String { "\(reference) \(starts.day) \(timeText) #\(sequence)" }
}
