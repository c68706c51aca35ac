/// The text of a Word (.docx) form, as lines the form reader understands: paragraphs
/// as lines, table rows as "Label: value" (see `WordprocessingScanner`).
///
/// Damage is an error that says what was wrong, never a trap or a hang: not a zip
/// (or an old .doc), no word/document.xml, a truncated or corrupt archive, a
/// document larger than `limit` once decompressed (a zip bomb is stopped as soon as
/// it passes the limit).
public enum DocxText {
    /// 20 MB: a panel form is a few tens of kilobytes of XML; pictures are separate parts.
    public static let defaultLimit = 20_000_000

    public static func lines(fromDocx bytes: [UInt8], limit: Int = defaultLimit) throws(DocxError) -> [String] {
        let zip = try ZipDirectory(bytes)
        guard let entry = zip.entry(named: "word/document.xml") else { throw DocxError(.noDocument) }
        let xml = try zip.contents(of: entry, limit: limit)
        return try WordprocessingScanner.lines(fromXML: xml)
    }

    /// The lines joined with "\n".
    public static func text(fromDocx bytes: [UInt8], limit: Int = defaultLimit) throws(DocxError) -> String {
        try lines(fromDocx: bytes, limit: limit).joined(separator: "\n")
    }
}
