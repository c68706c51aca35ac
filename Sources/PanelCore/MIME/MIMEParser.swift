import Foundation

/// Parses raw RFC 5322 / MIME messages into a `MIMEMessage` tree.
///
/// Tolerant of the mail that real clients and broken gateways send (bare LF, missing
/// separators and boundaries, truncation), strict only where input is unreadable or
/// over `limits`. Linear in the message size for each nesting level; bodies are not
/// decoded until asked for.
public struct MIMEParser: Sendable {
    public let limits: MIMELimits

    public init(limits: MIMELimits = .init()) {
        self.limits = limits
    }

    /// Parses a whole message, or the skeleton of one (`MessageSkeleton`): leaf parts
    /// whose path is in `streamedBodies` had their bodies left out and carry that digest.
    public func parse(_ raw: [UInt8], streamedBodies: [String: StreamedBody] = [:]) throws(MIMEError) -> MIMEMessage {
        guard !raw.isEmpty else { throw MIMEError.empty() }
        guard raw.count <= limits.maxMessageBytes else {
            throw MIMEError.messageTooLarge(size: raw.count, limit: limits.maxMessageBytes)
        }
        var state = State(limits: limits, streamedBodies: streamedBodies)
        let root = try state.parsePart(
            source: raw, range: 0..<raw.count,
            paths: Paths(multipart: "", leaf: "1", header: ""),
            depth: 0, defaultType: .textPlain, isTopLevel: true)
        return MIMEMessage(root: root)
    }

    public func parse(_ data: Data) throws(MIMEError) -> MIMEMessage {
        try parse([UInt8](data))
    }

    /// Where a part sits: its path if it turns out multipart, if not, and for header errors.
    struct Paths {
        var multipart: String
        var leaf: String
        var header: String
    }

    struct State {
        let limits: MIMELimits
        let streamedBodies: [String: StreamedBody]
        var partCount = 0

        init(limits: MIMELimits, streamedBodies: [String: StreamedBody] = [:]) {
            self.limits = limits
            self.streamedBodies = streamedBodies
        }

        mutating func parsePart(
            source: [UInt8], range: Range<Int>, paths: Paths, depth: Int,
            defaultType: ContentType, isTopLevel: Bool
        ) throws(MIMEError) -> MIMEPart {
            guard depth <= limits.maxDepth else {
                throw MIMEError.tooDeep(offset: range.lowerBound, path: paths.header, limit: limits.maxDepth)
            }
            partCount += 1
            guard partCount <= limits.maxParts else {
                throw MIMEError.tooManyParts(offset: range.lowerBound, path: paths.header, limit: limits.maxParts)
            }
            let limits = self.limits
            let section = try source.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(MIMEError) -> HeaderSectionParser.Section in
                try HeaderSectionParser.parse(b, range: range, path: paths.header, limits: limits, nulIsFatal: isTopLevel)
            }
            var defects = section.defects
            let headers = section.headers
            var contentType = defaultType
            if let raw = headers.unfolded("Content-Type") {
                if let parsed = ContentType(headerValue: raw) {
                    contentType = parsed
                } else {
                    defects.append(MIMEDefect(.invalidContentType, offset: headers.field("Content-Type")?.byteRange.lowerBound ?? range.lowerBound, partPath: paths.header))
                    contentType = .textPlain
                }
            }
            let encoding = ContentTransferEncoding(headerValue: headers.unfolded("Content-Transfer-Encoding"))
            if case .other = encoding {
                defects.append(MIMEDefect(.unknownTransferEncoding, offset: range.lowerBound, partPath: paths.header))
            }
            let disposition = headers.unfolded("Content-Disposition").map { ContentDisposition(headerValue: $0) }
            let headerRange = range.lowerBound..<section.bodyStart
            let bodyRange = section.bodyStart..<range.upperBound

            let streamedBodies = self.streamedBodies
            func make(_ type: ContentType, path: String, children: [MIMEPart], defects: [MIMEDefect]) -> MIMEPart {
                MIMEPart(
                    path: path, headers: headers, contentType: type, disposition: disposition,
                    transferEncoding: encoding, children: children, headerRange: headerRange,
                    bodyRange: bodyRange, depth: depth, defects: defects, source: source,
                    streamedBody: children.isEmpty && bodyRange.isEmpty ? streamedBodies[path] : nil)
            }

            if contentType.isMultipart {
                let path = paths.multipart
                // RFC 2045 6.4: multipart must not be encoded; some gateways do it anyway.
                var body = source
                var bodySpan = bodyRange
                if encoding.isEncoding {
                    defects.append(MIMEDefect(.encodedContainer, offset: bodyRange.lowerBound, partPath: path))
                    body = MIMEPart.decode(source, bodyRange, encoding)
                    bodySpan = 0..<body.count
                }
                var boundary = contentType.boundary.map { Array($0.utf8) } ?? []
                while let last = boundary.last, ByteScan.isWSP(last) { boundary.removeLast() }
                if boundary.isEmpty {
                    defects.append(MIMEDefect(.missingBoundary, offset: bodyRange.lowerBound, partPath: path))
                    if let guess = body.withUnsafeBufferPointer({ Self.guessBoundary($0, bodySpan) }) {
                        boundary = guess
                        defects.append(MIMEDefect(.guessedBoundary, offset: bodyRange.lowerBound, partPath: path))
                    }
                }
                let split = boundary.isEmpty ? nil : body.withUnsafeBufferPointer { Self.split($0, bodySpan, boundary: boundary) }
                guard let split, !split.parts.isEmpty else {
                    // No delimiter at all: read the body as text rather than lose it.
                    if !boundary.isEmpty {
                        defects.append(MIMEDefect(.noBoundaryFound, offset: bodyRange.lowerBound, partPath: path))
                    }
                    return make(.textPlain, path: paths.leaf, children: [], defects: defects)
                }
                if !split.closed {
                    defects.append(MIMEDefect(.missingCloseDelimiter, offset: bodySpan.upperBound, partPath: path))
                }
                let childDefault: ContentType = contentType.subtype == "digest" ? .messageRFC822 : .textPlain
                var children: [MIMEPart] = []
                children.reserveCapacity(split.parts.count)
                for (index, partRange) in split.parts.enumerated() {
                    let childPath = path.isEmpty ? "\(index + 1)" : "\(path).\(index + 1)"
                    let child = try parsePart(
                        source: body, range: partRange,
                        paths: Paths(multipart: childPath, leaf: childPath, header: childPath),
                        depth: depth + 1, defaultType: childDefault, isTopLevel: false)
                    children.append(child)
                }
                return make(contentType, path: path, children: children, defects: defects)
            }

            if contentType.isEncapsulatedMessage, !bodyRange.isEmpty {
                let path = paths.leaf
                var body = source
                var bodySpan = bodyRange
                if encoding.isEncoding {
                    defects.append(MIMEDefect(.encodedContainer, offset: bodyRange.lowerBound, partPath: path))
                    body = MIMEPart.decode(source, bodyRange, encoding)
                    bodySpan = 0..<body.count
                }
                let inner = try parsePart(
                    source: body, range: bodySpan,
                    paths: Paths(multipart: path, leaf: path.isEmpty ? "1" : "\(path).1", header: path),
                    depth: depth + 1, defaultType: .textPlain, isTopLevel: false)
                return make(contentType, path: path, children: [inner], defects: defects)
            }

            return make(contentType, path: paths.leaf, children: [], defects: defects)
        }

        /// Body part ranges between delimiter lines (RFC 2046 5.1.1). The line break before a
        /// delimiter belongs to it; transport padding after it is allowed; the preamble and
        /// epilogue are dropped. Without a close-delimiter the last part runs to the end.
        static func split(_ b: UnsafeBufferPointer<UInt8>, _ body: Range<Int>, boundary: [UInt8]) -> (parts: [Range<Int>], closed: Bool) {
            var parts: [Range<Int>] = []
            var currentStart: Int?
            var closed = false
            var pos = body.lowerBound
            let end = body.upperBound
            boundary.withUnsafeBufferPointer { pattern in
                while pos < end {
                    let line = ByteScan.line(in: b, at: pos, end: end)
                    if let isClose = delimiter(b, line, pattern) {
                        if let start = currentStart {
                            var partEnd = line.start
                            if partEnd > start, b[partEnd - 1] == ByteScan.lf {
                                partEnd -= 1
                                if partEnd > start, b[partEnd - 1] == ByteScan.cr { partEnd -= 1 }
                            }
                            parts.append(start..<partEnd)
                        }
                        if isClose {
                            closed = true
                            currentStart = nil
                            break
                        }
                        currentStart = line.next
                    }
                    pos = line.next
                }
            }
            if let start = currentStart {
                parts.append(start..<max(start, end))
            }
            return (parts, closed)
        }

        /// nil if the line is not a delimiter for `pattern`; else whether it is the close-delimiter.
        @inline(__always)
        static func delimiter(_ b: UnsafeBufferPointer<UInt8>, _ line: ByteScan.Line, _ pattern: UnsafeBufferPointer<UInt8>) -> Bool? {
            let length = line.contentEnd - line.start
            guard length >= pattern.count + 2, b[line.start] == ByteScan.hyphen, b[line.start + 1] == ByteScan.hyphen,
                  let base = b.baseAddress, let patternBase = pattern.baseAddress,
                  memcmp(base + line.start + 2, patternBase, pattern.count) == 0
            else { return nil }
            var j = line.start + 2 + pattern.count
            var isClose = false
            if j + 1 < line.contentEnd, b[j] == ByteScan.hyphen, b[j + 1] == ByteScan.hyphen {
                isClose = true
                j += 2
            }
            while j < line.contentEnd {
                guard ByteScan.isWSP(b[j]) else { return nil }
                j += 1
            }
            return isClose
        }

        /// The boundary of a multipart that lacks the parameter: the first "--token" line.
        static func guessBoundary(_ b: UnsafeBufferPointer<UInt8>, _ body: Range<Int>) -> [UInt8]? {
            var pos = body.lowerBound
            while pos < body.upperBound {
                let line = ByteScan.line(in: b, at: pos, end: body.upperBound)
                var contentEnd = line.contentEnd
                while contentEnd > line.start, ByteScan.isWSP(b[contentEnd - 1]) { contentEnd -= 1 }
                if contentEnd - line.start >= 8, b[line.start] == ByteScan.hyphen, b[line.start + 1] == ByteScan.hyphen,
                   contentEnd - line.start <= 202 {
                    let candidate = Array(UnsafeBufferPointer(rebasing: b[(line.start + 2)..<contentEnd]))
                    if !candidate.contains(ByteScan.space), candidate.contains(where: { $0 != ByteScan.hyphen }) {
                        return candidate
                    }
                }
                pos = line.next
            }
            return nil
        }
    }
}
