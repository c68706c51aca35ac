import Foundation
import ZIPFoundation

/// Just enough of the zip format (APPNOTE.TXT 6.3.10, sections 4.3.7, 4.3.12, 4.3.16)
/// to find one entry and inflate it under a size limit. Every offset is checked
/// against the data; nothing is trusted.
///
/// Inflation uses ZIPFoundation's zlib binding (`Data.decompress`) with a provider
/// that hands over exactly the entry's compressed bytes (zero-padded to whole chunks,
/// then an error). `Archive.extract` is not used: on Linux its inflate loop keeps
/// reading after the end of the archive, and a deflate stream that never reaches its
/// end (a truncated or crafted entry) makes it spin for ever; it also sets zlib's
/// input length to the buffer size whatever the chunk's size.
struct ZipDirectory {
    struct Entry {
        var name: [UInt8]
        var method: UInt16
        var flags: UInt16
        var crc32: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
    }

    let bytes: [UInt8]
    let entries: [Entry]

    init(_ bytes: [UInt8]) throws(DocxError) {
        self.bytes = bytes
        if bytes.count >= 8, bytes[0..<8].elementsEqual([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            throw DocxError(.oldWordFormatOrEncrypted)
        }
        guard bytes.count >= 22, bytes[0] == 0x50, bytes[1] == 0x4B else { throw DocxError(.notAZipArchive) }
        // The end-of-central-directory record is in the last 22 + 65,535 bytes.
        var eocd: Int?
        var i = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65_535)
        while i >= lowest {
            if Self.u32(bytes, i) == 0x0605_4B50 { eocd = i; break }
            i -= 1
        }
        guard let eocd else { throw DocxError(.damaged, "the end of the zip directory is missing; the file may be cut short") }
        let count = Int(Self.u16(bytes, eocd + 10))
        let directorySize = Int(Self.u32(bytes, eocd + 12))
        let directoryOffset = Int(Self.u32(bytes, eocd + 16))
        if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            throw DocxError(.unsupported, "ZIP64")
        }
        guard directoryOffset + directorySize <= eocd else { throw DocxError(.damaged, "the zip directory is out of bounds") }
        var entries: [Entry] = []
        var p = directoryOffset
        for _ in 0..<count {
            guard p + 46 <= eocd, Self.u32(bytes, p) == 0x0201_4B50 else {
                throw DocxError(.damaged, "a zip directory entry is broken")
            }
            let nameLength = Int(Self.u16(bytes, p + 28))
            let extraLength = Int(Self.u16(bytes, p + 30))
            let commentLength = Int(Self.u16(bytes, p + 32))
            guard p + 46 + nameLength <= eocd else { throw DocxError(.damaged, "a zip directory entry is broken") }
            entries.append(Entry(
                name: Array(bytes[(p + 46)..<(p + 46 + nameLength)]),
                method: Self.u16(bytes, p + 10),
                flags: Self.u16(bytes, p + 8),
                crc32: Self.u32(bytes, p + 16),
                compressedSize: Int(Self.u32(bytes, p + 20)),
                uncompressedSize: Int(Self.u32(bytes, p + 24)),
                localHeaderOffset: Int(Self.u32(bytes, p + 42))))
            p += 46 + nameLength + extraLength + commentLength
        }
        self.entries = entries
    }

    /// The entry with this name (ASCII case ignored, "\" taken as "/"), if any.
    func entry(named name: String) -> Entry? {
        let wanted = Array(name.lowercased().utf8)
        return entries.first { entry in
            entry.name.count == wanted.count && zip(entry.name, wanted).allSatisfy { a, b in
                let lower = (0x41...0x5A).contains(a) ? a + 0x20 : (a == 0x5C ? 0x2F : a)
                return lower == b
            }
        }
    }

    /// The entry's bytes, refusing more than `limit` bytes.
    func contents(of entry: Entry, limit: Int) throws(DocxError) -> [UInt8] {
        if entry.flags & 1 != 0 { throw DocxError(.encrypted) }
        if entry.uncompressedSize > limit { throw DocxError(.tooLarge, "more than \(Self.size(limit)) decompressed") }
        let h = entry.localHeaderOffset
        guard h + 30 <= bytes.count, Self.u32(bytes, h) == 0x0403_4B50 else {
            throw DocxError(.damaged, "a zip entry header is broken")
        }
        let start = h + 30 + Int(Self.u16(bytes, h + 26)) + Int(Self.u16(bytes, h + 28))
        let end = start + entry.compressedSize
        guard end <= bytes.count else { throw DocxError(.damaged, "a zip entry is cut short") }

        var out: [UInt8] = []
        switch entry.method {
        case 0:
            guard entry.compressedSize <= limit else { throw DocxError(.tooLarge, "more than \(Self.size(limit))") }
            out = Array(bytes[start..<end])
        case 8:
            out = try inflate(bytes[start..<end], limit: limit)
        default:
            throw DocxError(.unsupported, "compression method \(entry.method)")
        }
        guard out.count == entry.uncompressedSize else { throw DocxError(.damaged, "a zip entry has the wrong size") }
        guard Data(out).crc32(checksum: 0) == entry.crc32 else { throw DocxError(.damaged, "checksum mismatch") }
        return out
    }

    private struct Failure: Error { let error: DocxError }

    private func inflate(_ compressed: ArraySlice<UInt8>, limit: Int) throws(DocxError) -> [UInt8] {
        let chunk = 16 * 1024
        var position = compressed.startIndex
        var paddingGiven = false
        var out: [UInt8] = []
        do {
            _ = try Data.decompress(size: Int64(compressed.count), bufferSize: chunk, skipCRC32: true,
                                    provider: { _, _ in
                                        if position >= compressed.endIndex {
                                            // One chunk of zeros lets zlib report a cut-short stream
                                            // as an error; after that, stop.
                                            guard !paddingGiven else {
                                                throw Failure(error: DocxError(.damaged, "the compressed document is cut short"))
                                            }
                                            paddingGiven = true
                                            return Data(count: chunk)
                                        }
                                        let end = min(position + chunk, compressed.endIndex)
                                        var data = Data(compressed[position..<end])
                                        position = end
                                        if data.count < chunk { data.append(Data(count: chunk - data.count)) }
                                        return data
                                    },
                                    consumer: { data in
                                        guard out.count + data.count <= limit else {
                                            throw Failure(error: DocxError(.tooLarge, "more than \(Self.size(limit)) decompressed"))
                                        }
                                        out.append(contentsOf: data)
                                    })
        } catch let failure as Failure {
            throw failure.error
        } catch {
            throw DocxError(.damaged, "the compressed document is corrupt")
        }
        return out
    }

    /// "20 MB", "1000 bytes".
    static func size(_ bytes: Int) -> String {
        bytes >= 1_000_000 && bytes % 1_000_000 == 0 ? "\(bytes / 1_000_000) MB" : "\(bytes) bytes"
    }

    static func u16(_ b: [UInt8], _ i: Int) -> UInt16 {
        guard i >= 0, i + 2 <= b.count else { return 0 }
        return UInt16(b[i]) | UInt16(b[i + 1]) << 8
    }

    static func u32(_ b: [UInt8], _ i: Int) -> UInt32 {
        guard i >= 0, i + 4 <= b.count else { return 0 }
        return UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }
}
