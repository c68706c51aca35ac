import Crypto

/// Lower-case hex SHA-256, for content keys, fingerprints and attachment digests.
public enum SHA256Hex {
    public static func of(_ bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// The SHA-256 of bytes that come in pieces: `pieces` hands each one to `feed`.
    public static func of(pieces: (_ feed: (UnsafeRawBufferPointer) -> Void) throws -> Void) rethrows -> String {
        var hasher = SHA256()
        try pieces { hasher.update(bufferPointer: $0) }
        return hex(hasher.finalize())
    }

    /// Lower-case hex of any digest or byte sequence.
    public static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
