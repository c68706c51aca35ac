import Foundation

/// Changes to a message panelmail rendered itself, made before it is queued.
public enum RenderedMessage {
    /// The message with its `Date:` field set to `date` (UTC), for an email held to go
    /// later: mail clients sort by Date, and a notice composed at 22:00 that goes at
    /// 09:00 must not sit below the night's mail. Only the header block is looked at;
    /// a message with no Date field is returned unchanged.
    public static func redated(_ bytes: [UInt8], to date: Date) -> [UInt8] {
        let field = Array("Date: ".utf8)
        var lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            let contentEnd = lineEnd > lineStart && bytes[lineEnd - 1] == 0x0D ? lineEnd - 1 : lineEnd
            if contentEnd == lineStart { return bytes } // the blank line: end of the header block
            if bytes[lineStart..<min(lineStart + field.count, contentEnd)].elementsEqual(field) {
                var out = Array(bytes[..<lineStart])
                out += field + Array(RFC5322Date.format(date, utcOffsetSeconds: 0).utf8)
                out += bytes[contentEnd...]
                return out
            }
            lineStart = lineEnd + 1
        }
        return bytes
    }
}
