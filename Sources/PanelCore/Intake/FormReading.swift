/// What the request form in an email says: the requests it holds, nothing at all, or
/// a document panelmail could not read (which a person must look at: such a message is
/// never told it is not a request).
public enum FormReading: Sendable, Equatable {
    /// No form lines in the body and no document attached.
    case notARequest
    /// One request per form block, in order.
    case forms([RequestForm])
    /// No form in the body, and attached documents that could not be read as a form.
    case unreadableDocuments([UnreadableDocument])
}

/// An attached document that could not be read as the request form.
public struct UnreadableDocument: Sendable, Equatable {
    public var partPath: String
    public var contentType: String
    /// The sender's own file name: for the reply to the sender, never for the log.
    public var filename: String?
    /// Why, with what to do, for the sender ("The attachment is an old Word .doc file…").
    public var explanation: String

    public init(partPath: String, contentType: String, filename: String?, explanation: String) {
        self.partPath = partPath
        self.contentType = contentType
        self.filename = filename
        self.explanation = explanation
    }

    /// For the log and the attention folder's reason: the part and the type, no name.
    public var logReason: String {
        "attachment \(partPath) (\(contentType)) is not a request form panelmail can read"
    }
}

/// Finds the request form in a parsed email: `Label: value` blocks in the body (quoted
/// text ignored), and Word `.docx` forms among the attachments.
///
/// - A Word form and a body with form lines: when there is one Word form, the body's
///   lines are merged into it (a worker who attaches the form and types a correction
///   above it means the correction); otherwise each form is its own request.
/// - No form anywhere, but documents attached (Word, PDF, RTF, OpenDocument): the
///   documents are unreadable forms, for a person.
/// - Pictures (a signature logo, a photo) are not documents: an email with only
///   those and no form lines is not a request.
/// - No form in the email's own text and no document: a forwarded request is read
///   from below the forwarding note (see `FormParser.parse(forwarded:sender:)`).
public struct FormFinder: Sendable {
    public let parser: FormParser

    public init(parser: FormParser) {
        self.parser = parser
    }

    public func read(_ message: MIMEMessage, text: String, parts: [MIMEPart], attachments: [MIMEAttachment], sender: FormPerson?) -> FormReading {
        var bodyForms = parser.parse(text: text, sender: sender).forms
        var documentForms: [RequestForm] = []
        var unreadable: [UnreadableDocument] = []
        for (part, attachment) in zip(parts, attachments) {
            switch Self.documentKind(attachment) {
            case nil:
                continue
            case .word:
                do {
                    let forms = try parser.parse(docx: message.decodedBody(of: part), sender: sender).forms
                    if forms.isEmpty {
                        unreadable.append(UnreadableDocument(
                            partPath: attachment.partPath, contentType: attachment.contentType, filename: attachment.filename,
                            explanation: "the Word document\(Self.named(attachment)) holds none of the request form's labels"))
                    }
                    documentForms += forms
                } catch {
                    unreadable.append(UnreadableDocument(
                        partPath: attachment.partPath, contentType: attachment.contentType, filename: attachment.filename,
                        explanation: "the attachment\(Self.named(attachment)) could not be read. \(error.description)"))
                }
            case .other(let kind):
                unreadable.append(UnreadableDocument(
                    partPath: attachment.partPath, contentType: attachment.contentType, filename: attachment.filename,
                    explanation: "the attachment\(Self.named(attachment)) is \(kind), which panelmail cannot read as the request form"))
            }
        }
        if documentForms.count == 1, !bodyForms.isEmpty {
            documentForms = [parser.merge(reply: text, into: documentForms[0]).form]
            bodyForms = []
        }
        let forms = documentForms + bodyForms
        if !forms.isEmpty { return .forms(forms) }
        if !unreadable.isEmpty { return .unreadableDocuments(unreadable) }
        // A forwarded request: the form is below the forwarding note.
        let forwarded = parser.parse(forwarded: text, sender: sender).forms
        if !forwarded.isEmpty { return .forms(forwarded) }
        return .notARequest
    }

    enum DocumentKind: Equatable {
        case word
        case other(String)
    }

    static let wordType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    /// Whether an attachment is a document that might hold the form.
    static func documentKind(_ attachment: MIMEAttachment) -> DocumentKind? {
        documentKind(type: attachment.contentType, filename: attachment.filename)
    }

    /// Whether an attachment is a document that might hold the form, by its
    /// "type/subtype" and its filename.
    static func documentKind(type: String, filename: String?) -> DocumentKind? {
        let suffix = filename.flatMap { name in
            name.lastIndex(of: ".").map { name[name.index(after: $0)...].lowercased() }
        } ?? ""
        if type == wordType || suffix == "docx" || suffix == "docm" { return .word }
        if type == "application/msword" || suffix == "doc" { return .other("an old Word .doc file (save it as .docx)") }
        if type == "application/pdf" || suffix == "pdf" { return .other("a PDF") }
        if type == "application/rtf" || type == "text/rtf" || suffix == "rtf" { return .other("an RTF document") }
        if type.hasPrefix("application/vnd.oasis.opendocument") || suffix == "odt" { return .other("an OpenDocument file") }
        if type == "application/vnd.ms-word.document.macroenabled.12" { return .word }
        return nil
    }

    private static func named(_ attachment: MIMEAttachment) -> String {
        attachment.filename.map { " \"\($0)\"" } ?? ""
    }
}
