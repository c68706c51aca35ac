import Testing

@testable import MailTransport

@Suite("Modified UTF-7 mailbox names (RFC 3501 5.1.3)")
struct ModifiedUTF7Tests {
    @Test(arguments: [
        ("INBOX", "INBOX"),
        ("Needs attention", "Needs attention"),
        ("Entwürfe", "Entw&APw-rfe"),
        ("Tom & Jerry", "Tom &- Jerry"),
        ("~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-"),
        ("Ärger ✓", "&AMQ-rger &JxM-"),
        ("😀", "&2D3eAA-"),
    ])
    func roundTrip(readable: String, encoded: String) {
        #expect(ModifiedUTF7.encode(readable) == encoded)
        #expect(ModifiedUTF7.decode(encoded) == readable)
    }

    @Test(arguments: ["&", "&Jjo", "&AGE-", "&@@@-", "a\u{7}b", "&2D0-"])
    func rejectsInvalid(encoded: String) {
        // Unterminated, ASCII encoded in base64, bad base64, control character, lone surrogate.
        #expect(ModifiedUTF7.decode(encoded) == nil)
    }

    @Test func quotesMailboxArguments() {
        #expect(IMAPSyntax.mailbox("Needs attention") == "\"Needs attention\"")
        #expect(IMAPSyntax.mailbox("a\"b\\c") == "\"a\\\"b\\\\c\"")
        #expect(IMAPSyntax.mailbox("inbox") == "\"INBOX\"")
        #expect(IMAPSyntax.mailbox("Entwürfe") == "\"Entw&APw-rfe\"")
        #expect(IMAPSyntax.mailbox("bad\r\nA1 LOGOUT") == nil)
        #expect(IMAPSyntax.mailbox("") == nil)
    }
}
