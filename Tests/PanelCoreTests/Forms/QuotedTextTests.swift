import Testing
@testable import PanelCore

@Suite("Quoted text")
struct QuotedTextTests {
    @Test(arguments: [
        // Outlook's header block.
        ("Cost: £5\n\nFrom: Resource Panel <p@council.test>\nSent: 01 September 2026 16:02\nTo: Jane\nSubject: RE: x\n\nCost: £9",
         "Cost: £5"),
        ("Cost: £5\r\n\r\nFrom: Panel\r\nDate: Tue, 1 Sep 2026\r\nSubject: x\r\n\r\nold", "Cost: £5"),
        // Outlook's rule before the header, and the older marker.
        ("Cost: £5\n________________________________\nFrom: Panel\nSent: Tuesday\nTo: Jane\n\nold", "Cost: £5"),
        ("Cost: £5\n\n-----Original Message-----\nFrom: Panel\nold", "Cost: £5"),
        ("Cost: £5\n\n---------- Forwarded message ---------\nFrom: Panel\nold", "Cost: £5"),
        ("Cost: £5\n\nBegin forwarded message:\n\nFrom: Panel\nold", "Cost: £5"),
        // Gmail and Apple Mail: the attribution and the ">" lines go.
        ("Cost: £5\n\nOn Thu, 3 Sep 2026 at 10:12, Panel <p@council.test> wrote:\n\n> Cost: £9\n> more", "Cost: £5"),
        ("Cost: £5\n\nOn 3 Sep 2026, at 10:12, Jane Smith <jane@council.test> wrote:\n\n> old", "Cost: £5"),
        // Wrapped over two lines.
        ("Cost: £5\n\nOn Thu, 3 Sep 2026 at 10:12, Resource Panel Mailbox <\np@council.test> wrote:\n> old", "Cost: £5"),
        // A reply written below the quote is kept.
        ("On Thu, 3 Sep 2026, Panel wrote:\n> What is the cost?\n\nCost: £5", "Cost: £5"),
        // Interleaved quoting.
        ("> Case ID?\nCase ID: 123\n> Cost?\nCost: £5", "Case ID: 123\nCost: £5"),
        // An attribution with no ">" after it: everything after goes.
        ("Cost: £5\n\nOn Thu, 3 Sep 2026, Panel wrote:\nCost: £9", "Cost: £5"),
        // The signature.
        ("Cost: £5\n-- \nJane Smith\nCase ID: 9", "Cost: £5"),
        ("Cost: £5\n--\nJane Smith", "Cost: £5"),
        // An underscore rule that is not Outlook's quote is kept.
        ("Cost: £5\n____________\nCase ID: 1", "Cost: £5\n____________\nCase ID: 1"),
        // "From:" as a form label is not a header.
        ("From: 03/09/2026\nCost: £5", "From: 03/09/2026\nCost: £5"),
        // "On" starting an ordinary line.
        ("On Monday the carer\nwill drive.", "On Monday the carer\nwill drive."),
    ])
    func strips(text: String, kept: String) {
        #expect(QuotedText.strip(text) == kept)
        // The form reader takes the kept lines unjoined: they are the joined text's lines.
        let lines = QuotedText.keptLines(text)
        #expect(lines.isEmpty ? kept.isEmpty : Array(lines) == FormText.lines(kept))
    }

    @Test func aLongAttributionLineIsNotAnAttribution() {
        let long = "On " + String(repeating: "x", count: 400) + " wrote:"
        #expect(QuotedText.strip(long) == long)
    }
}
