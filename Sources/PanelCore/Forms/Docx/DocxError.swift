/// Why a Word attachment could not be read. `description` says what was wrong and
/// what the worker can do; it never holds document content, so it may be logged
/// and sent to the worker alike.
public struct DocxError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Reason: Hashable, Sendable {
        /// Not a zip archive at all.
        case notAZipArchive
        /// An OLE compound file: an old .doc, or a password-protected .docx.
        case oldWordFormatOrEncrypted
        /// A zip whose entries are encrypted.
        case encrypted
        /// A zip without word/document.xml (another Office file, or not Office at all).
        case noDocument
        /// word/document.xml is larger than the limit once decompressed.
        case tooLarge
        /// Truncated or corrupt: a bad header, a bad checksum, a broken stream.
        case damaged
        /// A zip feature a Word document does not use (ZIP64, an unusual compression).
        case unsupported
    }

    public let reason: Reason
    /// A technical detail with no document content ("checksum mismatch").
    public let detail: String

    init(_ reason: Reason, _ detail: String = "") {
        self.reason = reason
        self.detail = detail
    }

    public var description: String {
        let fix = "Save the form again from Word as a .docx file, or paste the form into the email."
        let why = detail.isEmpty ? "" : " (\(detail))"
        switch reason {
        case .notAZipArchive:
            return "The attachment is not a Word .docx file: it is not a zip archive\(why). \(fix)"
        case .oldWordFormatOrEncrypted:
            return "The attachment is an old Word .doc file or a password-protected document, which cannot be read. Save it as a .docx file without a password, or paste the form into the email."
        case .encrypted:
            return "The .docx file is encrypted, so it cannot be read. Save it without a password, or paste the form into the email."
        case .noDocument:
            return "The attachment is a zip file but not a Word document: it has no word/document.xml. \(fix)"
        case .tooLarge:
            return "The Word document is too large to read\(why). Remove pictures or other large content from the form, or paste the form into the email."
        case .damaged:
            return "The .docx file is damaged\(why). \(fix)"
        case .unsupported:
            return "The .docx file uses a zip feature that cannot be read\(why). \(fix)"
        }
    }
}
