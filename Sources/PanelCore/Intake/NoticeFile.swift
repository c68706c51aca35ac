/// A file a request came with, as an email panelmail sends lists it: attached when it
/// fits, otherwise named with the reason it is not.
public struct NoticeFile: Sendable, Equatable {
    public var name: String
    public var contentType: String
    public var size: Int
    /// The decoded bytes; nil when the file is listed only.
    public var bytes: [UInt8]?
    /// Why a listed file is not attached.
    public var note: String?

    public init(name: String, contentType: String, size: Int, bytes: [UInt8]?, note: String?) {
        self.name = name
        self.contentType = contentType
        self.size = size
        self.bytes = bytes
        self.note = note
    }

    public var attachment: OutgoingAttachment? {
        bytes.map { OutgoingAttachment(filename: name, contentType: contentType, bytes: $0) }
    }
}

/// Chooses which of a request's files travel with an email about it. Pure.
public enum NoticeFiles {
    /// The default for the most file bytes copied into one email: 10 MiB, which base64
    /// turns into about 14 MB, inside the 25 MB most mail servers accept.
    public static let defaultLimit = 10 * 1_048_576

    /// The files of a request's messages (oldest first), each once by content, attached
    /// in order while their total stays within `limit`; a file that does not fit is
    /// listed with the reason and later, smaller ones may still go. Pictures shown inside
    /// the text (a signature logo, referenced by Content-ID) are not files of the request.
    public static func gather(_ messages: [MIMEMessage], limit: Int) -> [NoticeFile] {
        var gatherer = Gatherer(limit: limit)
        for message in messages {
            // A message read whole has every body: nothing was left out.
            gatherer.add(message) { part, _ in part.decodedBody() }
        }
        return gatherer.files
    }

    /// `gather`, a message at a time, so that each message can be let go before the next
    /// is read.
    public struct Gatherer: Sendable {
        public let limit: Int
        public private(set) var files: [NoticeFile] = []
        private var seen: Set<String> = []
        private var total = 0

        public init(limit: Int) { self.limit = limit }

        /// File bytes that may still be attached.
        public var room: Int { max(0, limit - total) }

        /// Adds a message's files. A file that fits but was left out of the message as it
        /// was read (a skeleton's streamed body, see `MessageSkeletonBuilder`) is asked of
        /// `leftOut`, which reads it back decoded. If that throws, nothing is added.
        public mutating func add(_ message: MIMEMessage, leftOut: (MIMEPart, StreamedBody) throws -> [UInt8]) rethrows {
            var seen = self.seen
            var total = self.total
            var added: [NoticeFile] = []
            for part in BodyText.attachmentParts(of: message.root) {
                let summary = MIMEAttachment(part: part)
                if summary.contentID != nil, summary.contentType.hasPrefix("image/") { continue }
                guard seen.insert(summary.sha256).inserted else { continue }
                if total + summary.size <= limit {
                    let bytes = try part.streamedBody.map { try leftOut(part, $0) } ?? part.decodedBody()
                    total += summary.size
                    added.append(NoticeFile(name: summary.name, contentType: summary.contentType, size: summary.size,
                                            bytes: bytes, note: nil))
                } else {
                    added.append(NoticeFile(name: summary.name, contentType: summary.contentType, size: summary.size, bytes: nil,
                                            note: "not attached: with it this email would pass \(ByteSize(limit)) of files; it is in the worker's email in the panel mailbox"))
                }
            }
            self.seen = seen
            self.total = total
            files += added
        }
    }
}
