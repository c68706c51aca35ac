import Crypto

/// A message read as it arrived, reduced to what fits in memory: every line except the
/// bodies of large leaf parts, which are replaced by their decoded size and SHA-256.
///
/// `MIMEParser().parse(bytes, streamedBodies: streamedBodies)` gives the tree that the
/// whole message gives: the same part paths, headers, content types and defects, and
/// the same `decodedDigest()` for every leaf. A left-out body is simply missing from
/// `bytes` (the line break before the next delimiter stays), so its part's body range
/// is empty and the parser attaches the recorded `StreamedBody`.
public struct MessageSkeleton: Sendable {
    /// The message with large bodies left out (headers, delimiters and small bodies kept).
    public var bytes: [UInt8]
    /// Decoded size and SHA-256 of each left-out body, by part path as MIMEParser assigns paths.
    public var streamedBodies: [String: StreamedBody]
    /// Octets of the whole message as received. (Its SHA-256 is not taken here: it is
    /// needed only for the rare message without a Message-ID, and hashing 33 MB costs more
    /// than reading it back then.)
    public var rawSize: Int

    /// Where bodies were left out, in order: the offset in `bytes` and how many octets of
    /// the raw message are missing there. Maps parser offsets back to the raw message.
    var leftOut: [LeftOut] = []
    /// The error that parsing the whole message throws, with raw-message offsets, when
    /// the builder saw it coming; nil if it saw none.
    var expectedError: MIMEError?
    /// The limits the builder mirrored; `parse()` applies the same.
    var limits = MIMELimits()

    struct LeftOut: Sendable, Hashable {
        var at: Int
        var count: Int
    }

    /// Parses the skeleton with the builder's limits, as `MIMEParser.parse` would parse the
    /// whole message: `maxMessageBytes` applies to `rawSize`, not to the smaller skeleton,
    /// and an error reports offsets in the raw message. (Parsing `bytes` directly gives
    /// the same tree, or the same kind of error at the same part path, but with offsets
    /// in the skeleton, which are smaller after a left-out body.)
    public func parse() throws(MIMEError) -> MIMEMessage {
        guard rawSize <= limits.maxMessageBytes else {
            throw MIMEError.messageTooLarge(size: rawSize, limit: limits.maxMessageBytes)
        }
        do throws(MIMEError) {
            return try MIMEParser(limits: limits).parse(bytes, streamedBodies: streamedBodies)
        } catch {
            if let expectedError, expectedError.kind == error.kind, expectedError.partPath == error.partPath {
                throw expectedError
            }
            throw error.movingOffset { rawOffset(ofSkeletonOffset: $0) }
        }
    }

    /// The raw-message offset of an offset in `bytes` (outside decoded containers).
    func rawOffset(ofSkeletonOffset offset: Int) -> Int {
        var raw = offset
        for gap in leftOut where gap.at <= offset { raw += gap.count }
        return raw
    }
}

/// Reduces a message arriving in chunks to a `MessageSkeleton`, without ever holding a
/// large body whole: push chunks with `append(_:)` as they arrive, then call `finish()`.
///
/// The builder follows the structure exactly as `MIMEParser` will find it, line by line
/// (a line ends at LF; a CR before the LF belongs to the terminator):
/// - header sections end where `HeaderSectionParser` ends them (blank line, a line that
///   starts the body without one, or the end of the part), and are read with it;
/// - a multipart with a boundary and no transfer encoding opens a level whose delimiter
///   lines are looked for on every following line, outermost level first, because the
///   outer `split` runs before the inner one; a delimiter ends every part inside it, and
///   its close form puts the multipart into its epilogue. Children are "i" under the
///   root multipart and "P.i" under multipart "P"; in multipart/digest they default to
///   message/rfc822;
/// - a message/rfc822 or message/global part without transfer encoding holds a message
///   whose header section starts its body: as a multipart that message has the part's
///   path "P", as a leaf "P.1";
/// - the line break before a delimiter belongs to the delimiter, so each body line's
///   terminator is held back until the next line shows whether it is body.
///
/// A leaf body stays in the skeleton while it is at most `keepAtMost` octets. Past that,
/// unless `keepsBody` says to keep it, the octets so far move out of the skeleton and the
/// rest streams through the transfer decoding into SHA-256 (base64 through the stateful
/// `Base64Codec.Decoder`, quoted-printable in pieces cut where the decoder cannot look
/// across, anything else as is); only the delimiter's line break remains in its place.
///
/// What cannot be mirrored safely is passed through unchanged, so that the parser reads
/// it exactly as in the whole message: a multipart without a boundary parameter, an
/// encoded multipart or message, a part whose header section ends without a blank line,
/// a part past `maxDepth` or `maxParts`, a header section that `HeaderSectionParser`
/// rejects (for example over `maxHeaderBytes`). Preambles and epilogues are kept.
///
/// Memory: the skeleton, one partial line, a 64 KiB staging buffer for the body being
/// streamed, and at most one held line per multipart level (see `ambiguous`). Inside a
/// body the partial line is flushed in pieces once it cannot be a delimiter; a line that
/// still could be one ("--boundary" and then whitespace) is held whole, as it would be
/// kept in the skeleton anyway. A header line is held whole too (header sections are
/// kept). The one unbounded case in a streamed body is quoted-printable made only of
/// "=", whitespace, CR and hex digits after "=", which offers no safe place to cut.
public struct MessageSkeletonBuilder {
    private let limits: MIMELimits
    private let keepAtMost: Int
    private let keepsBody: @Sendable (ContentType, ContentDisposition?, _ filename: String?) -> Bool

    // Output.
    private var skeleton: [UInt8] = []
    private var streamedBodies: [String: StreamedBody] = [:]
    private var leftOut: [MessageSkeleton.LeftOut] = []
    /// Raw octets left out so far: skeleton offset + this = raw offset, past the last gap.
    private var leftOutTotal = 0
    private var expectedError: MIMEError?
    private var rawSize = 0

    // The line being assembled.
    /// Octets of the current line not yet handed on.
    private var line: [UInt8] = []
    /// The start of the current line went out already (it is a body line, not a delimiter).
    private var lineStarted = false
    /// Complete lines whose role depends on the line after them (see `isAmbiguous`).
    private var ambiguous: [[UInt8]] = []

    // Structure.
    /// Open multipart levels, outermost first.
    private var multiparts: [Multipart] = []
    /// What the next line belongs to.
    private var mode: Mode
    /// The leaf whose body is being read (mode `.leaf`).
    private var leaf: Leaf?
    /// The body being left out of the skeleton, once the leaf's body is over `keepAtMost`.
    private var stream: BodyStream?
    /// Parts so far, counted as `MIMEParser.State.partCount` counts them.
    private var partCount = 0

    /// The longest partial line held so far (for tests of the memory bound).
    private(set) var largestHeldLine = 0

    /// - Parameters:
    ///   - limits: the limits the skeleton will be parsed with.
    ///   - keepAtMost: leaf bodies up to this many octets (as transmitted) stay in the skeleton.
    ///   - keepsBody: whether a larger leaf body stays anyway (e.g. text to read), given its
    ///     content type, disposition and filename (disposition filename, else the name parameter).
    public init(
        limits: MIMELimits = .init(), keepAtMost: Int = 256 * 1024,
        keepsBody: @escaping @Sendable (ContentType, ContentDisposition?, _ filename: String?) -> Bool
    ) {
        self.limits = limits
        self.keepAtMost = max(keepAtMost, 0)
        self.keepsBody = keepsBody
        self.mode = .kept
        startPart(MIMEParser.Paths(multipart: "", leaf: "1", header: ""), depth: 0, defaultType: .textPlain,
                  isTopLevel: true, start: 0)
    }

    // MARK: - Input

    /// Reads the next chunk of the message.
    public mutating func append(_ chunk: UnsafeRawBufferPointer) {
        guard !chunk.isEmpty else { return }
        rawSize += chunk.count
        chunk.withMemoryRebound(to: UInt8.self) { b in
            let n = b.count
            var pos = 0
            while pos < n {
                if line.isEmpty && !lineStarted, let runEnd = streamBodyLines(b, from: pos) {
                    pos = runEnd
                    continue
                }
                if let lf = ByteScan.find(ByteScan.lf, in: b, from: pos, to: n) {
                    let piece = UnsafeBufferPointer(rebasing: b[pos...lf])
                    pos = lf + 1
                    if line.isEmpty && !lineStarted {
                        completeLine(piece)
                    } else {
                        var whole: [UInt8] = []
                        swap(&whole, &line)
                        whole.append(contentsOf: piece)
                        largestHeldLine = max(largestHeldLine, whole.count)
                        whole.withUnsafeBufferPointer { completeLine($0) }
                        whole.removeAll(keepingCapacity: true)
                        swap(&whole, &line)
                    }
                } else {
                    // No line end in the rest: hold it, in bounded steps so that a body line
                    // can go on as it comes.
                    while pos < n {
                        let take = min(n - pos, Self.partialStep)
                        line.append(contentsOf: UnsafeBufferPointer(rebasing: b[pos..<(pos + take)]))
                        pos += take
                        largestHeldLine = max(largestHeldLine, line.count)
                        flushPartialLine()
                    }
                }
            }
        }
    }

    /// Hands whole lines of a streamed body (a large attachment, left out and hashed) to
    /// its stream in one piece, from `start` (a line start) up to the first line that
    /// could be a delimiter ("--" first) or the last complete line of the chunk; returns
    /// where that run ends, or nil when there is none. The same as line by line: a line
    /// that does not start with "--" is neither a delimiter nor waits to be one (see
    /// `isAmbiguous`), and its content and terminator are the bytes that follow each
    /// other here. A 25 MB attachment is 450,000 lines.
    private mutating func streamBodyLines(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard stream != nil, case .leaf = mode, ambiguous.isEmpty else { return nil }
        let n = b.count
        guard n - start >= 2, !(b[start] == ByteScan.hyphen && b[start + 1] == ByteScan.hyphen) else { return nil }
        // Line ends, by memchr, until the next line starts with "--" or is not whole here.
        var runEnd = start
        while let lf = ByteScan.find(ByteScan.lf, in: b, from: runEnd, to: n) {
            runEnd = lf + 1
            if n - runEnd < 2 || (b[runEnd] == ByteScan.hyphen && b[runEnd + 1] == ByteScan.hyphen) { break }
        }
        guard runEnd > start else { return nil }
        // The last line's content ends before its LF and one CR, as `contentEnd` has it.
        var contentEnd = runEnd - 1
        if contentEnd > start, b[contentEnd - 1] == ByteScan.cr { contentEnd -= 1 }
        stream!.feedTerminator()
        stream!.feed(UnsafeBufferPointer(rebasing: b[start..<contentEnd]))
        stream!.terminator = BodyStream.Terminator(count: runEnd - contentEnd)
        return runEnd
    }

    /// Reads the next chunk of the message.
    public mutating func append(_ chunk: [UInt8]) {
        chunk.withUnsafeBytes { append($0) }
    }

    /// Ends the input and returns the skeleton.
    public mutating func finish() -> MessageSkeleton {
        // The last line has no terminator.
        if !line.isEmpty || lineStarted {
            var last: [UInt8] = []
            swap(&last, &line)
            last.withUnsafeBufferPointer { piece in
                if lineStarted {
                    deliverLine(piece)
                } else {
                    let status = delimiterStatus(piece, contentEnd: Self.contentEnd(piece), after: -1)
                    resolveAmbiguous(next: status)
                    if let status { handleDelimiter(piece, status) } else { deliverLine(piece) }
                }
            }
            lineStarted = false
        }
        resolveAmbiguous(next: nil)
        endPart(atDelimiter: false)
        multiparts.removeAll()
        var result = MessageSkeleton(
            bytes: skeleton, streamedBodies: streamedBodies, rawSize: rawSize)
        result.leftOut = leftOut
        result.expectedError = expectedError
        result.limits = limits
        return result
    }

    // MARK: - Lines

    /// A partial line held longer than this goes on in pieces when it can.
    static let partialFlushAt = 16 * 1024
    /// The most octets of a chunk added to the partial line at a time.
    static let partialStep = 64 * 1024

    /// The end of a line's content as `ByteScan.line` finds it: before LF and one CR
    /// before it, or, for the last line without LF, before one trailing CR.
    @inline(__always)
    static func contentEnd(_ piece: UnsafeBufferPointer<UInt8>) -> Int {
        var end = piece.count
        if end > 0, piece[end - 1] == ByteScan.lf { end -= 1 }
        if end > 0, piece[end - 1] == ByteScan.cr { end -= 1 }
        return end
    }

    /// A line that ends in LF (the whole line, terminator included, or the rest of a line
    /// whose start went out already).
    private mutating func completeLine(_ piece: UnsafeBufferPointer<UInt8>) {
        if lineStarted {
            lineStarted = false
            deliverLine(piece)
            return
        }
        if isAmbiguous(piece) {
            ambiguous.append(Array(piece))
            // Only a run of delimiters at ever outer levels can end the queue, so all but
            // the last (levels - 1) lines are plain lines already.
            let bound = max(activeLevels - 1, 0)
            while ambiguous.count > bound {
                let first = ambiguous.removeFirst()
                first.withUnsafeBufferPointer { deliverLine($0) }
            }
            return
        }
        let status = delimiterStatus(piece, contentEnd: Self.contentEnd(piece), after: -1)
        resolveAmbiguous(next: status)
        if let status {
            handleDelimiter(piece, status)
        } else {
            deliverLine(piece)
        }
    }

    /// Hands on the start of a long partial line if it is body that cannot be a delimiter.
    private mutating func flushPartialLine() {
        guard line.count >= Self.partialFlushAt else { return }
        switch mode {
        case .leaf, .passthrough, .kept: break
        case .header, .messageStart: return
        }
        if !lineStarted {
            let candidate = line.withUnsafeBufferPointer { couldBeDelimiter($0) }
            guard !candidate else { return }
            resolveAmbiguous(next: nil)
        }
        // Keep a trailing CR: it may be the start of this line's CR LF.
        var cut = line.count
        if line[cut - 1] == ByteScan.cr { cut -= 1 }
        guard cut > 0 else { return }
        var held: [UInt8] = []
        swap(&held, &line)
        held.withUnsafeBufferPointer { b in
            deliverPiece(UnsafeBufferPointer(rebasing: b[0..<cut]))
        }
        held.removeFirst(cut)
        swap(&held, &line)
        lineStarted = true
    }

    /// Whether a partial line could still turn out a delimiter of an open level (or the
    /// truncated form of one, with up to two CRs before the LF). Generous: it only decides
    /// whether the line may go on before its end is seen.
    private func couldBeDelimiter(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        for level in multiparts where !level.closed {
            let pattern = level.boundary
            let head = pattern.count + 2
            var i = 0
            var matches = true
            while i < min(b.count, head) {
                let expected = i < 2 ? ByteScan.hyphen : pattern[i - 2]
                if b[i] != expected { matches = false; break }
                i += 1
            }
            guard matches else { continue }
            if b.count <= head { return true }
            // Then: optional "--", whitespace, at most two CRs.
            if b[i] == ByteScan.hyphen {
                i += 1
                if i == b.count { return true }
                guard b[i] == ByteScan.hyphen else { continue }
                i += 1
            }
            while i < b.count, ByteScan.isWSP(b[i]) { i += 1 }
            var crs = 0
            while i < b.count, b[i] == ByteScan.cr { crs += 1; i += 1 }
            if i == b.count, crs <= 2 { return true }
        }
        return false
    }

    // MARK: - Delimiters

    /// A delimiter line: which level (index in `multiparts`) and whether it is the close form.
    private struct Delimiter {
        var level: Int
        var isClose: Bool
    }

    private var activeLevels: Int { multiparts.reduce(0) { $0 + ($1.closed ? 0 : 1) } }

    /// The outermost open level after `after` for which the content `0..<contentEnd` is a
    /// delimiter, by `MIMEParser.State.delimiter`.
    private func delimiterStatus(_ piece: UnsafeBufferPointer<UInt8>, contentEnd: Int, after: Int) -> Delimiter? {
        guard contentEnd >= 3, piece[0] == ByteScan.hyphen, piece[1] == ByteScan.hyphen else { return nil }
        let candidate = ByteScan.Line(start: 0, contentEnd: contentEnd, next: piece.count)
        var index = after + 1
        while index < multiparts.count {
            let level = multiparts[index]
            if !level.closed {
                let isClose = level.boundary.withUnsafeBufferPointer {
                    MIMEParser.State.delimiter(piece, candidate, $0)
                }
                if let isClose { return Delimiter(level: index, isClose: isClose) }
            }
            index += 1
        }
        return nil
    }

    /// A line ending in CR CR LF is seen two ways. Where the next line is a delimiter of
    /// level j, the parts inside level j end before that delimiter's CR LF, so they see
    /// this line with one more CR cut off, and "--inner\r" reads as a delimiter of an inner
    /// level; everywhere else the CR stays and it is no delimiter. Such a line waits for
    /// the next one when, cut, it matches an open level inside another.
    private func isAmbiguous(_ piece: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = piece.count
        guard n >= 5, piece[n - 1] == ByteScan.lf, piece[n - 2] == ByteScan.cr, piece[n - 3] == ByteScan.cr,
              let outermost = multiparts.firstIndex(where: { !$0.closed })
        else { return false }
        return delimiterStatus(piece, contentEnd: n - 3, after: outermost) != nil
    }

    /// Settles the waiting lines, last first, now that the line after them is known
    /// (`next` is its delimiter status; nil if it is no delimiter or the input ended).
    private mutating func resolveAmbiguous(next: Delimiter?) {
        guard !ambiguous.isEmpty else { return }
        var lines: [[UInt8]] = []
        swap(&lines, &ambiguous)
        var statuses = [Delimiter?](repeating: nil, count: lines.count)
        var after = next
        for index in lines.indices.reversed() {
            if let outer = after {
                statuses[index] = lines[index].withUnsafeBufferPointer {
                    delimiterStatus($0, contentEnd: $0.count - 3, after: outer.level)
                }
            }
            after = statuses[index]
        }
        for (piece, status) in zip(lines, statuses) {
            piece.withUnsafeBufferPointer { b in
                if let status { handleDelimiter(b, status) } else { deliverLine(b) }
            }
        }
    }

    private mutating func handleDelimiter(_ piece: UnsafeBufferPointer<UInt8>, _ delimiter: Delimiter) {
        endPart(atDelimiter: true)
        multiparts.removeSubrange((delimiter.level + 1)...)
        skeleton.append(contentsOf: piece)
        if delimiter.isClose {
            multiparts[delimiter.level].closed = true
            mode = .kept
            return
        }
        multiparts[delimiter.level].children += 1
        let level = multiparts[delimiter.level]
        let path = level.path.isEmpty ? "\(level.children)" : "\(level.path).\(level.children)"
        startPart(MIMEParser.Paths(multipart: path, leaf: path, header: path), depth: level.depth + 1,
                  defaultType: level.childDefault, isTopLevel: false, start: skeleton.count)
    }

    // MARK: - Parts

    /// A part as `MIMEParser.State.parsePart` is called for it.
    private struct Part {
        var paths: MIMEParser.Paths
        var depth: Int
        var defaultType: ContentType
        var isTopLevel: Bool
        /// Offset of its header section in the skeleton.
        var start: Int
    }

    private struct Multipart {
        var path: String
        var boundary: [UInt8]
        var depth: Int
        var childDefault: ContentType
        var children = 0
        /// After the close-delimiter: the epilogue, no longer split.
        var closed = false
    }

    private struct Leaf {
        var path: String
        var type: ContentType
        var disposition: ContentDisposition?
        var encoding: ContentTransferEncoding
        var bodyStart: Int
        /// `keepsBody`, asked once the body is over `keepAtMost`.
        var keeps: Bool?
    }

    private enum Mode {
        /// Reading a part's header section.
        case header(HeaderScan)
        /// The body of a message/rfc822 part, before its first line: the inner message
        /// exists only if the body is not empty, which an empty first line leaves open
        /// until the next line (at that line's offset while it waits).
        case messageStart(Part, heldEmptyLine: Int?)
        /// The body of `leaf`.
        case leaf
        /// Lines kept unchanged until the part ends; mirrored by parsing it when it does.
        case passthrough(Part)
        /// Preamble or epilogue: kept.
        case kept
    }

    /// Starts a part at `start`, unless the parser would refuse it (depth, part count).
    private mutating func startPart(
        _ paths: MIMEParser.Paths, depth: Int, defaultType: ContentType, isTopLevel: Bool, start: Int
    ) {
        let part = Part(paths: paths, depth: depth, defaultType: defaultType, isTopLevel: isTopLevel, start: start)
        if expectedError == nil {
            if depth > limits.maxDepth {
                foresee(MIMEError.tooDeep(offset: start + leftOutTotal, path: paths.header, limit: limits.maxDepth))
                mode = .passthrough(part)
                return
            }
            partCount += 1
            if partCount > limits.maxParts {
                foresee(MIMEError.tooManyParts(offset: start + leftOutTotal, path: paths.header, limit: limits.maxParts))
                mode = .passthrough(part)
                return
            }
        }
        mode = .header(HeaderScan(part: part))
    }

    /// Starts the message inside message/rfc822 part `container`, at `start`.
    private mutating func startEncapsulated(in container: Part, at start: Int) {
        let path = container.paths.leaf
        startPart(MIMEParser.Paths(multipart: path, leaf: path.isEmpty ? "1" : "\(path).1", header: path),
                  depth: container.depth + 1, defaultType: .textPlain, isTopLevel: false, start: start)
    }

    /// Notes the first error the whole message will fail with (raw offsets).
    private mutating func foresee(_ error: MIMEError) {
        if expectedError == nil { expectedError = error }
    }

    /// Ends the current part, at a delimiter (whose line break is still to come) or at the
    /// end of the input.
    private mutating func endPart(atDelimiter: Bool) {
        switch mode {
        case .leaf:
            if var body = stream, let leaf {
                stream = nil
                if atDelimiter {
                    body.terminator.withBytes { skeleton.append(contentsOf: $0) }
                } else {
                    body.feedTerminator()
                }
                // Every body left out before this one lies before it in the raw message.
                var streamed = body.finish()
                let rawStart = leaf.bodyStart + leftOutTotal
                streamed.rawRange = rawStart..<(rawStart + body.rawCount)
                streamedBodies[leaf.path] = streamed
                leftOut.append(MessageSkeleton.LeftOut(at: leaf.bodyStart, count: body.rawCount))
                leftOutTotal += body.rawCount
            }
            stream = nil
            leaf = nil
        case .header(let scan):
            mirror(scan.part, end: partEnd(from: scan.part.start, atDelimiter: atDelimiter))
        case .passthrough(let part):
            mirror(part, end: partEnd(from: part.start, atDelimiter: atDelimiter))
        case .messageStart(let container, let held):
            // At the end of input an empty first line is body, so the inner message exists.
            if let held, !atDelimiter {
                startEncapsulated(in: container, at: held)
                if case .header(let scan) = mode { mode = .passthrough(scan.part) }
                endPart(atDelimiter: false)
            }
        case .kept:
            break
        }
        mode = .kept
    }

    /// Where a part ends in the skeleton: at the end, or before the line break of the
    /// delimiter about to be appended (the `split` rule).
    private func partEnd(from start: Int, atDelimiter: Bool) -> Int {
        var end = skeleton.count
        if atDelimiter, end > start, skeleton[end - 1] == ByteScan.lf {
            end -= 1
            if end > start, skeleton[end - 1] == ByteScan.cr { end -= 1 }
        }
        return end
    }

    /// A part passed through is in the skeleton exactly as sent, so the parser's own
    /// reading of it gives its part count, or the error the message will fail with.
    private mutating func mirror(_ part: Part, end: Int) {
        guard expectedError == nil else { return }
        var state = MIMEParser.State(limits: limits)
        state.partCount = partCount - 1
        do throws(MIMEError) {
            _ = try state.parsePart(
                source: skeleton, range: part.start..<end, paths: part.paths, depth: part.depth,
                defaultType: part.defaultType, isTopLevel: part.isTopLevel)
            partCount = state.partCount
        } catch {
            // The offset is in the skeleton, or in a decoded container inside the part. A
            // copy of the part at offset 0 tells which: only the first moves with it.
            let copy = Array(skeleton[part.start..<end])
            var again = MIMEParser.State(limits: limits)
            again.partCount = partCount - 1
            var moved = false
            do throws(MIMEError) {
                _ = try again.parsePart(
                    source: copy, range: 0..<copy.count, paths: part.paths, depth: part.depth,
                    defaultType: part.defaultType, isTopLevel: part.isTopLevel)
            } catch let second {
                moved = second.offset != error.offset
            }
            let shift = moved ? leftOutTotal : 0
            foresee(error.movingOffset { $0 + shift })
        }
    }

    // MARK: - Header sections

    /// Follows `HeaderSectionParser` line by line to find where a header section ends.
    private struct HeaderScan {
        var part: Part
        var isFirstLine = true
        /// After a line that is not a field: the parser's look-ahead (`fieldsFollow`), which
        /// skips the line if fields follow up to a blank line within 64 lines.
        var lookahead: (sawField: Bool, count: Int)?

        enum Outcome {
            case more
            /// A blank line ends the section at this offset.
            case endsAt(Int)
            /// The body starts without a blank line.
            case noSeparator
        }

        mutating func feed(_ b: UnsafeBufferPointer<UInt8>, _ line: ByteScan.Line) -> Outcome {
            if isFirstLine {
                isFirstLine = false
                // An mbox "From " envelope line before the first field of the message.
                if part.isTopLevel, line.contentEnd - line.start >= 5, b[line.start] == UInt8(ascii: "F"),
                   ByteScan.hasPrefixCaseInsensitive(b, at: line.start, end: line.contentEnd, Array("from ".utf8)) {
                    return .more
                }
            }
            if var ahead = lookahead {
                guard ahead.count < 64 else { return .noSeparator }
                if line.isEmpty { return ahead.sawField ? .endsAt(line.next) : .noSeparator }
                if ByteScan.isWSP(b[line.start]) {
                    guard ahead.sawField else { return .noSeparator }
                } else if Self.isField(b, line) {
                    ahead.sawField = true
                } else {
                    return .noSeparator
                }
                ahead.count += 1
                lookahead = ahead
                return .more
            }
            if line.isEmpty { return .endsAt(line.next) }
            if ByteScan.isWSP(b[line.start]) || Self.isField(b, line) { return .more }
            lookahead = (false, 0)
            return .more
        }

        /// "name:" with a name of printable ASCII, as `HeaderSectionParser` accepts it.
        static func isField(_ b: UnsafeBufferPointer<UInt8>, _ line: ByteScan.Line) -> Bool {
            guard let colon = ByteScan.find(ByteScan.colon, in: b, from: line.start, to: line.contentEnd) else { return false }
            var nameEnd = colon
            while nameEnd > line.start, ByteScan.isWSP(b[nameEnd - 1]) { nameEnd -= 1 }
            guard nameEnd > line.start else { return false }
            for i in line.start..<nameEnd where b[i] <= 0x20 || b[i] >= 0x7F { return false }
            return true
        }
    }

    /// Feeds the header line at `start` (already in the skeleton) to the scan.
    private mutating func scanHeaderLine(at start: Int) {
        guard case .header(var scan) = mode else { return }
        let outcome = skeleton.withUnsafeBufferPointer { b in
            scan.feed(b, ByteScan.line(in: b, at: start, end: b.count))
        }
        switch outcome {
        case .more:
            mode = .header(scan)
        case .noSeparator:
            mode = .passthrough(scan.part)
        case .endsAt(let end):
            finishHeader(scan.part, sectionEnd: end)
        }
    }

    /// Reads a complete header section and decides how the part's body is followed.
    private mutating func finishHeader(_ part: Part, sectionEnd: Int) {
        let limits = self.limits
        let section: HeaderSectionParser.Section
        do throws(MIMEError) {
            section = try skeleton.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(MIMEError) -> HeaderSectionParser.Section in
                try HeaderSectionParser.parse(b, range: part.start..<sectionEnd, path: part.paths.header, limits: limits,
                                              nulIsFatal: part.isTopLevel)
            }
        } catch {
            let shift = leftOutTotal
            foresee(error.movingOffset { $0 + shift })
            mode = .passthrough(part)
            return
        }
        guard section.bodyStart == sectionEnd else {
            // Not where the scan found it: never expected, but then follow nothing inside.
            mode = .passthrough(part)
            return
        }
        let headers = section.headers
        var type = part.defaultType
        if let raw = headers.unfolded("Content-Type") {
            type = ContentType(headerValue: raw) ?? .textPlain
        }
        let encoding = ContentTransferEncoding(headerValue: headers.unfolded("Content-Transfer-Encoding"))
        let disposition = headers.unfolded("Content-Disposition").map { ContentDisposition(headerValue: $0) }

        if type.isMultipart {
            var boundary = type.boundary.map { Array($0.utf8) } ?? []
            while let last = boundary.last, ByteScan.isWSP(last) { boundary.removeLast() }
            // An encoded multipart is split after decoding; without a boundary one is guessed.
            guard !encoding.isEncoding, !boundary.isEmpty else {
                mode = .passthrough(part)
                return
            }
            multiparts.append(Multipart(
                path: part.paths.multipart, boundary: boundary, depth: part.depth,
                childDefault: type.subtype == "digest" ? .messageRFC822 : .textPlain))
            mode = .kept
        } else if type.isEncapsulatedMessage {
            mode = encoding.isEncoding ? .passthrough(part) : .messageStart(part, heldEmptyLine: nil)
        } else {
            leaf = Leaf(path: part.paths.leaf, type: type, disposition: disposition, encoding: encoding,
                        bodyStart: skeleton.count)
            mode = .leaf
        }
    }

    // MARK: - Bodies

    /// A line that is no delimiter: the whole line, the rest of one, or the last line.
    private mutating func deliverLine(_ piece: UnsafeBufferPointer<UInt8>) {
        switch mode {
        case .header:
            let start = skeleton.count
            skeleton.append(contentsOf: piece)
            scanHeaderLine(at: start)
        case .messageStart(let container, let held):
            if let held {
                // The empty line before this one is body: the inner message starts there,
                // with an empty header section.
                startEncapsulated(in: container, at: held)
                scanHeaderLine(at: held)
                deliverLine(piece)
            } else if piece.last == ByteScan.lf, Self.contentEnd(piece) == 0 {
                mode = .messageStart(container, heldEmptyLine: skeleton.count)
                skeleton.append(contentsOf: piece)
            } else {
                startEncapsulated(in: container, at: skeleton.count)
                deliverLine(piece)
            }
        case .leaf:
            if piece.last == ByteScan.lf {
                let end = Self.contentEnd(piece)
                bodyLine(UnsafeBufferPointer(rebasing: piece[0..<end]), terminator: piece.count - end)
            } else {
                bodyLine(piece, terminator: 0)
            }
        case .passthrough, .kept:
            skeleton.append(contentsOf: piece)
        }
    }

    /// The start of a long body line that cannot be a delimiter (no terminator in it).
    private mutating func deliverPiece(_ piece: UnsafeBufferPointer<UInt8>) {
        if case .leaf = mode {
            bodyLine(piece, terminator: 0)
        } else {
            skeleton.append(contentsOf: piece)
        }
    }

    /// Body octets of the current leaf: `content`, then a terminator of `terminator` octets
    /// (CR LF or LF) that is body only if the next line is.
    private mutating func bodyLine(_ content: UnsafeBufferPointer<UInt8>, terminator: Int) {
        if stream != nil {
            stream!.feedTerminator()
            stream!.feed(content)
            stream!.terminator = BodyStream.Terminator(count: terminator)
            return
        }
        guard var current = leaf else { return }
        // Everything kept so far is now known to be body, the last terminator included.
        let size = skeleton.count - current.bodyStart + content.count
        if size > keepAtMost {
            if current.keeps == nil {
                current.keeps = keepsBody(current.type, current.disposition, Self.filename(current))
                leaf = current
            }
            if current.keeps == false {
                var body = BodyStream(encoding: current.encoding)
                skeleton.withUnsafeBufferPointer { body.feed(UnsafeBufferPointer(rebasing: $0[current.bodyStart...])) }
                skeleton.removeSubrange(current.bodyStart...)
                body.feed(content)
                body.terminator = BodyStream.Terminator(count: terminator)
                stream = body
                return
            }
        }
        skeleton.append(contentsOf: content)
        BodyStream.Terminator(count: terminator).withBytes { skeleton.append(contentsOf: $0) }
    }

    /// As `MIMEPart.filename`: the disposition filename, else the Content-Type name.
    private static func filename(_ leaf: Leaf) -> String? {
        if let name = leaf.disposition?.filename, !name.isEmpty { return name }
        if let name = leaf.type.name, !name.isEmpty { return name }
        return nil
    }
}

/// A body left out of the skeleton: decoded as it streams, counted and hashed.
struct BodyStream {
    /// The line break after the last body line so far: body only if another body line follows.
    struct Terminator: Sendable {
        var count = 0
        func withBytes(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
            guard count > 0 else { return }
            let bytes: StaticString = "\r\n"
            let all = UnsafeBufferPointer(start: bytes.utf8Start, count: 2)
            body(UnsafeBufferPointer(rebasing: all[(2 - count)...]))
        }
    }

    let encoding: ContentTransferEncoding
    var terminator = Terminator()
    /// Raw (transfer-encoded) octets fed so far.
    private(set) var rawCount = 0
    private var base64 = Base64Codec.Decoder()
    /// Encoded octets waiting to be decoded; quoted-printable keeps its uncut tail here.
    private var staging: [UInt8] = []
    private var drainAt = BodyStream.stagingSize
    private var hasher = SHA256()
    private var size = 0

    static let stagingSize = 64 * 1024

    init(encoding: ContentTransferEncoding) {
        self.encoding = encoding
    }

    mutating func feedTerminator() {
        let ending = terminator
        terminator = Terminator()
        ending.withBytes { feed($0) }
    }

    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard !bytes.isEmpty else { return }
        rawCount += bytes.count
        guard encoding.isEncoding else {
            digest(bytes)
            return
        }
        var offset = 0
        while offset < bytes.count {
            let take = min(bytes.count - offset, Self.stagingSize)
            staging.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[offset..<(offset + take)]))
            offset += take
            if staging.count >= drainAt { drain(isFinal: false) }
        }
    }

    /// The decoded size and SHA-256, once the body has ended.
    mutating func finish() -> StreamedBody {
        drain(isFinal: true)
        return StreamedBody(size: size, sha256: SHA256Hex.hex(hasher.finalize()))
    }

    private mutating func digest(_ bytes: UnsafeBufferPointer<UInt8>) {
        size += bytes.count
        hasher.update(bufferPointer: UnsafeRawBufferPointer(bytes))
    }

    private mutating func drain(isFinal: Bool) {
        var decoded = Digest(hasher: hasher, size: size)
        switch encoding {
        case .base64:
            var decoder = base64
            staging.withUnsafeBufferPointer { decoder.decode($0) { decoded.add($0) } }
            if isFinal { decoder.finish { decoded.add($0) } }
            base64 = decoder
            staging.removeAll(keepingCapacity: true)
        default:
            let cut = isFinal ? staging.count : Self.quotedPrintableCut(staging)
            staging.withUnsafeBufferPointer { b in
                QuotedPrintable.decode(UnsafeBufferPointer(rebasing: b[0..<cut])) { decoded.add($0) }
            }
            staging.removeFirst(cut)
            // Nowhere to cut (see `quotedPrintableCut`): look again only when twice as long.
            drainAt = cut == 0 && !isFinal ? max(staging.count * 2, Self.stagingSize) : Self.stagingSize
        }
        hasher = decoded.hasher
        size = decoded.size
    }

    private struct Digest {
        var hasher: SHA256
        var size: Int
        mutating func add(_ chunk: UnsafeBufferPointer<UInt8>) {
            size += chunk.count
            hasher.update(bufferPointer: UnsafeRawBufferPointer(chunk))
        }
    }

    /// The longest prefix of quoted-printable text that decodes on its own as it does
    /// followed by the rest. `QuotedPrintable.decode` looks ahead from "=" (two hex digits,
    /// or whitespace and a line break) and from whitespace (to a line break); cutting after
    /// an octet that is not "=", whitespace or CR, and not a hex digit right after "=",
    /// leaves nothing in the prefix looking past the cut. 0 if there is no such place.
    static func quotedPrintableCut(_ b: [UInt8]) -> Int {
        var p = b.count
        while p > 0 {
            let last = b[p - 1]
            let unsafe = last == UInt8(ascii: "=") || ByteScan.isWSP(last) || last == ByteScan.cr
                || (p >= 2 && b[p - 2] == UInt8(ascii: "=") && ByteScan.hexValue(last) != nil)
            if !unsafe { return p }
            p -= 1
        }
        return 0
    }
}

extension MIMEError {
    /// The same error with its offset mapped (for a skeleton: back to the raw message).
    func movingOffset(_ transform: (Int) -> Int) -> MIMEError {
        MIMEError(kind, offset: offset.map(transform), partPath: partPath, measured: measured, limit: limit)
    }
}
