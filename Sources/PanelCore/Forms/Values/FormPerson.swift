/// A person named on the form (social worker, team manager, IRO): a name, an email
/// address, or both.
public struct FormPerson: Hashable, Sendable, CustomStringConvertible {
    public var name: String?
    /// As written, with the domain in lower case.
    public var email: String?

    public init(name: String?, email: String?) {
        let trimmedName = name.map { FormText.collapse($0) }
        self.name = trimmedName?.isEmpty == false ? trimmedName : nil
        let trimmedEmail = email.map { FormText.trim($0) }
        self.email = trimmedEmail?.isEmpty == false ? trimmedEmail.map(Self.lowercasingDomain) : nil
    }

    /// "Jane Smith <jane.smith@council.test>", "Jane Smith", "jane.smith@council.test".
    public var description: String {
        switch (name, email) {
        case let (name?, email?): return "\(name) <\(email)>"
        case let (name?, nil): return name
        case let (nil, email?): return email
        case (nil, nil): return ""
        }
    }

    /// Same person: the same email address (ignoring case), or with no email on
    /// either side, the same name (ignoring case and spacing).
    public func isSamePerson(as other: FormPerson) -> Bool {
        if let a = email, let b = other.email { return a.lowercased() == b.lowercased() }
        if email != nil || other.email != nil { return false }
        guard let a = name, let b = other.name else { return false }
        return FormText.labelKey(a) == FormText.labelKey(b)
    }

    private static func lowercasingDomain(_ email: String) -> String {
        guard let at = email.lastIndex(of: "@") else { return email }
        return String(email[..<at]) + email[at...].lowercased()
    }
}
