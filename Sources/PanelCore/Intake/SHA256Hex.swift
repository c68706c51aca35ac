import Crypto

/// Lower-case hex SHA-256, for content keys and fingerprints.
public enum SHA256Hex {
    public static func of(_ bytes: some Sequence<UInt8>) -> String {
        var hasher = SHA256()
        if let contiguous = bytes as? [UInt8] {
            hasher.update(data: contiguous)
        } else {
            hasher.update(data: Array(bytes))
        }
        return hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
