import Foundation

/// The time slots of one sitting's agenda, in order.
///
/// Requests are ordered by locality, then arrival, then reference, and given back-to-back
/// slots of one length from the first slot's time: the configured start, or the sitting's
/// own time when that is later (an extra sitting in the afternoon). Times are instants, so
/// they stay right on a day the clocks change. Every slot ends on the sitting's day.
public struct AgendaSlots: Hashable, Sendable {
    public static let defaultSlotMinutes = 30
    public static let slotMinutesRange = 5...240
    /// The most `LATE n` accepts: a panel more than four hours behind is postponed, not late.
    public static let lateMinutesRange = 1...240

    public let sitting: PanelSitting
    public let timeZone: TimeZone
    /// In agenda order.
    public let slots: [AgendaSlot]

    /// Allocates slots to `requests` at `sitting`.
    ///
    /// - Parameters:
    ///   - start: the first slot's time on the sitting's day; nil for the sitting's time.
    ///   - slotMinutes: each slot's length, within `slotMinutesRange`.
    /// - Throws: `AgendaSlotsError` for a bad slot length, a request listed twice, or an
    ///   agenda that would run past midnight.
    public init(
        listing requests: [ListedRequest], sitting: PanelSitting, start: LocalTime? = nil,
        slotMinutes: Int = AgendaSlots.defaultSlotMinutes, timeZone: TimeZone
    ) throws(AgendaSlotsError) {
        guard Self.slotMinutesRange.contains(slotMinutes) else { throw AgendaSlotsError.slotLengthOutOfRange(slotMinutes) }
        var seen: Set<RequestReference> = []
        for request in requests where !seen.insert(request.reference).inserted {
            throw AgendaSlotsError.listedTwice(request.reference)
        }
        let firstTime = max(start ?? sitting.starts.time, sitting.starts.time)
        let firstAt = timeZone.instant(of: firstTime, on: sitting.day)
        let length = TimeInterval(slotMinutes * 60)
        let slots = requests.sorted(by: ListedRequest.agendaOrder).enumerated().map { index, request in
            let startsAt = firstAt + TimeInterval(index) * length
            return AgendaSlot(request: request, startsAt: startsAt, endsAt: startsAt + length, timeZone: timeZone)
        }
        if let last = slots.last, last.endsAt > Self.midnight(after: sitting, in: timeZone) {
            throw AgendaSlotsError.runsPastMidnight(slots: slots.count, lastStarts: last.starts)
        }
        self.init(sitting: sitting, slots: slots, timeZone: timeZone)
    }

    /// Slots as stored, in agenda order: for applying `LATE` to an agenda fixed earlier.
    public init(sitting: PanelSitting, slots: [AgendaSlot], timeZone: TimeZone) {
        self.sitting = sitting
        self.slots = slots
        self.timeZone = timeZone
    }

    /// The slot of `reference`, if it is on the agenda.
    public func slot(for reference: RequestReference) -> AgendaSlot? { slots.first { $0.reference == reference } }

    /// The clerk's `LATE n` at `moment`: every slot starting at or after `moment` moves
    /// `minutes` later with the next SEQUENCE; slots already started stay. A slot due to
    /// start at the very moment the clerk writes has not started, because the panel is late.
    ///
    /// - Throws: `AgendaSlotsError` when `minutes` is zero, negative or over
    ///   `lateMinutesRange`, when `moment` is not on the sitting's day, when every slot has
    ///   started, or when the last slot would end after midnight (the error says how much fits).
    public func delayed(byMinutes minutes: Int, at moment: Date) throws(AgendaSlotsError) -> AgendaDelay {
        guard minutes != 0 else { throw AgendaSlotsError.zeroDelay }
        guard minutes > 0 else { throw AgendaSlotsError.negativeDelay(minutes) }
        guard Self.lateMinutesRange.contains(minutes) else { throw AgendaSlotsError.delayTooLong(minutes, maximum: Self.lateMinutesRange.upperBound) }
        let local = timeZone.localDateTime(of: moment)
        guard local.day == sitting.day else { throw AgendaSlotsError.notOnSittingDay(local.day, sitting: sitting.day) }
        var moved: [AgendaSlot] = []
        let updated = slots.map { slot in
            guard slot.startsAt >= moment else { return slot }
            let later = slot.moved(byMinutes: minutes, timeZone: timeZone)
            moved.append(later)
            return later
        }
        guard !moved.isEmpty else { throw AgendaSlotsError.noSlotWaiting(at: local.time) }
        if let last = slots.last {
            let room = Int(Self.midnight(after: sitting, in: timeZone).timeIntervalSince(last.endsAt) / 60)
            guard minutes <= room else { throw AgendaSlotsError.delayRunsPastMidnight(minutes, mostThatFits: max(0, room)) }
        }
        return AgendaDelay(minutes: minutes, at: moment, agenda: AgendaSlots(sitting: sitting, slots: updated, timeZone: timeZone), moved: moved)
    }

    /// The agenda without `reference`, and its slot with the next SEQUENCE for the
    /// cancellation (`CalendarInvitation(cancelling:)`); nil when it is not on the agenda.
    /// The other slots keep their times: their workers have planned round them.
    public func removing(_ reference: RequestReference) -> (agenda: AgendaSlots, cancelled: AgendaSlot)? {
        guard let slot = slot(for: reference) else { return nil }
        let rest = slots.filter { $0.reference != reference }
        return (AgendaSlots(sitting: sitting, slots: rest, timeZone: timeZone), slot.cancelled(timeZone: timeZone))
    }

    /// Midnight at the end of the sitting's day: no slot may end after it.
    private static func midnight(after sitting: PanelSitting, in timeZone: TimeZone) -> Date {
        timeZone.instant(of: LocalTime(valid: 0, 0), on: sitting.day.adding(days: 1))
    }
}
