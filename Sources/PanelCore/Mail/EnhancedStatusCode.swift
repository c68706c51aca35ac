/// Short meanings of RFC 3463 enhanced mail system status codes ("5.1.1"), for summaries.
public enum EnhancedStatusCode {
    /// "bad destination mailbox address" for "5.1.1"; the class meaning when the detail is unknown.
    public static func meaning(_ code: String) -> String? {
        let parts = code.split(separator: ".")
        guard parts.count == 3, let cls = Int(parts[0]), let subject = Int(parts[1]), let detail = Int(parts[2]) else { return nil }
        if let text = details["\(subject).\(detail)"] { return text }
        switch cls {
        case 2: return "success"
        case 4: return "temporary failure"
        case 5: return "permanent failure"
        default: return nil
        }
    }

    /// The first "[245].x.y" code in `text`, if any.
    public static func find(in text: String) -> String? {
        let chars = Array(text.utf8)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            let boundaryBefore = i == 0 || !(isDigit(chars[i - 1]) || chars[i - 1] == UInt8(ascii: "."))
            if boundaryBefore, c == UInt8(ascii: "2") || c == UInt8(ascii: "4") || c == UInt8(ascii: "5"),
               i + 1 < chars.count, chars[i + 1] == UInt8(ascii: ".") {
                var j = i + 2
                var groups = 0
                var digits = 0
                while j < chars.count {
                    if isDigit(chars[j]) {
                        digits += 1
                        if digits > 3 { break }
                    } else if chars[j] == UInt8(ascii: "."), digits > 0, groups == 0 {
                        groups = 1
                        digits = 0
                    } else {
                        break
                    }
                    j += 1
                }
                let endsCleanly = j == chars.count || !(isDigit(chars[j]) || (chars[j] == UInt8(ascii: ".") && j + 1 < chars.count && isDigit(chars[j + 1])))
                if groups == 1, digits > 0, digits <= 3, endsCleanly {
                    return String(decoding: chars[i..<j], as: UTF8.self)
                }
            }
            i += 1
        }
        return nil
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    static let details: [String: String] = [
        "0.0": "other or undefined status",
        "1.0": "other address status",
        "1.1": "bad destination mailbox address",
        "1.2": "bad destination system address",
        "1.3": "bad destination mailbox address syntax",
        "1.4": "destination mailbox address ambiguous",
        "1.6": "destination mailbox has moved",
        "2.0": "other or undefined mailbox status",
        "2.1": "mailbox disabled, not accepting messages",
        "2.2": "mailbox full",
        "2.3": "message length exceeds administrative limit",
        "3.0": "other or undefined mail system status",
        "3.1": "mail system full",
        "3.4": "message too big for system",
        "4.0": "other or undefined network or routing status",
        "4.1": "no answer from host",
        "4.2": "bad connection",
        "4.3": "directory server failure",
        "4.4": "unable to route",
        "4.6": "routing loop detected",
        "4.7": "delivery time expired",
        "5.0": "other or undefined protocol status",
        "6.0": "other or undefined media error",
        "7.0": "other or undefined security status",
        "7.1": "delivery not authorized, message refused",
        "7.26": "multiple authentication checks failed",
    ]
}
