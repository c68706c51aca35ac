/// A time of day on a wall clock, with no day and no time zone: the hour working
/// hours open, the time the panel sits, a deadline's time.
public struct LocalTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let hour: Int
    public let minute: Int
    public let second: Int

    /// A valid time (hour 0...23, minute and second 0...59), or nil.
    public init?(hour: Int, minute: Int, second: Int = 0) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        self.init(valid: hour, minute, second)
    }

    /// Parses `09:00`, `9:00` or `09:00:30` (24-hour clock), as written in the configuration.
    public init(parsing text: String) throws(CalendarError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count),
              (1...2).contains(parts[0].count), parts.dropFirst().allSatisfy({ $0.count == 2 }),
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let time = LocalTime(hour: Int(parts[0]) ?? -1, minute: Int(parts[1]) ?? -1, second: parts.count == 3 ? Int(parts[2]) ?? -1 : 0)
        else { throw CalendarError.badTime(text) }
        self = time
    }

    /// For constants known to be valid.
    init(valid hour: Int, _ minute: Int, _ second: Int = 0) {
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Seconds since midnight, 0 ... 86_399.
    public var secondsSinceMidnight: Int { hour * 3600 + minute * 60 + second }

    /// The time `seconds` seconds after midnight (taken modulo a day).
    init(secondsSinceMidnight seconds: Int) {
        let s = (seconds % 86_400 + 86_400) % 86_400
        self.init(valid: s / 3600, s / 60 % 60, s % 60)
    }

    public static func < (lhs: LocalTime, rhs: LocalTime) -> Bool { lhs.secondsSinceMidnight < rhs.secondsSinceMidnight }

    /// `09:00`, or `09:00:30` when there are seconds.
    public var description: String {
        second == 0 ? CalendarText.time(self) : CalendarText.time(self) + ":" + CalendarText.twoDigits(second)
    }
}
