/// What an email body (or a Word form) holds.
public enum FormParseResult: Hashable, Sendable {
    /// No recognised `Label: value` line: a chat, a question, a thank-you.
    case notARequest
    /// One request per block, in the order written; each may have problems.
    case forms([RequestForm])

    /// The requests, empty when it is not a request.
    public var forms: [RequestForm] {
        if case .forms(let forms) = self { return forms }
        return []
    }
}
