import Foundation

/// Keeps secrets and personal data out of errors and logs.
enum Redaction {
    static let placeholder = "<redacted>"

    /// Replaces every occurrence of the credential's secret (and its base64 form) in `text`.
    static func removeSecrets(from text: String, credential: MailCredential) -> String {
        guard case .password(let secret) = credential else { return text }
        return removeSecrets(from: text, secrets: [secret])
    }

    static func removeSecrets(from text: String, secrets: [String]) -> String {
        var result = text
        for secret in secrets where secret.count >= 3 {
            result = result.replacingOccurrences(of: secret, with: placeholder)
            let encoded = Data(secret.utf8).base64EncodedString()
            result = result.replacingOccurrences(of: encoded, with: placeholder)
        }
        return result
    }

    /// Masks the local part of anything that looks like an e-mail address: `jo.bloggs@x.org`
    /// becomes `***@x.org`. Server replies quote addresses; descriptions end up in logs.
    static func maskAddresses(in text: String) -> String {
        guard text.contains("@") else { return text }
        let stops: Set<Character> = [" ", "<", ">", "\"", "'", "(", ")", ",", ";", ":", "[", "]", "\t", "="]
        var output = ""
        output.reserveCapacity(text.count)
        var pending = ""  // characters since the last stop, possibly a local part
        for character in text {
            if character == "@" {
                output += pending.isEmpty ? "" : "***"
                output.append("@")
                pending = ""
            } else if stops.contains(character) {
                output += pending
                output.append(character)
                pending = ""
            } else {
                pending.append(character)
            }
        }
        output += pending
        return output
    }
}
