import Foundation
import Testing

@testable import MailTransport

/// Lines as Dovecot 2.3 sends them (captured from the dev stack), plus RFC examples.
@Suite("IMAP response parser")
struct IMAPResponseParserTests {
    @Test func fetchListingLine() throws {
        let response = try IMAPResponseParser.parse(
            #"* 12 FETCH (UID 40 FLAGS (\Seen $Panelmail \Answered) INTERNALDATE "23-Nov-2026 17:56:45 +0000" RFC822.SIZE 5242880)"#)
        guard case .fetch(let sequence, let attributes) = response else {
            Issue.record("not a FETCH: \(response)")
            return
        }
        #expect(sequence == 12)
        #expect(attributes.uid == 40)
        #expect(attributes.flags == ["\\Seen", "$Panelmail", "\\Answered"])
        #expect(attributes.internalDate == Date(timeIntervalSince1970: 1_795_456_605))
        #expect(attributes.size == 5_242_880)
        #expect(attributes.body == nil)
    }

    @Test func fetchWithLiteralBodyAndOtherItems() throws {
        let body = Array("Subject: x\r\n\r\n) A1 OK not the end\r\n".utf8)
        let response = try IMAPResponseParser.parse(
            "* 3 FETCH (UID 7 MODSEQ (12) BODY[] {\(body.count)} FLAGS ())", literals: [body])
        guard case .fetch(_, let attributes) = response else {
            Issue.record("not a FETCH")
            return
        }
        #expect(attributes.uid == 7)
        #expect(attributes.body == body)
        #expect(attributes.flags == [])
    }

    @Test func fetchWithSectionNamesAndNil() throws {
        let response = try IMAPResponseParser.parse(
            #"* 1 FETCH (BODY[HEADER.FIELDS (FROM TO)]<0> "From: a" BODY[] NIL UID 9 X-GM-LABELS ("\\Inbox" foo))"#)
        guard case .fetch(_, let attributes) = response else {
            Issue.record("not a FETCH")
            return
        }
        #expect(attributes.uid == 9)
        #expect(attributes.body == nil)
        #expect(attributes.bodyWasNil)
    }

    @Test func unsolicitedFlagUpdateHasNoUID() throws {
        let response = try IMAPResponseParser.parse(#"* 5 FETCH (FLAGS (\Seen \Recent))"#)
        #expect(response == .fetch(sequence: 5, IMAPFetchAttributes(flags: ["\\Seen", "\\Recent"])))
    }

    @Test func selectResponses() throws {
        #expect(try IMAPResponseParser.parse("* 2 EXISTS") == .exists(2))
        #expect(try IMAPResponseParser.parse("* 0 RECENT") == .recent(0))
        #expect(try IMAPResponseParser.parse("* 44 EXPUNGE") == .expunge(44))
        #expect(try IMAPResponseParser.parse(#"* FLAGS (\Answered \Flagged \Deleted \Seen \Draft)"#)
            == .flags(["\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft"]))
        guard case .condition(let validity) = try IMAPResponseParser.parse("* OK [UIDVALIDITY 1795456605] UIDs valid") else {
            Issue.record("not a condition")
            return
        }
        #expect(validity.code == .uidValidity(1_795_456_605))
        #expect(validity.text == "UIDs valid")
        guard case .condition(let next) = try IMAPResponseParser.parse("* OK [UIDNEXT 3] Predicted next UID") else { return }
        #expect(next.code == .uidNext(3))
        guard case .condition(let permanent) = try IMAPResponseParser.parse(
            #"* OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted."#)
        else { return }
        #expect(permanent.code == .permanentFlags(["\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft", "\\*"]))
    }

    @Test func taggedCompletions() throws {
        guard case .tagged(let tag, let ok) = try IMAPResponseParser.parse("P3 OK [READ-WRITE] Select completed (0.001 + 0.000 secs).") else {
            Issue.record("not tagged")
            return
        }
        #expect(tag == "P3")
        #expect(ok.status == .ok)
        #expect(ok.code == .readWrite)

        guard case .tagged(_, let no) = try IMAPResponseParser.parse("A002 NO [AUTHENTICATIONFAILED] Authentication failed.") else { return }
        #expect(no.status == .no)
        #expect(no.code == .authenticationFailed)
        #expect(no.line == "A002 NO [AUTHENTICATIONFAILED] Authentication failed.")

        guard case .tagged(_, let tryCreate) = try IMAPResponseParser.parse("P9 NO [TRYCREATE] Mailbox doesn't exist: Nope") else { return }
        #expect(tryCreate.code == .tryCreate)

        guard case .tagged(_, let bad) = try IMAPResponseParser.parse("P1 BAD Error in IMAP command UID: Invalid arguments.") else { return }
        #expect(bad.status == .bad)
        #expect(bad.code == nil)
    }

    @Test func uidplusCodes() throws {
        guard case .condition(let moved) = try IMAPResponseParser.parse("* OK [COPYUID 1795456605 1:3,7 10:12,13] Moved UIDs.") else {
            Issue.record("not a condition")
            return
        }
        #expect(moved.code == .copyUID(uidValidity: 1_795_456_605, source: [1, 2, 3, 7], destination: [10, 11, 12, 13]))
        guard case .tagged(_, let appended) = try IMAPResponseParser.parse(
            "P4 OK [APPENDUID 1795456605 1] Append completed (0.006 + 0.001 + 0.002 secs).")
        else { return }
        #expect(appended.code == .appendUID(uidValidity: 1_795_456_605, uid: 1))
    }

    @Test func capabilityLines() throws {
        let response = try IMAPResponseParser.parse(
            "* CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT UIDPLUS MOVE LITERAL+ move")
        guard case .capability(let set) = response else {
            Issue.record("not CAPABILITY")
            return
        }
        #expect(set.contains("MOVE"))
        #expect(set.contains("UIDPLUS"))
        #expect(set.contains("LITERAL+"))
        guard case .condition(let greeting) = try IMAPResponseParser.parse(
            "* OK [CAPABILITY IMAP4rev1 SASL-IR STARTTLS AUTH=PLAIN] Dovecot (Debian) ready.")
        else { return }
        #expect(greeting.code == .capability(["IMAP4REV1", "SASL-IR", "STARTTLS", "AUTH=PLAIN"]))
    }

    @Test func listLines() throws {
        #expect(
            try IMAPResponseParser.parse(#"* LIST (\HasNoChildren) "/" "Needs attention""#)
                == .list(IMAPListEntry(attributes: ["\\hasnochildren"], delimiter: "/", encodedName: "Needs attention", name: "Needs attention")))
        guard case .list(let inbox) = try IMAPResponseParser.parse(#"* LIST (\HasChildren \Noselect) "." inbox"#) else { return }
        #expect(inbox.name == "INBOX")
        #expect(!inbox.isSelectable)
        guard case .list(let utf7) = try IMAPResponseParser.parse(#"* LIST () NIL "Entw&APw-rfe""#) else { return }
        #expect(utf7.name == "Entwürfe")
        #expect(utf7.delimiter == nil)
        guard case .list(let literal) = try IMAPResponseParser.parse(#"* LIST () "/" {7}"#, literals: [Array("a \"b\" c".utf8)]) else { return }
        #expect(literal.name == "a \"b\" c")
        guard case .list(let extended) = try IMAPResponseParser.parse(#"* LIST (\Subscribed) "/" "Sent" ("CHILDINFO" ("SUBSCRIBED"))"#) else { return }
        #expect(extended.name == "Sent")
    }

    @Test func statusAndSearch() throws {
        #expect(
            try IMAPResponseParser.parse("* STATUS INBOX (MESSAGES 2 UIDNEXT 3 UIDVALIDITY 1795456605)")
                == .mailboxStatus(mailbox: "INBOX", values: ["MESSAGES": 2, "UIDNEXT": 3, "UIDVALIDITY": 1_795_456_605]))
        #expect(
            try IMAPResponseParser.parse(#"* STATUS "Needs attention" (MESSAGES 0)"#)
                == .mailboxStatus(mailbox: "Needs attention", values: ["MESSAGES": 0]))
        #expect(try IMAPResponseParser.parse("* SEARCH 2 84 882") == .search([2, 84, 882]))
        #expect(try IMAPResponseParser.parse("* SEARCH") == .search([]))
        #expect(try IMAPResponseParser.parse("* SEARCH 4 5 (MODSEQ 917162500)") == .search([4, 5]))
    }

    @Test func continuationByeAndOthers() throws {
        #expect(try IMAPResponseParser.parse("+ OK") == .continuation("OK"))
        #expect(try IMAPResponseParser.parse("+") == .continuation(""))
        guard case .condition(let bye) = try IMAPResponseParser.parse("* BYE Disconnected for inactivity.") else {
            Issue.record("not BYE")
            return
        }
        #expect(bye.status == .bye)
        #expect(try IMAPResponseParser.parse("* ENABLED CONDSTORE") == .other("* ENABLED CONDSTORE"))
        #expect(try IMAPResponseParser.parse("* 3 VANISHED 1:2") == .other("* 3 VANISHED 1:2"))
    }

    @Test(arguments: [
        "* 1 FETCH (UID 1",
        "* 1 FETCH (UID x)",
        #"* 1 FETCH (INTERNALDATE "yesterday")"#,
        "* 1 FETCH (BODY[] {5})",
        "* 99999999999 EXISTS",
        "P1 MAYBE done",
        "* OK [UIDVALIDITY abc] x",
        "* OK [COPYUID 1 1:2] x",
    ])
    func malformedLinesThrow(line: String) {
        #expect(throws: IMAPParseError.self) { try IMAPResponseParser.parse(line) }
    }

    @Test func literalMarkers() {
        #expect(IMAPConnection.trailingLiteralSize(Array("* 1 FETCH (BODY[] {5242880}".utf8)) == 5_242_880)
        #expect(IMAPConnection.trailingLiteralSize(Array("* LIST () \"/\" {8+}".utf8)) == 8)
        #expect(IMAPConnection.trailingLiteralSize(Array("* OK {not}".utf8)) == nil)
        #expect(IMAPConnection.trailingLiteralSize(Array("}".utf8)) == nil)
        #expect(IMAPConnection.trailingLiteralSize(Array("* 1 FETCH (X {99999999999999})".utf8)) == nil)
    }

    @Test func flagsAreValidatedAndCanonical() {
        #expect(IMAPSyntax.isStorableFlag("\\Seen"))
        #expect(IMAPSyntax.isStorableFlag("\\seen"))
        #expect(IMAPSyntax.isStorableFlag("$Panelmail"))
        #expect(!IMAPSyntax.isStorableFlag("\\Recent"))
        #expect(!IMAPSyntax.isStorableFlag("\\Bogus"))
        #expect(!IMAPSyntax.isStorableFlag("two words"))
        #expect(!IMAPSyntax.isStorableFlag("x)"))
        #expect(!IMAPSyntax.isStorableFlag("a\r\nP1 LOGOUT"))
        #expect(!IMAPSyntax.isStorableFlag(""))
        #expect(IMAPSyntax.flagList(["$Panelmail", "\\seen"]) == "($Panelmail \\Seen)")
        #expect(IMAPSyntax.canonicalFlag("\\ANSWERED") == "\\Answered")
    }
}
