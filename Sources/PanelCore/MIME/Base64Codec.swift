/// Base64 content transfer encoding (RFC 2045 6.8).
///
/// Decoding is tolerant, as 6.8 asks: characters outside the alphabet (line breaks,
/// spaces, garbage) are ignored, and missing padding is accepted. Output can be
/// streamed in fixed-size chunks so a 25 MB attachment is never held twice.
public enum Base64Codec {
    /// The decoder's four tables, one after the other: entry `256 * p + c` is character
    /// `c`'s 6-bit value already shifted into place for position `p` of a quantum, so a
    /// quantum is the OR of four lookups. A character outside the alphabet sets the top
    /// octet, which no valid quantum has: `invalid`, or `padding` for "=". The last table
    /// holds the values unshifted, so it also serves the character-by-character path.
    static let quantumTables: [UInt32] = {
        var tables = [UInt32](repeating: invalid, count: 4 * 256)
        for (value, c) in alphabet.enumerated() {
            for position in 0..<4 {
                tables[256 * position + Int(c)] = UInt32(value) << (18 - 6 * position)
            }
        }
        for position in 0..<4 { tables[256 * position + Int(UInt8(ascii: "="))] = padding }
        return tables
    }()
    static let invalid: UInt32 = 0xFF00_0000
    static let padding: UInt32 = 0xFE00_0000

    static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Decodes `input` into `sink`, at most `chunkSize` bytes per call.
    ///
    /// A "=" ends the current quantum; decoding resumes after it, so concatenated
    /// padded blocks still decode. A dangling single character is dropped.
    public static func decode(
        _ input: UnsafeBufferPointer<UInt8>,
        chunkSize: Int = 1 << 16,
        into sink: (UnsafeBufferPointer<UInt8>) -> Void
    ) {
        var decoder = Decoder()
        decoder.run(input, chunkSize: chunkSize, isFinal: true, into: sink)
    }

    /// A base64 decoder fed in pieces, for a body read as it arrives (`MessageSkeletonBuilder`).
    ///
    /// It carries the characters of an incomplete quantum from one call to the next, so
    /// the output is byte-identical to `Base64Codec.decode` over the concatenated input,
    /// wherever the input is split. Call `finish(into:)` after the last piece.
    public struct Decoder: Sendable {
        /// The 6-bit values of the incomplete quantum, and how many there are (0...3).
        private var acc: UInt32 = 0
        private var k = 0

        public init() {}

        /// Decodes the next piece into `sink`, at most `chunkSize` bytes per call, keeping
        /// a trailing incomplete quantum for the next piece.
        public mutating func decode(
            _ input: UnsafeBufferPointer<UInt8>,
            chunkSize: Int = 1 << 16,
            into sink: (UnsafeBufferPointer<UInt8>) -> Void
        ) {
            run(input, chunkSize: chunkSize, isFinal: false, into: sink)
        }

        /// Ends the input: writes the 1 or 2 octets of an incomplete quantum, as the end of
        /// input does in `Base64Codec.decode`, and resets the decoder.
        public mutating func finish(into sink: (UnsafeBufferPointer<UInt8>) -> Void) {
            run(UnsafeBufferPointer(start: nil, count: 0), chunkSize: 16, isFinal: true, into: sink)
        }

        /// The decoding loop. The state lives in locals while the loop runs (the fast path
        /// must stay in registers) and is stored back at the end. `isFinal` flushes an
        /// incomplete quantum into the last output chunk, exactly as the one-shot decoder
        /// always did, so its chunking is unchanged.
        mutating func run(
            _ input: UnsafeBufferPointer<UInt8>,
            chunkSize: Int,
            isFinal: Bool,
            into sink: (UnsafeBufferPointer<UInt8>) -> Void
        ) {
            let n = input.count
            // One output buffer per call: as large as the caller allows, but no larger than
            // this piece can produce, so that small pieces stay cheap.
            let capacity = max(16, min(chunkSize, n / 4 * 3 + 8))
            let out = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            defer { out.deallocate() }
            let (savedAcc, savedK) = Base64Codec.quantumTables.withUnsafeBufferPointer { quantaBuffer -> (UInt32, Int) in
                var acc = self.acc
                var k = self.k
                guard let quanta = quantaBuffer.baseAddress else { return (acc, k) }
                var o = 0
                let flushAt = capacity - 3
                if let ip = input.baseAddress {
                    var i = 0
                    while i < n {
                        // Fast path: four alphabet characters at a quantum boundary, the common
                        // case inside a 76-character line. The inner loop runs as far as both
                        // the input and the output buffer allow, so it checks neither per quantum.
                        if k == 0 {
                            while true {
                                let count = min((n &- i) >> 2, (capacity &- o) / 3)
                                if count == 0 { break }
                                var q = 0
                                while q < count {
                                    let quantum = quanta[Int(ip[i])] | quanta[256 &+ Int(ip[i &+ 1])]
                                        | quanta[512 &+ Int(ip[i &+ 2])] | quanta[768 &+ Int(ip[i &+ 3])]
                                    if quantum >= 1 << 24 { break }
                                    out[o] = UInt8(truncatingIfNeeded: quantum >> 16)
                                    out[o &+ 1] = UInt8(truncatingIfNeeded: quantum >> 8)
                                    out[o &+ 2] = UInt8(truncatingIfNeeded: quantum)
                                    o &+= 3
                                    i &+= 4
                                    q &+= 1
                                }
                                if o > flushAt {
                                    sink(UnsafeBufferPointer(start: out, count: o))
                                    o = 0
                                }
                                // Stopped at a character outside the alphabet (a line break):
                                // the slow path below takes it.
                                if q < count { break }
                            }
                            if i >= n { break }
                        }
                        // One character at a time: the last table holds its plain value.
                        let v = quanta[768 &+ Int(ip[i])]
                        i &+= 1
                        if v < 64 {
                            acc = (acc << 6) | v
                            k &+= 1
                            if k == 4 {
                                out[o] = UInt8(truncatingIfNeeded: acc >> 16)
                                out[o &+ 1] = UInt8(truncatingIfNeeded: acc >> 8)
                                out[o &+ 2] = UInt8(truncatingIfNeeded: acc)
                                o &+= 3
                                k = 0
                                acc = 0
                                if o > flushAt {
                                    sink(UnsafeBufferPointer(start: out, count: o))
                                    o = 0
                                }
                            }
                        } else if v == Base64Codec.padding, k > 0 {
                            o = Base64Codec.flushPartial(acc: acc, count: k, out: out, at: o)
                            k = 0
                            acc = 0
                            if o > flushAt {
                                sink(UnsafeBufferPointer(start: out, count: o))
                                o = 0
                            }
                        }
                    }
                }
                if isFinal {
                    if k > 0 { o = Base64Codec.flushPartial(acc: acc, count: k, out: out, at: o) }
                    k = 0
                    acc = 0
                }
                if o > 0 { sink(UnsafeBufferPointer(start: out, count: o)) }
                return (acc, k)
            }
            acc = savedAcc
            k = savedK
        }
    }

    /// Writes the 1 or 2 octets held by an incomplete quantum of `count` characters.
    @inline(__always)
    fileprivate static func flushPartial(acc: UInt32, count: Int, out: UnsafeMutablePointer<UInt8>, at o: Int) -> Int {
        switch count {
        case 2:
            out[o] = UInt8(truncatingIfNeeded: acc >> 4)
            return o + 1
        case 3:
            out[o] = UInt8(truncatingIfNeeded: acc >> 10)
            out[o + 1] = UInt8(truncatingIfNeeded: acc >> 2)
            return o + 2
        default:
            return o
        }
    }

    /// Decodes a whole buffer.
    public static func decode(_ input: some Collection<UInt8>) -> [UInt8] {
        var result: [UInt8] = []
        let run: (UnsafeBufferPointer<UInt8>) -> Void = { buffer in
            result.reserveCapacity(buffer.count / 4 * 3 + 3)
            decode(buffer) { result.append(contentsOf: $0) }
        }
        if input.withContiguousStorageIfAvailable(run) == nil {
            Array(input).withUnsafeBufferPointer(run)
        }
        return result
    }

    /// Whether `text` is well-formed base64 for an RFC 2047 "B" word: alphabet and
    /// trailing padding only.
    static func isStrict(_ text: some Collection<UInt8>) -> Bool {
        var seenPad = false
        for b in text {
            let v = quantumTables[768 + Int(b)]
            if v == invalid { return false }
            if v == padding { seenPad = true } else if seenPad { return false }
        }
        return true
    }

    /// Encodes with CRLF line breaks every `lineLength` characters (76 per RFC 2045 6.8);
    /// `lineLength` 0 gives one unbroken line. No trailing line break.
    public static func encode(_ input: some Collection<UInt8>, lineLength: Int = 76) -> [UInt8] {
        let bytes = Array(input)
        let encodedCount = (bytes.count + 2) / 3 * 4
        let lineLength = lineLength <= 0 ? Int.max : max(4, lineLength / 4 * 4)
        var out: [UInt8] = []
        out.reserveCapacity(encodedCount + encodedCount / max(lineLength, 1) * 2 + 2)
        var column = 0
        var i = 0
        func put(_ c: UInt8) {
            if column == lineLength {
                out.append(0x0D)
                out.append(0x0A)
                column = 0
            }
            out.append(c)
            column += 1
        }
        while i + 2 < bytes.count {
            let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            put(alphabet[Int(v >> 18 & 63)])
            put(alphabet[Int(v >> 12 & 63)])
            put(alphabet[Int(v >> 6 & 63)])
            put(alphabet[Int(v & 63)])
            i += 3
        }
        let rest = bytes.count - i
        if rest == 1 {
            let v = UInt32(bytes[i]) << 16
            put(alphabet[Int(v >> 18 & 63)])
            put(alphabet[Int(v >> 12 & 63)])
            put(UInt8(ascii: "="))
            put(UInt8(ascii: "="))
        } else if rest == 2 {
            let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            put(alphabet[Int(v >> 18 & 63)])
            put(alphabet[Int(v >> 12 & 63)])
            put(alphabet[Int(v >> 6 & 63)])
            put(UInt8(ascii: "="))
        }
        return out
    }
}
