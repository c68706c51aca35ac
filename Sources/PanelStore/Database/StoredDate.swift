import Foundation
import PanelCore

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
        let (year, month, day) = CivilDate.date(days: Int(days))
        var out = [UInt8](repeating: 0, count: 23)
        func put(_ value: some BinaryInteger, _ width: Int, at offset: Int) {
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
}
