import Foundation

/// Linear, allocation-free scanning over raw message bytes.
///
/// Everything works on `UnsafeBufferPointer<UInt8>` with explicit bounds so that
/// no input can trap, and uses `memchr` to find line ends quickly.
enum ByteScan {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A
    static let hyphen: UInt8 = 0x2D

    @inline(__always)
    static func isWSP(_ b: UInt8) -> Bool { b == space || b == tab }

    /// The index of the first `byte` in `from..<to`, or nil.
    @inline(__always)
    static func find(_ byte: UInt8, in buf: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        guard let base = buf.baseAddress, from >= 0, from < to, to <= buf.count else { return nil }
        guard let hit = memchr(base + from, Int32(byte), to - from) else { return nil }
        return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
    }

    /// A line `start..<contentEnd`, its terminator excluded; `next` is where the following line starts.
    struct Line {
        var start: Int
        var contentEnd: Int
        var next: Int
        var isEmpty: Bool { contentEnd == start }
    }

    /// The line starting at `start` and ending at LF (with or without CR) or at `end`.
    @inline(__always)
    static func line(in buf: UnsafeBufferPointer<UInt8>, at start: Int, end: Int) -> Line {
        if let lfIndex = find(lf, in: buf, from: start, to: end) {
            var contentEnd = lfIndex
            if contentEnd > start, buf[contentEnd - 1] == cr { contentEnd -= 1 }
            return Line(start: start, contentEnd: contentEnd, next: lfIndex + 1)
        }
        var contentEnd = end
        if contentEnd > start, buf[contentEnd - 1] == cr { contentEnd -= 1 }
        return Line(start: start, contentEnd: contentEnd, next: end)
    }

    /// ASCII case-insensitive comparison of `buf[at...]` with a lower-case pattern.
    static func hasPrefixCaseInsensitive(_ buf: UnsafeBufferPointer<UInt8>, at: Int, end: Int, _ lowerPattern: [UInt8]) -> Bool {
        guard end - at >= lowerPattern.count else { return false }
        var i = 0
        while i < lowerPattern.count {
            if asciiLower(buf[at + i]) != lowerPattern[i] { return false }
            i += 1
        }
        return true
    }

    @inline(__always)
    static func asciiLower(_ b: UInt8) -> UInt8 { (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b }

    /// Hex digit value, upper or lower case.
    @inline(__always)
    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }

    /// Whether all bytes are 7-bit.
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in bytes where b >= 0x80 { return false }
        return true
    }

    /// Replaces CRLF and lone CR with LF, in one pass over the bytes (`withUTF8` makes
    /// any string contiguous first).
    static func normalizeNewlines(_ s: String) -> String {
        var s = s
        let normalised = s.withUTF8 { input -> String? in
            guard let base = input.baseAddress, let firstCR = memchr(base, Int32(cr), input.count) else { return nil }
            let count = input.count
            return String(unsafeUninitializedCapacity: count) { out in
                // Runs between CRs are copied whole: a body has one CR a line.
                let target = out.baseAddress!
                var n = 0
                var from = 0
                var next: Int? = base.distance(to: firstCR.assumingMemoryBound(to: UInt8.self))
                while let at = next {
                    let run = at - from
                    if run > 0 { (target + n).update(from: base + from, count: run) }
                    n += run
                    target[n] = lf
                    n += 1
                    from = at + 1
                    if from < count, base[from] == lf { from += 1 }
                    next = from < count ? memchr(base + from, Int32(cr), count - from).map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } : nil
                }
                let rest = count - from
                if rest > 0 { (target + n).update(from: base + from, count: rest) }
                return n + rest
            }
        }
        return normalised ?? s
    }
}

extension String {
    /// Trims spaces, tabs, CR and LF (ASCII whitespace only, unlike Foundation's set).
    var trimmingASCIIWhitespace: String {
        let u = utf8
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }
        var start = u.startIndex
        var end = u.endIndex
        while start < end, isSpace(u[start]) { start = u.index(after: start) }
        while end > start, isSpace(u[u.index(before: end)]) { end = u.index(before: end) }
        if start == u.startIndex, end == u.endIndex { return self }
        return String(self[start..<end])
    }

    /// ASCII-only lower-casing: cheap, and stable for header names and tokens.
    var asciiLowercased: String {
        guard utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return self }
        return String(decoding: utf8.map { ByteScan.asciiLower($0) }, as: UTF8.self)
    }
}
