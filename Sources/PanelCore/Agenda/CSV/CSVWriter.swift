/// Writes comma-separated values as RFC 4180 describes, for spreadsheets.
///
/// - Records end in CRLF, the last one too.
/// - A field holding a comma, a double quote, CR or LF is enclosed in double quotes, its
///   quotes doubled. Line breaks inside a field become LF, which Excel shows as a line
///   break within the cell.
/// - Formula injection (OWASP "CSV Injection"): a field starting with `=`, `+`, `-`, `@`,
///   tab or CR gets a leading apostrophe, so a spreadsheet shows it as text instead of
///   running it. A worker's free text can then never become a formula on a panel
///   member's machine.
/// - The UTF-8 byte order mark goes first: without it Excel reads a CSV in the machine's
///   ANSI code page and shows "£" as "Â£"; with it Excel, LibreOffice and Google Sheets
///   all read UTF-8.
public enum CSVWriter {
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
    private static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// One field, protected and quoted as needed.
    static func field(_ value: String) -> String {
        var text = value
        if let first = text.first, formulaStarts.contains(first) || first == "\r\n" { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else { return text }
        let body = text.replacingCRLF().replacing("\"", with: "\"\"")
        return "\"" + body + "\""
    }

    /// One record, ended with CRLF.
    static func record(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\r\n" }

    /// A whole file: the byte order mark, then each record.
    public static func document(_ records: [[String]]) -> [UInt8] { byteOrderMark + Array(records.map(record).joined().utf8) }
}

extension String {
    /// CRLF and lone CR as LF. (Swift treats "\r\n" as one Character.)
    fileprivate func replacingCRLF() -> String {
        var out = ""
        for character in self {
            switch character {
            case "\r\n", "\r": out.append("\n")
            default: out.append(character)
            }
        }
        return out
    }
}
