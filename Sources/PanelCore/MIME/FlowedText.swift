/// Undoes format=flowed (RFC 3676 section 4): joins soft-broken lines back into
/// paragraphs, removes space-stuffing, honours DelSp=yes, and keeps quote depth.
public enum FlowedText {
    /// `text` must use LF line ends.
    public static func unflow(_ text: String, deleteSpace: Bool) -> String {
        var output: [String] = []
        var paragraph = ""
        var paragraphDepth = -1
        func flush() {
            if paragraphDepth >= 0 {
                output.append(paragraph.isEmpty ? String(repeating: ">", count: paragraphDepth) : prefix(paragraphDepth) + paragraph)
            }
            paragraph = ""
            paragraphDepth = -1
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, rawLine) in lines.enumerated() {
            var line = Substring(rawLine)
            var depth = 0
            while line.first == ">" {
                depth += 1
                line = line.dropFirst()
            }
            if line.first == " " { line = line.dropFirst() } // space-stuffing (4.4)
            // The signature separator "-- " is never flowed (4.3).
            let isSignature = line == "-- "
            let flowed = !isSignature && line.last == " " && index < lines.count - 1
            if paragraphDepth >= 0, paragraphDepth != depth {
                flush() // quote depth changed: a flowed line was wrongly flowed (4.5)
            }
            paragraphDepth = depth
            if flowed {
                paragraph += deleteSpace ? String(line.dropLast()) : String(line)
            } else {
                paragraph += String(line)
                flush()
            }
        }
        flush()
        return output.joined(separator: "\n")
    }

    private static func prefix(_ depth: Int) -> String {
        depth == 0 ? "" : String(repeating: ">", count: depth) + " "
    }
}
