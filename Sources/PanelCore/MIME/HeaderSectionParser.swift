/// Splits a header section into fields (RFC 5322 section 2.2) and finds where the body starts.
///
/// Accepts CRLF or bare LF line endings and obs-fold (RFC 5322 4.2). A line that is
/// not a field is skipped when a field follows it, otherwise it is taken as the first
/// body line (the blank separator line was missing). Raw 8-bit octets are read as
/// UTF-8 (RFC 6532) when valid, else as windows-1252.
enum HeaderSectionParser {
    struct Section {
        var headers: MIMEHeaders
        var bodyStart: Int
        var defects: [MIMEDefect]
    }

    private struct Pending {
        var start: Int
        var nameEnd: Int
        var valueStart: Int
        var end: Int
    }

    static func parse(
        _ b: UnsafeBufferPointer<UInt8>,
        range: Range<Int>,
        path: String,
        limits: MIMELimits,
        nulIsFatal: Bool
    ) throws(MIMEError) -> Section {
        var fields: [MIMEHeaderField] = []
        var defects: [MIMEDefect] = []
        let end = range.upperBound
        var pos = range.lowerBound
        var pending: Pending?
        var bodyStart = end
        var sawNUL = false

        func finish() {
            if let p = pending {
                fields.append(makeField(b, p))
                pending = nil
            }
        }

        // An mbox "From " envelope line before the first field.
        if nulIsFatal, end - pos >= 5, ByteScan.hasPrefixCaseInsensitive(b, at: pos, end: end, Array("from ".utf8)),
           b[pos] == UInt8(ascii: "F") {
            pos = ByteScan.line(in: b, at: pos, end: end).next
        }

        while pos < end {
            let line = ByteScan.line(in: b, at: pos, end: end)
            if line.next - range.lowerBound > limits.maxHeaderBytes {
                throw MIMEError.headerTooLarge(offset: pos, path: path, limit: limits.maxHeaderBytes)
            }
            if line.isEmpty {
                finish()
                bodyStart = line.next
                pos = line.next
                break
            }
            if ByteScan.find(0, in: b, from: line.start, to: line.contentEnd) != nil {
                if nulIsFatal {
                    throw MIMEError.binaryHeader(offset: ByteScan.find(0, in: b, from: line.start, to: line.contentEnd) ?? line.start, path: path)
                }
                if !sawNUL {
                    defects.append(MIMEDefect(.nulInHeader, offset: line.start, partPath: path))
                    sawNUL = true
                }
            }
            if ByteScan.isWSP(b[line.start]) {
                if pending != nil {
                    pending?.end = line.contentEnd
                } else {
                    defects.append(MIMEDefect(.continuationWithoutField, offset: line.start, partPath: path))
                }
                pos = line.next
                continue
            }
            if let nameEnd = fieldNameEnd(b, line) {
                finish()
                if fields.count >= limits.maxHeaderFields {
                    throw MIMEError.tooManyHeaderFields(offset: line.start, path: path, limit: limits.maxHeaderFields)
                }
                pending = Pending(start: line.start, nameEnd: nameEnd.nameEnd, valueStart: nameEnd.colon + 1, end: line.contentEnd)
                pos = line.next
                continue
            }
            // Not a field. Skip it if fields follow up to a blank line; otherwise the body starts here.
            if fieldsFollow(b, from: line.next, end: end) {
                defects.append(MIMEDefect(.headerLineWithoutColon, offset: line.start, partPath: path))
                pos = line.next
                continue
            }
            finish()
            defects.append(MIMEDefect(.missingHeaderBodySeparator, offset: line.start, partPath: path))
            bodyStart = line.start
            pos = end
            break
        }
        finish()
        return Section(headers: MIMEHeaders(fields), bodyStart: min(bodyStart, end), defects: defects)
    }

    /// Whether the lines from `start` are fields (or folded lines) up to a blank line,
    /// looking at most 64 lines ahead so that scanning stays linear.
    private static func fieldsFollow(_ b: UnsafeBufferPointer<UInt8>, from start: Int, end: Int) -> Bool {
        var pos = start
        var sawField = false
        var count = 0
        while pos < end, count < 64 {
            let line = ByteScan.line(in: b, at: pos, end: end)
            if line.isEmpty { return sawField }
            if ByteScan.isWSP(b[line.start]) {
                guard sawField else { return false }
            } else if fieldNameEnd(b, line) != nil {
                sawField = true
            } else {
                return false
            }
            pos = line.next
            count += 1
        }
        return false
    }

    /// If the line starts with "name:", the end of the name (trailing WSP excluded) and the colon index.
    private static func fieldNameEnd(_ b: UnsafeBufferPointer<UInt8>, _ line: ByteScan.Line) -> (nameEnd: Int, colon: Int)? {
        guard let colon = ByteScan.find(ByteScan.colon, in: b, from: line.start, to: line.contentEnd) else { return nil }
        var nameEnd = colon
        while nameEnd > line.start, ByteScan.isWSP(b[nameEnd - 1]) { nameEnd -= 1 }
        guard nameEnd > line.start else { return nil }
        var i = line.start
        while i < nameEnd {
            let c = b[i]
            guard c > 0x20, c < 0x7F else { return nil }
            i += 1
        }
        return (nameEnd, colon)
    }

    private static func makeField(_ b: UnsafeBufferPointer<UInt8>, _ p: Pending) -> MIMEHeaderField {
        let name = String(decoding: UnsafeBufferPointer(rebasing: b[p.start..<p.nameEnd]), as: UTF8.self)
        let rawBytes = UnsafeBufferPointer(rebasing: b[p.valueStart..<max(p.valueStart, p.end)])
        let raw = headerText(rawBytes)
        var unfoldedBytes: [UInt8] = []
        unfoldedBytes.reserveCapacity(rawBytes.count)
        for c in rawBytes where c != ByteScan.cr && c != ByteScan.lf {
            unfoldedBytes.append(c)
        }
        let unfolded = unfoldedBytes.withUnsafeBufferPointer { headerText($0) }.trimmingASCIIWhitespace
        let value = EncodedWords.decode(unfolded)
        return MIMEHeaderField(name: name, rawValue: raw, unfoldedValue: unfolded, value: value, byteRange: p.start..<p.end)
    }

    /// Header octets as text: UTF-8 when valid (RFC 6532), else windows-1252; NUL becomes U+FFFD.
    static func headerText(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var hasNUL = false
        var ascii = true
        for c in bytes {
            if c == 0 { hasNUL = true }
            if c >= 0x80 { ascii = false }
        }
        if hasNUL {
            var copy: [UInt8] = []
            copy.reserveCapacity(bytes.count + 8)
            for c in bytes {
                if c == 0 { copy.append(contentsOf: [0xEF, 0xBF, 0xBD]) } else { copy.append(c) }
            }
            return copy.withUnsafeBufferPointer { ascii ? String(decoding: $0, as: UTF8.self) : headerText($0) }
        }
        if ascii || Charset.isValidUTF8(bytes) {
            return String(decoding: bytes, as: UTF8.self)
        }
        return Charset.decodeSingleByte(bytes, high: Charset.windows1252High)
    }
}
