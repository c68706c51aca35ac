/// The agenda as a CSV attachment for panel members (RFC 4180, UTF-8 with a byte order
/// mark so Excel shows "£" right, formula injection prevented: see `CSVWriter`).
public enum AgendaCSV {
    public static let header = ["Slot", "Reference", "Locality", "Team", "Worker", "Resource type", "Cost", "Urgent", "Sign-offs"]

    /// The header and one record per row, in the rows' order.
    public static func render(_ rows: [AgendaRow]) -> [UInt8] {
        CSVWriter.document([header] + rows.map(record))
    }

    /// "10:30-11:00", "ARP-2026-00042", ..., "£1,250 per week", "yes" or "no", sign-offs.
    public static func record(_ row: AgendaRow) -> [String] {
        [row.slot.timeText, "\(row.slot.reference)", row.slot.request.locality, row.team, row.worker,
         row.resourceType, row.cost?.description ?? "", row.isUrgent ? "yes" : "no", row.signOffs]
    }

    /// "agenda-2026-09-10.csv".
    public static func filename(for sitting: PanelSitting) -> String { "agenda-\(sitting.day).csv" }

    /// The agenda as an email attachment.
    public static func attachment(_ rows: [AgendaRow], sitting: PanelSitting) -> OutgoingAttachment {
        OutgoingAttachment(filename: filename(for: sitting), contentType: "text/csv; charset=utf-8; header=present", bytes: render(rows))
    }
}
