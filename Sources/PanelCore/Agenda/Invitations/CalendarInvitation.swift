import Foundation

/// A worker's panel slot as an iCalendar object for email (RFC 5545, iTIP RFC 5546): a
/// METHOD:REQUEST to add or update the entry, a METHOD:CANCEL to remove it. One VEVENT per
/// object, so every calendar client applies it (several UIDs in one iTIP message are not
/// handled alike).
///
/// - The UID comes from the request's reference and the sitting's day, so every update
///   of a slot carries the same UID and a higher SEQUENCE, and replaces the entry instead
///   of adding one.
/// - Times are written in UTC (`DTSTART:20260910T093000Z`), converted from the panel's
///   time zone with tzdata. Outlook and Google Calendar show a UTC time at the right local
///   time on either side of a clock change, and no VTIMEZONE can then disagree with tzdata.
///   The slot is a single event, so nothing recurs across a change either.
/// - SUMMARY and DESCRIPTION carry the reference and resource type, never a child's name.
public struct CalendarInvitation: Hashable, Sendable {
    /// The iTIP method (RFC 5546 3.2): add or update the entry, or remove it.
    public enum Method: String, Hashable, Sendable {
        case request = "REQUEST"
        case cancel = "CANCEL"
    }

    /// PRODID (RFC 5545 3.7.3): who made the object.
    public static let productID = "-//panelmail//Access to Resources Panel//EN"
    public static let defaultPanelName = "Access to Resources Panel"

    public let method: Method
    public let uid: String
    public let sequence: Int
    /// When this message was made (DTSTAMP): the run's `now`.
    public let stamp: Date
    public let startsAt: Date
    public let endsAt: Date
    public let summary: String
    /// The DESCRIPTION.
    public let details: String
    public let location: String?
    /// The panel mailbox; its name is the organiser's CN.
    public let organizer: EmailAddress
    /// The worker.
    public let attendee: EmailAddress

    public init(
        method: Method, uid: String, sequence: Int, stamp: Date, startsAt: Date, endsAt: Date,
        summary: String, details: String, location: String? = nil, organizer: EmailAddress, attendee: EmailAddress
    ) {
        self.method = method
        self.uid = uid
        self.sequence = sequence
        self.stamp = stamp
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.summary = summary
        self.details = details
        self.location = location
        self.organizer = organizer
        self.attendee = attendee
    }

    /// `ARP-2026-00042.2026-09-10@council.example`: the same for every version of one
    /// request's slot at one sitting.
    public static func uid(for reference: RequestReference, sittingDay: CalendarDay, domain: String) -> String {
        "\(reference).\(sittingDay)@\(domain)"
    }

    /// The invitation for `slot` (new, or moved: the slot's SEQUENCE says which).
    ///
    /// - Parameters:
    ///   - resourceType: the resource's kind ("Placement"), shown with the reference.
    ///   - organizer: the panel mailbox, with the panel's name.
    ///   - worker: the worker's address.
    ///   - stamp: the time of the run that sends it.
    public init(slot: AgendaSlot, resourceType: String, organizer: EmailAddress, worker: EmailAddress, location: String? = nil, stamp: Date) {
        let panel = organizer.name ?? Self.defaultPanelName
        let day = slot.starts.day
        var details = "Your request \(slot.reference) (\(resourceType)) is on the agenda of the \(panel) on \(CalendarText.day(day)). "
            + "Your slot is \(CalendarText.time(slot.starts.time)) to \(CalendarText.time(slot.ends.time))."
        if slot.sequence > 0 { details += " This replaces the time sent before." }
        details += "\nIf the panel runs late, you will get an email with the new time and this entry will be updated."
        self.init(method: .request, uid: Self.uid(for: slot.reference, sittingDay: day, domain: organizer.domain), sequence: slot.sequence,
                  stamp: stamp, startsAt: slot.startsAt, endsAt: slot.endsAt, summary: "\(panel): \(slot.reference) (\(resourceType))",
                  details: details, location: location, organizer: organizer, attendee: worker)
    }

    /// The cancellation for a slot that left the agenda (`AgendaSlots.removing(_:)` gives it
    /// with the next SEQUENCE).
    public init(cancelling slot: AgendaSlot, resourceType: String, organizer: EmailAddress, worker: EmailAddress, location: String? = nil, stamp: Date) {
        let panel = organizer.name ?? Self.defaultPanelName
        let day = slot.starts.day
        let details = "Your request \(slot.reference) (\(resourceType)) is no longer on the agenda of the \(panel) on \(CalendarText.day(day)), so this slot is cancelled."
        self.init(method: .cancel, uid: Self.uid(for: slot.reference, sittingDay: day, domain: organizer.domain), sequence: slot.sequence,
                  stamp: stamp, startsAt: slot.startsAt, endsAt: slot.endsAt, summary: "\(panel): \(slot.reference) (\(resourceType))",
                  details: details, location: location, organizer: organizer, attendee: worker)
    }

    /// "invitation:ARP-2026-00042.2026-09-10@council.example:2" or "cancellation:...": one
    /// email per version of the slot, so an outbox keyed by it sends each once.
    public var idempotencyKey: String { "\(method == .request ? "invitation" : "cancellation"):\(uid):\(sequence)" }

    /// The content lines, unfolded, in order.
    public var contentLines: [String] {
        var lines = [
            "BEGIN:VCALENDAR",
            "PRODID:\(Self.productID)",
            "VERSION:2.0",
            "CALSCALE:GREGORIAN",
            "METHOD:\(method.rawValue)",
            "BEGIN:VEVENT",
            "UID:\(ICalendarText.escape(uid))",
            "SEQUENCE:\(sequence)",
            "DTSTAMP:\(ICalendarText.utc(stamp))",
            "DTSTART:\(ICalendarText.utc(startsAt))",
            "DTEND:\(ICalendarText.utc(endsAt))",
            "SUMMARY:\(ICalendarText.escape(summary))",
            "DESCRIPTION:\(ICalendarText.escape(details))",
        ]
        if let location, !location.isEmpty { lines.append("LOCATION:\(ICalendarText.escape(location))") }
        lines.append("ORGANIZER" + Self.commonName(organizer) + ":" + ICalendarText.mailto(organizer))
        lines.append("ATTENDEE" + Self.commonName(attendee) + ";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:" + ICalendarText.mailto(attendee))
        lines.append("STATUS:" + (method == .request ? "CONFIRMED" : "CANCELLED"))
        lines.append("TRANSP:OPAQUE")
        lines += ["END:VEVENT", "END:VCALENDAR"]
        return lines
    }

    /// The iCalendar stream: UTF-8, lines folded at 75 octets, CRLF line ends.
    public func render() -> [UInt8] { contentLines.flatMap(ICalendarText.fold) }

    /// "ARP-2026-00042-2026-09-10.ics".
    public var filename: String { "\(uid.prefix { $0 != "@" }.replacingOccurrences(of: ".", with: "-")).ics" }

    /// The MIME type for the attachment (RFC 6047 2.4), naming the method.
    public var contentType: String { "text/calendar; charset=utf-8; method=\(method.rawValue)" }

    /// The invitation as an email attachment.
    public func attachment() -> OutgoingAttachment {
        OutgoingAttachment(filename: filename, contentType: contentType, bytes: render())
    }

    private static func commonName(_ address: EmailAddress) -> String {
        guard let name = address.name, !name.isEmpty else { return "" }
        return ";CN=" + ICalendarText.parameterValue(name)
    }
}
