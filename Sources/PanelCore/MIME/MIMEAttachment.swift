/// A file carried in a message: what intake records about it. The bytes stay in the
/// raw message; `MIMEMessage.decodedBody(of:)` gets them.
public struct MIMEAttachment: Sendable, Hashable {
    /// A safe display name: the filename without directories or control characters,
    /// or "attachment-<path>" with an extension for the type when there is none.
    public let name: String
    /// The filename as the sender gave it (decoded), if any.
    public let filename: String?
    /// "type/subtype", lower-case.
    public let contentType: String
    /// Decoded size in octets.
    public let size: Int
    /// Lower-case hex SHA-256 of the decoded bytes.
    public let sha256: String
    /// IMAP part path ("2", "1.2").
    public let partPath: String
    /// Shown inside the text (Content-Disposition inline or referenced by Content-ID),
    /// like a pasted picture or a signature logo, rather than attached.
    public let isInline: Bool
    public let contentID: String?

    public init(part: MIMEPart) {
        let digest = part.decodedDigest()
        self.size = digest.size
        self.sha256 = digest.sha256
        self.filename = part.filename
        self.contentType = part.contentType.mimeType
        self.partPath = part.path
        self.contentID = part.contentID
        if let disposition = part.disposition {
            self.isInline = disposition.isInline
        } else {
            self.isInline = part.contentID != nil
        }
        self.name = Self.safeName(part.filename, path: part.path, type: part.contentType)
    }

    static func safeName(_ filename: String?, path: String, type: ContentType) -> String {
        if let filename {
            var base = Substring(filename)
            if let slash = base.lastIndex(where: { $0 == "/" || $0 == "\\" }) {
                base = base[base.index(after: slash)...]
            }
            let cleaned = String(base.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
                .trimmingCharacters(in: .whitespaces)
            if !cleaned.isEmpty, cleaned != ".", cleaned != ".." { return cleaned }
        }
        let stem = "attachment-" + (path.isEmpty ? "1" : path)
        return stem + (extensions[type.mimeType].map { "." + $0 } ?? "")
    }

    static let extensions: [String: String] = [
        "application/pdf": "pdf",
        "application/msword": "doc",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
        "application/vnd.ms-excel": "xls",
        "application/zip": "zip",
        "image/png": "png",
        "image/jpeg": "jpg",
        "image/gif": "gif",
        "text/plain": "txt",
        "text/html": "html",
        "text/calendar": "ics",
        "message/rfc822": "eml",
    ]
}

import Foundation
