import Foundation

/// The octet-level rules of an iCalendar stream (RFC 5545 section 3): TEXT escaping,
/// quoted parameter values, UTC date-times, and content lines folded at 75 octets and
/// ended with CRLF.
enum ICalendarText {
    /// Longest content line, in octets, before the line break (RFC 5545 3.1).
    static let maximumLineOctets = 75

    /// TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon and comma get a
    /// backslash; a line break (CRLF, CR or LF) becomes `\n`. Other control characters,
    /// which TEXT does not allow, are dropped; a tab is kept.
    static func escape(_ text: String) -> String {
        var out = ""
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r": out += "\\n"
            case "\n": if !previousWasCR { out += "\\n" }
            case "\t": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A parameter value (RFC 5545 3.2), always in double quotes so ":", ";" and "," are
    /// safe; a double quote or line break inside is written with RFC 6868's caret escapes
    /// (`^'`, `^n`, and `^^` for a caret). Other control characters are dropped.
    static func parameterValue(_ text: String) -> String {
        var out = "\""
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "^": out += "^^"
            case "\"": out += "^'"
            case "\r": out += "^n"
            case "\n": if !previousWasCR { out += "^n" }
            case "\t": out += " "
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A UTC DATE-TIME, `20260910T093000Z` (RFC 5545 3.3.5, form #2). Fractions of a second are dropped.
    static func utc(_ instant: Date) -> String {
        let moment = TimeZone.gmt.localDateTime(of: instant)
        let day = moment.day, time = moment.time
        let year = String(day.year), pad = String(repeating: "0", count: max(0, 4 - year.count))
        return pad + year + two(day.month) + two(day.day) + "T" + two(time.hour) + two(time.minute) + two(time.second) + "Z"
    }

    /// A mailto: URI for an address (RFC 6068): characters outside a conservative safe set
    /// are percent-encoded as UTF-8.
    static func mailto(_ address: EmailAddress) -> String {
        var out = "mailto:"
        for byte in address.address.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case _ where Array("-._~!$'*+=@".utf8).contains(byte):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }

    /// One content line folded (RFC 5545 3.1): no line longer than 75 octets, each
    /// continuation starting with a space, never splitting a UTF-8 sequence; CRLF after each.
    static func fold(_ line: String) -> [UInt8] {
        var out: [UInt8] = []
        var lineOctets = 0
        for scalar in line.unicodeScalars {
            let octets = Array(String(scalar).utf8)
            if lineOctets + octets.count > maximumLineOctets {
                out += [0x0D, 0x0A, 0x20]
                lineOctets = 1
            }
            out += octets
            lineOctets += octets.count
        }
        return out + [0x0D, 0x0A]
    }

    private static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
