/// Checks envelope addresses before they reach libcurl, which (before 8.22) copies CR and LF
/// into the MAIL FROM and RCPT TO lines: an address from a mail header could otherwise inject
/// SMTP commands.
public enum EnvelopeAddress {
    /// RFC 5321 4.5.3.1.3: a path is at most 256 octets including the angle brackets.
    static let maximumLength = 254

    /// Nil when `address` may be used as an envelope address, otherwise the reason it may not.
    /// The empty string is the null reverse-path (`MAIL FROM:<>`), allowed only as a sender.
    public static func problem(with address: String, isSender: Bool) -> String? {
        if address.isEmpty { return isSender ? nil : "it is empty" }
        if address.utf8.count > maximumLength { return "it is longer than \(maximumLength) bytes" }
        for scalar in address.unicodeScalars {
            if scalar.value < 0x21 || scalar.value == 0x7F { return "it contains a space, line break or control character" }
            if scalar == "<" || scalar == ">" { return "it contains < or >" }
            if scalar == "," || scalar == ";" { return "it holds more than one address" }
        }
        guard let at = address.lastIndex(of: "@") else { return "it has no @domain" }
        if at == address.startIndex { return "the part before @ is empty" }
        let domain = address[address.index(after: at)...]
        if domain.isEmpty { return "the domain after @ is empty" }
        if domain.hasPrefix(".") || domain.hasSuffix(".") || domain.contains("..") { return "the domain is malformed" }
        return nil
    }
}
