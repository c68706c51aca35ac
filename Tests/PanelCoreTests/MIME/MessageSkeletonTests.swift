import Crypto
import Foundation
import Testing
@testable import PanelCore

/// The skeleton of a message, parsed, must give the tree the whole message gives.
@Suite("Message skeleton")
struct MessageSkeletonTests {
    // MARK: - Policies and chunkings

    /// How a test reduces: everything it can, or as the daemon does.
    enum Policy: String, CaseIterable, Sendable, CustomTestStringConvertible {
        /// keepAtMost 0 and nothing kept: every leaf body with an octet is left out.
        case reduceAll
        /// Production-like: text, message and multipart bodies kept, small bodies kept.
        case keepText

        var testDescription: String { rawValue }

        func builder(limits: MIMELimits = .init(), keepAtMost: Int? = nil) -> MessageSkeletonBuilder {
            switch self {
            case .reduceAll:
                return MessageSkeletonBuilder(limits: limits, keepAtMost: keepAtMost ?? 0) { _, _, _ in false }
            case .keepText:
                return MessageSkeletonBuilder(limits: limits, keepAtMost: keepAtMost ?? 4096) { type, _, _ in
                    type.isText || type.type == "message" || type.isMultipart
                }
            }
        }
    }

    static let chunkSizes = [1, 7, 4096, Int.max]

    static func skeleton(
        of message: [UInt8], chunk: Int, policy: Policy, limits: MIMELimits = .init(), keepAtMost: Int? = nil
    ) -> (MessageSkeleton, MessageSkeletonBuilder) {
        var builder = policy.builder(limits: limits, keepAtMost: keepAtMost)
        message.withUnsafeBytes { raw in
            var start = 0
            while start < raw.count {
                let end = chunk >= raw.count - start ? raw.count : start + chunk
                builder.append(UnsafeRawBufferPointer(rebasing: raw[start..<end]))
                start = end
            }
        }
        let skeleton = builder.finish()
        return (skeleton, builder)
    }

    /// Feeds `message` split at the given offsets.
    static func skeleton(of message: [UInt8], cuts: [Int], policy: Policy, keepAtMost: Int? = nil) -> MessageSkeleton {
        var builder = policy.builder(keepAtMost: keepAtMost)
        message.withUnsafeBytes { raw in
            var start = 0
            for cut in cuts.sorted() + [raw.count] where cut >= start && cut <= raw.count {
                builder.append(UnsafeRawBufferPointer(rebasing: raw[start..<cut]))
                start = cut
            }
        }
        return builder.finish()
    }

    // MARK: - The comparison

    /// Checks that the skeleton stands for `whole`: same outcome, same tree, same digests.
    static func expectSameTree(
        _ whole: [UInt8], _ skeleton: MessageSkeleton, limits: MIMELimits = .init(), _ label: @autoclosure () -> String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(skeleton.rawSize == whole.count, "\(label()): raw size", sourceLocation: sourceLocation)

        let parser = MIMEParser(limits: limits)
        let expected = Result { () throws(MIMEError) in try parser.parse(whole) }
        let actual = Result { () throws(MIMEError) in try parser.parse(skeleton.bytes, streamedBodies: skeleton.streamedBodies) }
        let viaSkeleton = Result { () throws(MIMEError) in try skeleton.parse() }

        switch (expected, actual) {
        case (.failure(let e), .failure(let a)):
            // Offsets in the skeleton are smaller after a left-out body, so compare what and
            // where; `MessageSkeleton.parse()` maps offsets back and must match exactly.
            #expect(a.kind == e.kind && a.partPath == e.partPath && a.limit == e.limit,
                    "\(label()): \(a) vs \(e)", sourceLocation: sourceLocation)
            if case .failure(let s) = viaSkeleton {
                #expect(s.description == e.description, "\(label()): \(s.description) vs \(e.description)",
                        sourceLocation: sourceLocation)
            } else {
                Issue.record("\(label()): skeleton.parse() succeeded, whole failed with \(e)", sourceLocation: sourceLocation)
            }
        case (.success(let e), .success(let a)):
            let wholeParts = e.root.allParts
            let skeletonParts = a.root.allParts
            #expect(wholeParts.map(\.path) == skeletonParts.map(\.path), "\(label()): paths", sourceLocation: sourceLocation)
            #expect(wholeParts.map(\.contentType) == skeletonParts.map(\.contentType), "\(label()): types",
                    sourceLocation: sourceLocation)
            #expect(wholeParts.map(\.filename) == skeletonParts.map(\.filename), "\(label()): filenames",
                    sourceLocation: sourceLocation)
            #expect(wholeParts.map { $0.headers.map(\.name) } == skeletonParts.map { $0.headers.map(\.name) },
                    "\(label()): header names", sourceLocation: sourceLocation)
            #expect(wholeParts.map { $0.headers.map(\.value) } == skeletonParts.map { $0.headers.map(\.value) },
                    "\(label()): header values", sourceLocation: sourceLocation)
            #expect(wholeParts.map { $0.headers.map(\.unfoldedValue) } == skeletonParts.map { $0.headers.map(\.unfoldedValue) },
                    "\(label()): unfolded header values", sourceLocation: sourceLocation)
            for (w, s) in zip(wholeParts, skeletonParts) where w.children.isEmpty {
                let wd = w.decodedDigest()
                let sd = s.decodedDigest()
                #expect(wd.size == sd.size && wd.sha256 == sd.sha256, "\(label()): digest of \(w.path)",
                        sourceLocation: sourceLocation)
            }
            // Defects: same kinds at the same parts, in order (offsets differ after a gap).
            #expect(e.defects.map { "\($0.kind)@\($0.partPath)" } == a.defects.map { "\($0.kind)@\($0.partPath)" },
                    "\(label()): defects", sourceLocation: sourceLocation)
            // Every left-out body landed on a leaf with an empty body, and its recorded
            // place in the raw message decodes to exactly that body.
            for (path, streamed) in skeleton.streamedBodies {
                let part = skeletonParts.first { $0.path == path && $0.children.isEmpty }
                #expect(part?.streamedBody != nil, "\(label()): streamed body \(path) not attached", sourceLocation: sourceLocation)
                guard let part, let range = streamed.rawRange, range.lowerBound >= 0, range.upperBound <= whole.count else {
                    Issue.record("\(label()): streamed body \(path) has no place in the message", sourceLocation: sourceLocation)
                    continue
                }
                var decoded: [UInt8] = []
                whole.withUnsafeBufferPointer { part.transferEncoding.decode(UnsafeBufferPointer(rebasing: $0[range])) { decoded.append(contentsOf: $0) } }
                #expect(decoded.count == streamed.size && SHA256Hex.of(decoded) == streamed.sha256,
                        "\(label()): body \(path) read back from \(range)", sourceLocation: sourceLocation)
            }
            if case .failure(let s) = viaSkeleton {
                Issue.record("\(label()): skeleton.parse() failed: \(s)", sourceLocation: sourceLocation)
            }
        case (.failure(let e), .success):
            Issue.record("\(label()): whole failed with \(e), skeleton parsed", sourceLocation: sourceLocation)
        case (.success, .failure(let a)):
            Issue.record("\(label()): whole parsed, skeleton failed with \(a)", sourceLocation: sourceLocation)
        }
    }

    static func check(
        _ message: [UInt8], _ label: String, limits: MIMELimits = .init(), chunks: [Int] = chunkSizes,
        policies: [Policy] = Policy.allCases, sourceLocation: SourceLocation = #_sourceLocation
    ) -> [Policy: MessageSkeleton] {
        var results: [Policy: MessageSkeleton] = [:]
        for policy in policies {
            for chunk in chunks {
                let (skeleton, _) = Self.skeleton(of: message, chunk: chunk, policy: policy, limits: limits)
                expectSameTree(message, skeleton, limits: limits, "\(label) \(policy) chunk \(chunk)",
                               sourceLocation: sourceLocation)
                if let first = results[policy] {
                    #expect(first.bytes == skeleton.bytes && first.streamedBodies == skeleton.streamedBodies,
                            "\(label) \(policy): chunk \(chunk) gives another skeleton", sourceLocation: sourceLocation)
                } else {
                    results[policy] = skeleton
                }
            }
        }
        return results
    }

    // MARK: - Fixtures

    static let fixtureNames: [String] = {
        guard let root = Bundle.module.url(forResource: "Fixtures", withExtension: nil),
              let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        else { return [] }
        var names: [String] = []
        for case let url as URL in walker where url.pathExtension == "eml" {
            names.append(String(url.path.dropFirst(root.path.count + 1)))
        }
        return names.sorted()
    }()

    static func fixture(_ relativePath: String) throws -> [UInt8] {
        let root = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return [UInt8](try Data(contentsOf: root.appendingPathComponent(relativePath)))
    }

    @Test func everyFixtureIsFound() {
        #expect(Self.fixtureNames.count >= 44)
    }

    @Test(arguments: fixtureNames, LineEndings.allCases)
    func fixtureSkeletonParsesLikeTheWholeMessage(_ name: String, _ endings: LineEndings) throws {
        let message = endings.apply(try Self.fixture(name))
        _ = Self.check(message, "\(name) \(endings)")
    }

    @Test func keepingEveryBodyKeepsTheMessageUnchanged() throws {
        for name in Self.fixtureNames {
            let message = try Self.fixture(name)
            var builder = MessageSkeletonBuilder(keepAtMost: 0) { _, _, _ in true }
            builder.append(message)
            let skeleton = builder.finish()
            #expect(skeleton.bytes == message, "\(name)")
            #expect(skeleton.streamedBodies.isEmpty, "\(name)")
        }
    }

    // MARK: - Generated messages

    /// Pseudo-random bytes that start like a PDF.
    static func pdf(_ count: Int, seed: UInt64 = 0x1234_5678_9ABC_DEF0) -> [UInt8] {
        var state = seed
        var out = [UInt8](repeating: 0, count: count)
        for i in 0..<count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            out[i] = UInt8(truncatingIfNeeded: state >> 33)
        }
        let magic = Array("%PDF-1.7\n".utf8)
        for i in 0..<min(magic.count, count) { out[i] = magic[i] }
        return out
    }

    /// Base64 in lines of `lineLength` characters (0: one line).
    static func base64(_ bytes: [UInt8], lineLength: Int = 76, eol: String = "\r\n") -> String {
        let flat = Data(bytes).base64EncodedString()
        guard lineLength > 0 else { return flat }
        var lines: [Substring] = []
        var index = flat.startIndex
        while index < flat.endIndex {
            let end = flat.index(index, offsetBy: lineLength, limitedBy: flat.endIndex) ?? flat.endIndex
            lines.append(flat[index..<end])
            index = end
        }
        return lines.joined(separator: eol)
    }

    static func quotedPrintable(_ bytes: [UInt8], eol: String) -> String {
        let encoded = String(decoding: QuotedPrintable.encode(bytes), as: UTF8.self)
        return eol == "\r\n" ? encoded : encoded.replacingOccurrences(of: "\r\n", with: eol)
    }

    static func mixed(attachment: String, encoding: String, eol: String = "\r\n", close: Bool = true, boundary: String = "=_b1") -> [UInt8] {
        mixed(attachment: Array(attachment.utf8), encoding: encoding, eol: eol, close: close, boundary: boundary)
    }

    static func mixed(attachment: [UInt8], encoding: String, eol: String = "\r\n", close: Bool = true, boundary: String = "=_b1") -> [UInt8] {
        var text = Array([
            "From: Alex Morgan <alex.morgan@council.test>",
            "To: resource.panel@council.test",
            "Subject: Quote",
            "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=\"\(boundary)\"",
            "",
            "This is a multi-part message in MIME format.",
            "--\(boundary)",
            "Content-Type: text/plain; charset=utf-8",
            "",
            "The quote is attached.",
            "",
            "--\(boundary)",
            "Content-Type: application/pdf; name=\"quote.pdf\"",
            "Content-Disposition: attachment; filename=\"quote.pdf\"",
            "Content-Transfer-Encoding: \(encoding)",
            "",
            "",
        ].joined(separator: eol).utf8)
        text += attachment
        if close { text += Array((eol + "--\(boundary)--" + eol + "epilogue" + eol).utf8) }
        return text
    }

    static func expectSmall(_ skeletons: [Policy: MessageSkeleton], keptText: Int = 0, sourceLocation: SourceLocation = #_sourceLocation) {
        for (policy, skeleton) in skeletons {
            #expect(skeleton.bytes.count < 64 * 1024 + keptText, "\(policy): \(skeleton.bytes.count) bytes kept",
                    sourceLocation: sourceLocation)
            #expect(!skeleton.streamedBodies.isEmpty, "\(policy): nothing streamed", sourceLocation: sourceLocation)
        }
    }

    @Test func base64AttachmentInMultipartMixed() {
        let pdf = Self.pdf(300_000)
        let message = Self.mixed(attachment: Self.base64(pdf), encoding: "base64")
        let skeletons = Self.check(message, "base64 mixed")
        Self.expectSmall(skeletons)
        #expect(skeletons[.keepText]?.streamedBodies["2"]?.size == pdf.count)
        #expect(skeletons[.keepText]?.streamedBodies["2"]?.sha256 == SHA256Hex.of(pdf))
        let parsed = try? skeletons[.keepText]?.parse()
        #expect(parsed?.textBody() == "The quote is attached.")
        #expect(parsed?.attachments().first?.sha256 == SHA256Hex.of(pdf))
        #expect(parsed?.attachments().first?.size == pdf.count)
    }

    @Test func threeMegabyteBase64Attachment() {
        let pdf = Self.pdf(3_000_000, seed: 7)
        let message = Self.mixed(attachment: Self.base64(pdf), encoding: "base64")
        let skeletons = Self.check(message, "3 MB base64")
        Self.expectSmall(skeletons)
        #expect(skeletons[.keepText]?.streamedBodies["2"]?.size == pdf.count)
    }

    @Test(arguments: ["\r\n", "\n"])
    func quotedPrintableAttachment(_ eol: String) {
        let pdf = Self.pdf(320_000, seed: 3)
        let message = Self.mixed(attachment: Self.quotedPrintable(pdf, eol: eol), encoding: "quoted-printable", eol: eol)
        Self.expectSmall(Self.check(message, "qp \(eol.count)"))
    }

    @Test(arguments: ["8bit", "binary", "7bit", "x-unknown"])
    func identityAttachment(_ encoding: String) {
        // Binary octets (not UTF-8), without CR or LF, in lines of 900 and in one long line.
        let body = Self.pdf(350_000, seed: 5).map { $0 == 10 || $0 == 13 ? 32 : $0 }
        var lines: [UInt8] = []
        for (index, byte) in body.enumerated() {
            if index > 0, index % 900 == 0 { lines += [13, 10] }
            lines.append(byte)
        }
        let message = Self.mixed(attachment: lines, encoding: encoding)
        Self.expectSmall(Self.check(message, "identity \(encoding)"))

        let oneLine = Self.mixed(attachment: body, encoding: encoding)
        Self.expectSmall(Self.check(oneLine, "one line \(encoding)"))
    }

    @Test func nestedAlternativeAndAttachment() {
        let pdf = Self.pdf(400_000, seed: 11)
        let message = Array("""
        From: a@council.test\r
        Subject: Nested\r
        Content-Type: multipart/mixed; boundary="outer"\r
        \r
        --outer\r
        Content-Type: multipart/alternative; boundary="inner"\r
        \r
        --inner\r
        Content-Type: text/plain\r
        \r
        Plain text.\r
        --inner\r
        Content-Type: text/html\r
        \r
        <p>HTML text.</p>\r
        --inner--\r
        \r
        --outer\r
        Content-Type: application/pdf; name=a.pdf\r
        Content-Transfer-Encoding: base64\r
        \r
        \(Self.base64(pdf))\r
        --outer--\r

        """.utf8)
        let skeletons = Self.check(message, "nested")
        Self.expectSmall(skeletons)
        #expect(skeletons[.keepText]?.streamedBodies.keys.sorted() == ["2"])
        #expect(skeletons[.reduceAll]?.streamedBodies.keys.sorted() == ["1.1", "1.2", "2"])
    }

    @Test func forwardedMessageWithALargeAttachment() {
        let pdf = Self.pdf(500_000, seed: 13)
        let message = Array("""
        From: a@council.test\r
        Subject: Fwd: quote\r
        Content-Type: multipart/mixed; boundary="fwd"\r
        \r
        --fwd\r
        Content-Type: text/plain\r
        \r
        See below.\r
        --fwd\r
        Content-Type: message/rfc822\r
        \r
        From: b@council.test\r
        Subject: quote\r
        Content-Type: multipart/mixed; boundary="orig"\r
        \r
        --orig\r
        Content-Type: text/plain\r
        \r
        Quote attached.\r
        --orig\r
        Content-Type: application/pdf; name=q.pdf\r
        Content-Disposition: attachment; filename=q.pdf\r
        Content-Transfer-Encoding: base64\r
        \r
        \(Self.base64(pdf))\r
        --orig--\r
        --fwd\r
        Content-Type: message/rfc822\r
        \r
        From: c@council.test\r
        Subject: single\r
        Content-Type: application/pdf\r
        Content-Transfer-Encoding: base64\r
        \r
        \(Self.base64(Array(pdf.prefix(90_000))))\r
        --fwd--\r

        """.utf8)
        let skeletons = Self.check(message, "forwarded")
        Self.expectSmall(skeletons)
        #expect(skeletons[.keepText]?.streamedBodies.keys.sorted() == ["2.2", "3.1"])
    }

    @Test(arguments: ["\r\n", "\n"])
    func singlePartBase64Message(_ eol: String) {
        let pdf = Self.pdf(600_000, seed: 17)
        let header = ["From: a@council.test", "Subject: scan", "Content-Type: application/pdf",
                      "Content-Transfer-Encoding: base64", "", ""].joined(separator: eol)
        for ending in ["", eol, eol + eol] {
            let message = Array((header + Self.base64(pdf, eol: eol) + ending).utf8)
            let skeletons = Self.check(message, "single part \(eol.count) \(ending.count)")
            Self.expectSmall(skeletons)
            #expect(skeletons[.reduceAll]?.streamedBodies["1"]?.size == pdf.count)
            // Headers and the blank line are all that is left.
            #expect(skeletons[.keepText]?.bytes == Array(header.utf8))
        }
    }

    @Test func missingCloseDelimiterAtEndOfInput() {
        let pdf = Self.pdf(300_000, seed: 19)
        for ending in ["", "\r\n", "\r\n\r\n", "\r"] {
            let message = Self.mixed(attachment: Self.base64(pdf) + ending, encoding: "base64", close: false)
            Self.expectSmall(Self.check(message, "unclosed \(ending.count)"))
        }
    }

    @Test func bareLineFeeds() {
        let pdf = Self.pdf(310_000, seed: 23)
        let message = Self.mixed(attachment: Self.base64(pdf, eol: "\n"), encoding: "base64", eol: "\n")
        #expect(!message.contains(13))
        Self.expectSmall(Self.check(message, "bare LF"))
    }

    @Test(arguments: [73, 1, 3, 5, 77, 1000])
    func base64LinesOfOddLength(_ length: Int) {
        let pdf = Self.pdf(length < 10 ? 40_000 : 300_000, seed: UInt64(length))
        let message = Self.mixed(attachment: Self.base64(pdf, lineLength: length), encoding: "base64")
        Self.expectSmall(Self.check(message, "line length \(length)"))
    }

    @Test func paddingSplitAcrossChunks() {
        for size in [300_001, 300_002] {
            let pdf = Self.pdf(size, seed: UInt64(size))
            let message = Self.mixed(attachment: Self.base64(pdf), encoding: "base64")
            let padding = message.lastIndex(of: UInt8(ascii: "="))!
            for cut in [padding - 2, padding - 1, padding, padding + 1, padding + 2] {
                for policy in Policy.allCases {
                    let skeleton = Self.skeleton(of: message, cuts: [cut], policy: policy)
                    Self.expectSameTree(message, skeleton, "padding \(size) cut \(cut) \(policy)")
                }
            }
        }
    }

    /// A 2 MB base64 body on one line, arriving in chunks, is streamed in pieces.
    @Test func enormousLineIsNotHeldWhole() {
        let pdf = Self.pdf(1_500_000, seed: 29)
        let message = Self.mixed(attachment: Self.base64(pdf, lineLength: 0), encoding: "base64")
        for chunk in [4096, 100_000] {
            let (skeleton, builder) = Self.skeleton(of: message, chunk: chunk, policy: .keepText)
            Self.expectSameTree(message, skeleton, "one line chunk \(chunk)")
            #expect(builder.largestHeldLine < 200 * 1024, "held \(builder.largestHeldLine)")
            #expect(skeleton.bytes.count < 4096)
        }
        // The same in quoted-printable, with no soft line breaks.
        let qp = Array(Self.quotedPrintable(pdf, eol: "\r\n").utf8).filter { $0 != 13 && $0 != 10 }
        let qpMessage = Self.mixed(attachment: qp, encoding: "quoted-printable")
        let (skeleton, builder) = Self.skeleton(of: qpMessage, chunk: 4096, policy: .reduceAll)
        Self.expectSameTree(qpMessage, skeleton, "one qp line")
        #expect(builder.largestHeldLine < 200 * 1024, "held \(builder.largestHeldLine)")
    }

    @Test func digestChildrenAreMessages() {
        let pdf = Self.pdf(280_000, seed: 31)
        let message = Array("""
        Subject: digest\r
        Content-Type: multipart/digest; boundary=d\r
        \r
        --d\r
        \r
        Subject: one\r
        Content-Type: application/pdf\r
        Content-Transfer-Encoding: base64\r
        \r
        \(Self.base64(pdf))\r
        --d\r
        \r
        \r
        --d\r
        Content-Type: text/plain\r
        \r
        plain child\r
        --d--\r

        """.utf8)
        let skeletons = Self.check(message, "digest")
        #expect(skeletons[.keepText]?.streamedBodies.keys.sorted() == ["1.1"])
    }

    // MARK: - What is passed through

    @Test func encodedContainersAndMissingBoundariesPassThrough() {
        let inner = Array("""
        Subject: inner\r
        Content-Type: application/pdf\r
        Content-Transfer-Encoding: base64\r
        \r
        \(Self.base64(Self.pdf(200_000, seed: 37)))\r

        """.utf8)
        let message = Array("""
        Subject: outer\r
        Content-Type: multipart/mixed; boundary=o\r
        \r
        --o\r
        Content-Type: message/rfc822\r
        Content-Transfer-Encoding: base64\r
        \r
        \(Self.base64(inner))\r
        --o\r
        Content-Type: multipart/mixed\r
        \r
        --guessed-boundary\r
        Content-Type: application/octet-stream\r
        \r
        \(String(repeating: "x", count: 5000))\r
        --guessed-boundary--\r
        --o\r
        Content-Type: application/octet-stream\r
        \r
        \(String(repeating: "y", count: 9000))\r
        --o--\r

        """.utf8)
        let skeletons = Self.check(message, "passed through")
        #expect(skeletons[.reduceAll]?.streamedBodies.keys.sorted() == ["3"])
    }

    @Test func headerWithoutBlankLineIsPassedThrough() {
        let message = Array("""
        Subject: s\r
        Content-Type: multipart/mixed; boundary=o\r
        \r
        --o\r
        Content-Type: application/octet-stream\r
        not a field, the body starts here\r
        \(String(repeating: "z", count: 9000))\r
        --o\r
        Content-Type: application/octet-stream\r
        junk line\r
        X-Later: field\r
        \r
        \(String(repeating: "w", count: 9000))\r
        --o--\r

        """.utf8)
        let skeletons = Self.check(message, "no separator")
        #expect(skeletons[.reduceAll]?.streamedBodies.keys.sorted() == ["2"])
    }

    /// Fails as the whole message fails, after a body was left out before the failure, so
    /// that `MessageSkeleton.parse()` must map the offset back to the raw message.
    static func checkFailure(_ message: [UInt8], _ label: String, limits: MIMELimits, kind: MIMEError.Kind,
                             sourceLocation: SourceLocation = #_sourceLocation) {
        do throws(MIMEError) {
            _ = try MIMEParser(limits: limits).parse(message)
            Issue.record("\(label): the whole message parsed", sourceLocation: sourceLocation)
        } catch {
            #expect(error.kind == kind, "\(label): \(error)", sourceLocation: sourceLocation)
        }
        let skeletons = check(message, label, limits: limits, sourceLocation: sourceLocation)
        #expect(skeletons[.reduceAll]?.leftOut.isEmpty == false, "\(label): nothing left out", sourceLocation: sourceLocation)
    }

    @Test func limitsArePassedThroughWithTheSameError() {
        let big = Self.base64(Self.pdf(100_000, seed: 41))
        func part(_ i: Int) -> String {
            "--o\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n\(i == 0 ? big : "AAAA")\r\n"
        }
        let many = Array(("Content-Type: multipart/mixed; boundary=o\r\n\r\n" + (0..<12).map(part).joined() + "--o--\r\n").utf8)
        Self.checkFailure(many, "too many parts", limits: MIMELimits(maxParts: 8), kind: .tooManyParts)

        var nested = "Content-Type: multipart/mixed; boundary=o\r\n\r\n" + part(0) + "--o\r\n"
        for level in 0..<6 {
            nested += "Content-Type: multipart/mixed; boundary=l\(level)\r\n\r\n--l\(level)\r\n"
        }
        nested += "Content-Type: text/plain\r\n\r\ndeep\r\n"
        Self.checkFailure(Array(nested.utf8), "too deep", limits: MIMELimits(maxDepth: 4), kind: .tooDeep)

        let headers = "--o\r\n" + (0..<40).map { "X-Field-\($0): value\r\n" }.joined() + "\r\nbody\r\n"
        let wide = Array(("Content-Type: multipart/mixed; boundary=o\r\n\r\n" + part(0) + headers + "--o--\r\n").utf8)
        Self.checkFailure(wide, "too many fields", limits: MIMELimits(maxHeaderFields: 30), kind: .tooManyHeaderFields)
        Self.checkFailure(wide, "header too large", limits: MIMELimits(maxHeaderBytes: 600), kind: .headerTooLarge)

        // A header section that never ends, passed through to the end of the part.
        let endless = "--o\r\n" + (0..<40).map { "X-Field-\($0): value\r\n" }.joined()
        let open = Array(("Content-Type: multipart/mixed; boundary=o\r\n\r\n" + part(0) + endless + "--o--\r\n").utf8)
        Self.checkFailure(open, "endless header", limits: MIMELimits(maxHeaderBytes: 600), kind: .headerTooLarge)

        // Failing inside an encoded container (offsets in the decoded body), and inside a
        // multipart without a boundary (offsets in the message), after a left-out body.
        let innerMany = "Content-Type: multipart/mixed; boundary=i\r\n\r\n" + (0..<10).map { "--i\r\n\r\nx\($0)\r\n" }.joined()
        // Padded so that the decoded offset lies past the left-out body's place in the skeleton.
        let encoded = Array(("Content-Type: multipart/mixed; boundary=o\r\n\r\n" + part(0)
            + "--o\r\nContent-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Self.base64(Array(("X-Pad: " + String(repeating: "p", count: 3000) + "\r\n" + innerMany).utf8))
            + "\r\n--o--\r\n").utf8)
        Self.checkFailure(encoded, "encoded container too many parts", limits: MIMELimits(maxParts: 8), kind: .tooManyParts)
        let guessed = Array(("Content-Type: multipart/mixed; boundary=o\r\n\r\n" + part(0)
            + "--o\r\nContent-Type: multipart/mixed\r\n\r\n" + innerMany.dropFirst(45).replacingOccurrences(of: "--i", with: "--guessed1")
            + "\r\n--o--\r\n").utf8)
        Self.checkFailure(guessed, "guessed boundary too many parts", limits: MIMELimits(maxParts: 8), kind: .tooManyParts)

        let top = Array("Subject: x\r\nContent-Type: text/plain\r\n\r\nbody\r\n".utf8)
        Self.checkFailure(top, "message too large", limits: MIMELimits(maxMessageBytes: 20), kind: .messageTooLarge)
    }

    /// Line breaks of CR CR LF: before an outer delimiter the inner parts see one CR less,
    /// so "--inner--\r" closes the inner multipart there and nowhere else.
    @Test func carriageReturnsBeforeDelimiters() {
        let big = Self.base64(Self.pdf(20_000, seed: 43))
        let variants = [
            "--inner--\r\r\n--outer--\r\n",
            "--inner\r\r\n--outer--\r\n",
            "--inner\r\r\n--inner--\r\r\n--outer\r\n\r\ntail\r\n--outer--\r\n",
            "--inner--\r\r\n--inner\r\r\n--outer--\r\n",
            "--outer\r\r\n--inner--\r\n--outer--\r\n",
            "\r\r\n--inner--\r\n--outer--\r\n",
            "--inner--\r\r\n",
            "--inner\r\r\n",
        ]
        for (index, tail) in variants.enumerated() {
            let message = Array(("""
            Content-Type: multipart/mixed; boundary=outer\r
            \r
            --outer\r
            Content-Type: multipart/mixed; boundary=inner\r
            \r
            --inner\r
            Content-Type: application/octet-stream\r
            Content-Transfer-Encoding: base64\r
            \r
            \(big)\r

            """ + tail).utf8)
            _ = Self.check(message, "CR CR LF \(index)")
        }
    }

    // MARK: - Robustness

    /// Structured noise: lines drawn from what changes the structure (boundaries, header
    /// fields, blank lines, odd line breaks) and body text, fed in random chunks.
    @Test func randomMessagesMatchTheParser() {
        var rng = SplitMix64(seed: 0xC0FFEE)
        let pieces: [String] = [
            "Content-Type: multipart/mixed; boundary=a", "Content-Type: multipart/alternative; boundary=b",
            "Content-Type: multipart/digest; boundary=c", "Content-Type: message/rfc822",
            "Content-Type: multipart/mixed", "Content-Type: text/plain", "Content-Type: application/pdf; name=x.pdf",
            "Content-Type: bad", "Content-Transfer-Encoding: base64", "Content-Transfer-Encoding: quoted-printable",
            "Content-Transfer-Encoding: x-uue", "Content-Disposition: attachment; filename=f.bin",
            "--a", "--a--", "--b", "--b--", "--c", "--c--", "--a  ", "--b--\t", "", "", "", "",
            "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=", "SGVsbG8gd29ybGQ", "=41=42= =\t", "soft=", "plain body text",
            "not a field", " folded", "X-Field: v", "From x", "--", "----a",
        ]
        let breaks = ["\r\n", "\r\n", "\r\n", "\n", "\r\r\n", "\r"]
        for round in 0..<400 {
            var text = ""
            let count = rng.next(upTo: 60) + 1
            for _ in 0..<count {
                text += pieces[rng.next(upTo: pieces.count)]
                text += breaks[rng.next(upTo: breaks.count)]
            }
            if rng.next(upTo: 2) == 0 { text.removeLast() }
            let message = Array(text.utf8)
            for policy in Policy.allCases {
                let cuts = (0..<rng.next(upTo: 8)).map { _ in rng.next(upTo: message.count + 1) }
                let keep = [0, 1, 10][rng.next(upTo: 3)]
                let skeleton = Self.skeleton(of: message, cuts: cuts, policy: policy, keepAtMost: keep)
                Self.expectSameTree(message, skeleton, "round \(round) \(policy)")
            }
        }
    }

    /// Random nested messages: multiparts (mixed, digest, reused or padded boundaries,
    /// missing ones), message/rfc822 (plain and encoded), leaves in every encoding, junk
    /// and folded header lines, stray delimiters, missing close-delimiters, mixed line
    /// breaks with CR CR LF, and truncation.
    @Test func randomNestedMessagesMatchTheParser() {
        var rng = SplitMix64(seed: 2027)
        var streamed = 0
        var nested = 0
        for round in 0..<1500 {
            var generator = MessageGenerator(rng: rng)
            var lines = generator.part(depth: 0, boundaries: [], inDigest: false)
            rng = generator.rng
            if rng.next(upTo: 8) == 0, !lines.isEmpty { lines.removeLast(rng.next(upTo: min(lines.count, 5))) }
            let usual = ["\r\n", "\n"][rng.next(upTo: 2)]
            var message: [UInt8] = []
            for line in lines {
                message += Array(line.utf8)
                let odd = rng.next(upTo: 30)
                message += Array((odd == 0 ? "\r\r\n" : odd == 1 ? "\n" : usual).utf8)
            }
            if rng.next(upTo: 6) == 0, !message.isEmpty { message.removeLast(rng.next(upTo: min(message.count, 40))) }
            if let parsed = try? MIMEParser().parse(message), parsed.root.allParts.contains(where: { $0.depth >= 2 }) {
                nested += 1
            }
            for policy in Policy.allCases {
                let cuts = (0..<rng.next(upTo: 6)).map { _ in rng.next(upTo: message.count + 1) }
                let keep = [0, 1, 10, 60][rng.next(upTo: 4)]
                let skeleton = Self.skeleton(of: message, cuts: cuts, policy: policy, keepAtMost: keep)
                streamed += skeleton.streamedBodies.count
                Self.expectSameTree(message, skeleton, "nested \(round) \(policy)")
            }
        }
        // The generator must exercise what it is for.
        #expect(nested > 300, "\(nested) nested messages")
        #expect(streamed > 700, "\(streamed) streamed bodies")
    }

    /// Random bytes must never trap, and still give what the parser gives.
    @Test func randomBytesNeverTrap() {
        var rng = SplitMix64(seed: 42)
        let alphabet = Array("-\r\n\r\n:= \tab".utf8) + [0, 0xFF]
        for round in 0..<300 {
            let length = rng.next(upTo: 400)
            let message = (0..<length).map { _ in
                rng.next(upTo: 3) == 0 ? UInt8(truncatingIfNeeded: rng.next(upTo: 256)) : alphabet[rng.next(upTo: alphabet.count)]
            }
            let cuts = (0..<rng.next(upTo: 10)).map { _ in rng.next(upTo: length + 1) }
            for policy in Policy.allCases {
                let skeleton = Self.skeleton(of: message, cuts: cuts, policy: policy)
                Self.expectSameTree(message, skeleton, "bytes \(round) \(policy)")
            }
        }
    }

    // MARK: - Streaming base64

    @Test func streamingBase64MatchesOneShot() {
        var rng = SplitMix64(seed: 99)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        let noise = Array("=\r\n \t*!-".utf8) + [0, 0x80, 0xFF]
        for round in 0..<2000 {
            let length = rng.next(upTo: round < 1500 ? 64 : 5000)
            let input: [UInt8] = (0..<length).map { _ in
                rng.next(upTo: 6) == 0 ? noise[rng.next(upTo: noise.count)] : alphabet[rng.next(upTo: alphabet.count)]
            }
            let expected = Base64Codec.decode(input)
            var cuts = (0..<rng.next(upTo: 12)).map { _ in rng.next(upTo: length + 1) }.sorted()
            cuts.append(length)
            var decoder = Base64Codec.Decoder()
            var output: [UInt8] = []
            let chunkSize = [16, 17, 64, 1 << 16][rng.next(upTo: 4)]
            input.withUnsafeBufferPointer { b in
                var start = 0
                for cut in cuts {
                    decoder.decode(UnsafeBufferPointer(rebasing: b[start..<cut]), chunkSize: chunkSize) {
                        #expect($0.count <= chunkSize)
                        output.append(contentsOf: $0)
                    }
                    start = cut
                }
            }
            decoder.finish { output.append(contentsOf: $0) }
            #expect(output == expected, "round \(round)")
        }
        // Every split point of a padded input.
        let padded = Array("QUJD\r\nREVG\r\nRw==SGk=\r\nSA".utf8)
        let expected = Base64Codec.decode(padded)
        for a in 0...padded.count {
            for b in a...padded.count {
                var decoder = Base64Codec.Decoder()
                var output: [UInt8] = []
                padded.withUnsafeBufferPointer { p in
                    for range in [0..<a, a..<b, b..<padded.count] {
                        decoder.decode(UnsafeBufferPointer(rebasing: p[range])) { output.append(contentsOf: $0) }
                    }
                }
                decoder.finish { output.append(contentsOf: $0) }
                #expect(output == expected, "cuts \(a) \(b)")
            }
        }
    }

    @Test func quotedPrintableCutsDecodeAsTheWhole() {
        var rng = SplitMix64(seed: 7)
        let alphabet = Array("=AF0a9 \t\r\nxyz".utf8)
        for round in 0..<3000 {
            let input = (0..<rng.next(upTo: 40)).map { _ in alphabet[rng.next(upTo: alphabet.count)] }
            let cut = BodyStream.quotedPrintableCut(input)
            let whole = QuotedPrintable.decode(input)
            let parts = QuotedPrintable.decode(input[0..<cut]) + QuotedPrintable.decode(input[cut...])
            #expect(parts == whole, "round \(round): \(input)")
        }
    }
}

/// Builds random MIME structure as lines (without line breaks).
struct MessageGenerator {
    var rng: SplitMix64
    static let names = ["a", "b", "c", "=_x", "a--", "b b"]

    mutating func pick<T>(_ options: [T]) -> T { options[rng.next(upTo: options.count)] }
    mutating func chance(_ oneIn: Int) -> Bool { rng.next(upTo: oneIn) == 0 }

    mutating func bodyLines(_ encoding: String, boundaries: [String]) -> [String] {
        var lines: [String] = []
        for _ in 0..<rng.next(upTo: 7) {
            if chance(12), let boundary = boundaries.randomElement(using: &rng) {
                lines.append(pick(["--\(boundary)", "--\(boundary)--", "--\(boundary) ", "--\(boundary)x", "-\(boundary)"]))
                continue
            }
            switch encoding {
            case "base64": lines.append(pick(["QUJDREVGR0hJSktM", "SGVsbG8=", "U28g bG9uZw==", "YQ", "!!*", "", "TWFu"]))
            case "quoted-printable": lines.append(pick(["caf=C3=A9 =", "soft=", "a = b", "trail  ", "=41=4", ""]))
            default: lines.append(pick(["plain text", "", "line two", "--", "From me", " indented"]))
            }
        }
        return lines
    }

    mutating func part(depth: Int, boundaries: [String], inDigest: Bool) -> [String] {
        // Header fields, each with its folded lines, shuffled as whole fields.
        var fields: [[String]] = []
        var body: [String] = []
        // The root is mostly a container; deep down, mostly leaves.
        let kind = depth == 0 ? pick([3, 4, 5, 6, 0]) : depth > 3 ? rng.next(upTo: 3) : rng.next(upTo: 7)
        if chance(6) { fields.append(["X-Note: \(depth)"]) }
        if chance(15) { fields.append(["junk header line"]) }
        switch kind {
        case 0, 1, 2:
            let encoding = pick(["base64", "quoted-printable", "8bit", "7bit", "x-other"])
            if !(inDigest && chance(2)) {
                fields.append([pick(["Content-Type: application/pdf; name=\"f.pdf\"", "Content-Type: text/plain",
                                     "Content-Type: image/png", "Content-Type: bogus"])])
            }
            if chance(3) { fields.append(["Content-Disposition: attachment;", "\tfilename=\"a.bin\""]) }
            fields.append(["Content-Transfer-Encoding: \(encoding)"])
            body = bodyLines(encoding, boundaries: boundaries)
        case 3, 4, 5:
            let boundary = chance(5) && !boundaries.isEmpty ? boundaries.randomElement(using: &rng)! : pick(Self.names)
            let subtype = pick(["mixed", "alternative", "digest", "related"])
            switch rng.next(upTo: 12) {
            case 0: fields.append(["Content-Type: multipart/\(subtype)"])
            case 1: fields.append(["Content-Type: multipart/\(subtype); boundary=\"\(boundary)  \""])
            case 2:
                fields.append(["Content-Type: multipart/\(subtype); boundary=\"\(boundary)\""])
                fields.append(["Content-Transfer-Encoding: base64"])
            default: fields.append(["Content-Type: multipart/\(subtype);", " boundary=\"\(boundary)\""])
            }
            let inner = boundaries + [boundary]
            if chance(2) { body.append("preamble") }
            for _ in 0..<rng.next(upTo: 4) {
                body.append(pick(["--\(boundary)", "--\(boundary)", "--\(boundary) \t"]))
                body += part(depth: depth + 1, boundaries: inner, inDigest: subtype == "digest")
            }
            if !chance(5) { body.append(pick(["--\(boundary)--", "--\(boundary)-- "])) }
            if chance(3) { body += bodyLines("7bit", boundaries: boundaries) }
        default:
            if !inDigest || chance(2) { fields.append([pick(["Content-Type: message/rfc822", "Content-Type: message/global"])]) }
            if chance(6) { fields.append(["Content-Transfer-Encoding: quoted-printable"]) }
            if !chance(8) { body = part(depth: depth + 1, boundaries: boundaries, inDigest: false) }
        }
        fields.shuffle(using: &rng)
        let headers = fields.flatMap { $0 }
        if chance(20) { return headers + body }
        return headers + [""] + body
    }
}

extension SplitMix64 {
    /// 0..<bound (0 when bound is 0).
    fileprivate mutating func next(upTo bound: Int) -> Int {
        bound <= 0 ? 0 : Int(next() % UInt64(bound))
    }
}
