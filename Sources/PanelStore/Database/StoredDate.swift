import Foundation
import GRDB

/// Dates as the store writes them: GRDB's text form, "yyyy-MM-dd HH:mm:ss.SSS" in UTC
/// (what `Date.databaseValue` gives, so rows written either way compare and sort alike).
/// Written by hand from the milliseconds: GRDB goes through an ICU date formatter, which
/// cost more per request than the rest of encoding its rows.
enum StoredDate {
    static func text(_ date: Date) -> String {
        // As Foundation's formatter does: milliseconds since 1970, halves rounded up
        // (checked against it over random dates by the tests).
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000 + 0.5).rounded(.down))
        var (days, inDay) = milliseconds.quotientAndRemainder(dividingBy: 86_400_000)
        if inDay < 0 {
            inDay += 86_400_000
            days -= 1
        }
        let (year, month, day) = civil(daysSince1970: days)
        var out = [UInt8](repeating: 0, count: 23)
        func put(_ value: Int64, _ width: Int, at offset: Int) {
            var value = value
            for i in stride(from: offset + width - 1, through: offset, by: -1) {
                out[i] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
        }
        put(year, 4, at: 0)
        out[4] = UInt8(ascii: "-")
        put(month, 2, at: 5)
        out[7] = UInt8(ascii: "-")
        put(day, 2, at: 8)
        out[10] = UInt8(ascii: " ")
        put(inDay / 3_600_000, 2, at: 11)
        out[13] = UInt8(ascii: ":")
        put(inDay / 60_000 % 60, 2, at: 14)
        out[16] = UInt8(ascii: ":")
        put(inDay / 1000 % 60, 2, at: 17)
        out[19] = UInt8(ascii: ".")
        put(inDay % 1000, 3, at: 20)
        return String(decoding: out, as: UTF8.self)
    }

    static func text(_ date: Date?) -> String? { date.map { text($0) } }

    /// The proleptic Gregorian date of a day count from 1970-01-01 (Howard Hinnant's
    /// civil_from_days). Years 0001 to 9999 are all a store will see.
    static func civil(daysSince1970 days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
