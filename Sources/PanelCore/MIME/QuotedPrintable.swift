/// Quoted-printable content transfer encoding (RFC 2045 6.7).
///
/// Decoding follows the robustness advice of 6.7: lower-case hex is accepted, an "="
/// not followed by two hex digits or a line break is kept literally, trailing
/// whitespace on a line is removed, and soft line breaks ("=" at line end) join lines.
public enum QuotedPrintable {
    /// Decodes `input` into `sink` in chunks of at most `chunkSize` bytes.
    /// Line breaks are kept as they were (CRLF or LF).
    public static func decode(
        _ input: UnsafeBufferPointer<UInt8>,
        chunkSize: Int = 1 << 16,
        into sink: (UnsafeBufferPointer<UInt8>) -> Void
    ) {
        let capacity = max(chunkSize, 16)
        let out = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { out.deallocate() }
        let n = input.count
        var o = 0
        var i = 0
        @inline(__always) func emit(_ b: UInt8) {
            if o == capacity {
                sink(UnsafeBufferPointer(start: out, count: o))
                o = 0
            }
            out[o] = b
            o &+= 1
        }
        while i < n {
            let b = input[i]
            if b == 0x3D { // "="
                if let hi = hexAt(input, i + 1, n), let lo = hexAt(input, i + 2, n) {
                    emit(hi << 4 | lo)
                    i += 3
                    continue
                }
                // Soft line break: "=" then optional transport whitespace then CRLF, LF or end.
                var j = i + 1
                while j < n, ByteScan.isWSP(input[j]) { j += 1 }
                if j == n {
                    i = n
                    continue
                }
                if input[j] == 0x0A {
                    i = j + 1
                    continue
                }
                if input[j] == 0x0D, j + 1 < n, input[j + 1] == 0x0A {
                    i = j + 2
                    continue
                }
                if input[j] == 0x0D, j + 1 == n {
                    i = n
                    continue
                }
                emit(b)
                i += 1
                continue
            }
            if b == 0x20 || b == 0x09 {
                // Trailing whitespace before a line break is transport padding: drop it.
                var j = i + 1
                while j < n, ByteScan.isWSP(input[j]) { j += 1 }
                if j == n || input[j] == 0x0A || (input[j] == 0x0D && (j + 1 == n || input[j + 1] == 0x0A)) {
                    i = j
                    continue
                }
                while i < j {
                    emit(input[i])
                    i += 1
                }
                continue
            }
            emit(b)
            i += 1
        }
        if o > 0 { sink(UnsafeBufferPointer(start: out, count: o)) }
    }

    @inline(__always)
    private static func hexAt(_ input: UnsafeBufferPointer<UInt8>, _ index: Int, _ n: Int) -> UInt8? {
        guard index < n else { return nil }
        return ByteScan.hexValue(input[index])
    }

    /// Decodes a whole buffer.
    public static func decode(_ input: some Collection<UInt8>) -> [UInt8] {
        var result: [UInt8] = []
        let run: (UnsafeBufferPointer<UInt8>) -> Void = { buffer in
            result.reserveCapacity(buffer.count)
            decode(buffer) { result.append(contentsOf: $0) }
        }
        if input.withContiguousStorageIfAvailable(run) == nil {
            Array(input).withUnsafeBufferPointer(run)
        }
        return result
    }

    /// Encodes text whose line breaks are already CRLF. Lines are at most 76 characters,
    /// using soft breaks; "=" and non-printable octets become "=XX" (upper-case hex);
    /// whitespace at the end of a line is encoded; "From " and "." at the start of a line
    /// are protected for mbox and SMTP.
    public static func encode(_ input: some Collection<UInt8>, maxLineLength: Int = 76) -> [UInt8] {
        let bytes = Array(input)
        let limit = max(maxLineLength, 8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8 + 16)
        let hex = Array("0123456789ABCDEF".utf8)
        var column = 0
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b == 0x0D, i + 1 < n, bytes[i + 1] == 0x0A {
                out.append(0x0D)
                out.append(0x0A)
                column = 0
                i += 2
                continue
            }
            let atLineEnd = i + 1 == n || (bytes[i + 1] == 0x0D && i + 2 < n && bytes[i + 2] == 0x0A)
            var literal: Bool
            switch b {
            case 0x21...0x3C, 0x3E...0x7E: literal = true
            case 0x20, 0x09: literal = !atLineEnd
            default: literal = false
            }
            if column == 0, literal {
                if b == UInt8(ascii: "."), atLineEnd || bytes[i + 1] == 0x0D { literal = false }
                if b == UInt8(ascii: "F"), i + 4 < n, bytes[i + 1] == UInt8(ascii: "r"), bytes[i + 2] == UInt8(ascii: "o"),
                   bytes[i + 3] == UInt8(ascii: "m"), bytes[i + 4] == 0x20 { literal = false }
            }
            let width = literal ? 1 : 3
            // Room for the encoded octet, plus "=" for a soft break unless this ends the line.
            let needed = column + width + (atLineEnd ? 0 : 1)
            if needed > limit {
                out.append(UInt8(ascii: "="))
                out.append(0x0D)
                out.append(0x0A)
                column = 0
            }
            if literal {
                out.append(b)
            } else {
                out.append(UInt8(ascii: "="))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0x0F)])
            }
            column += width
            i += 1
        }
        return out
    }
}
