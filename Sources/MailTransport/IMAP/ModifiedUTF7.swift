/// Mailbox names in IMAP's modified UTF-7 (RFC 3501 section 5.1.3).
///
/// Printable ASCII stands for itself, `&` is written `&-`, and any other run of characters is
/// UTF-16BE in base64 (with `,` for `/`, no padding) between `&` and `-`.
/// "Entwürfe" becomes "Entw&APw-rfe".
public enum ModifiedUTF7 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,".utf8)
    private static let values: [Int8] = {
        var table = [Int8](repeating: -1, count: 128)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = Int8(index) }
        return table
    }()

    public static func encode(_ name: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(name.utf8.count + 8)
        var pending: [UInt16] = []

        func flush() {
            guard !pending.isEmpty else { return }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(pending.count * 2)
            for unit in pending {
                bytes.append(UInt8(unit >> 8))
                bytes.append(UInt8(unit & 0xFF))
            }
            output.append(UInt8(ascii: "&"))
            var index = 0
            while index < bytes.count {
                let b0 = bytes[index]
                let b1 = index + 1 < bytes.count ? bytes[index + 1] : 0
                let b2 = index + 2 < bytes.count ? bytes[index + 2] : 0
                let remaining = bytes.count - index
                output.append(alphabet[Int(b0 >> 2)])
                output.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
                if remaining > 1 { output.append(alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)]) }
                if remaining > 2 { output.append(alphabet[Int(b2 & 0x3F)]) }
                index += 3
            }
            output.append(UInt8(ascii: "-"))
            pending.removeAll(keepingCapacity: true)
        }

        for scalar in name.unicodeScalars {
            if scalar.value >= 0x20 && scalar.value <= 0x7E {
                flush()
                output.append(UInt8(scalar.value))
                if scalar == "&" { output.append(UInt8(ascii: "-")) }
            } else {
                pending.append(contentsOf: String(scalar).utf16)
            }
        }
        flush()
        return String(decoding: output, as: UTF8.self)
    }

    /// The readable name, or nil when `encoded` is not valid modified UTF-7.
    public static func decode(_ encoded: String) -> String? {
        let bytes = Array(encoded.utf8)
        var output = ""
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte >= 0x20, byte <= 0x7E else { return nil }
            guard byte == UInt8(ascii: "&") else {
                output.unicodeScalars.append(Unicode.Scalar(byte))
                index += 1
                continue
            }
            guard let end = bytes[(index + 1)...].firstIndex(of: UInt8(ascii: "-")) else { return nil }
            if end == index + 1 {
                output.append("&")
                index = end + 1
                continue
            }
            var bits = 0
            var accumulator = 0
            var decoded: [UInt8] = []
            for character in bytes[(index + 1)..<end] {
                guard character < 128, case let value = values[Int(character)], value >= 0 else { return nil }
                accumulator = (accumulator << 6) | Int(value)
                bits += 6
                if bits >= 8 {
                    bits -= 8
                    decoded.append(UInt8((accumulator >> bits) & 0xFF))
                }
            }
            guard decoded.count % 2 == 0, accumulator & ((1 << bits) - 1) == 0 else { return nil }
            var units: [UInt16] = []
            units.reserveCapacity(decoded.count / 2)
            for pair in stride(from: 0, to: decoded.count, by: 2) {
                units.append(UInt16(decoded[pair]) << 8 | UInt16(decoded[pair + 1]))
            }
            var text = ""
            var iterator = units.makeIterator()
            var codec = UTF16()
            loop: while true {
                switch codec.decode(&iterator) {
                case .scalarValue(let scalar):
                    // Printable ASCII must not be encoded (RFC 3501 5.1.3).
                    if scalar.value >= 0x20 && scalar.value <= 0x7E { return nil }
                    text.unicodeScalars.append(scalar)
                case .emptyInput: break loop
                case .error: return nil
                }
            }
            output += text
            index = end + 1
        }
        return output
    }
}
