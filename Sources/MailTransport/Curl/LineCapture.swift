import CCurl

/// Collects the server lines libcurl passes to its header callback during a login or an SMTP
/// transaction. Keeps the first lines and the last one, so a long reply cannot grow it.
final class LineCapture {
    private(set) var lines: [String] = []
    private(set) var lastLine: String?
    private let keep: Int

    init(keep: Int = 64) { self.keep = keep }

    func append(_ bytes: UnsafeRawBufferPointer) {
        var line = String(decoding: bytes, as: UTF8.self)
        while line.last == "\n" || line.last == "\r" { line.removeLast() }
        lastLine = line
        if lines.count < keep { lines.append(line) }
    }

    func reset() {
        lines.removeAll(keepingCapacity: true)
        lastLine = nil
    }

    /// The last tagged IMAP completion (`A002 NO [AUTHENTICATIONFAILED] ...`), without the tag.
    var lastIMAPCompletion: String? {
        let candidates = (lines + [lastLine].compactMap { $0 }).reversed()
        for line in candidates where !line.hasPrefix("*") && !line.hasPrefix("+") {
            let words = line.split(separator: " ", maxSplits: 1)
            if words.count == 2 { return String(words[1]) }
        }
        return nil
    }

    /// An untagged BYE, if the server sent one.
    var imapBye: String? {
        lines.last { $0.uppercased().hasPrefix("* BYE") }.map { String($0.dropFirst(2)) }
    }
}

/// CURLOPT_HEADERFUNCTION with a `LineCapture` as CURLOPT_HEADERDATA.
let lineCaptureCallback: pm_data_callback = { data, size, count, context in
    let length = size * count
    guard let data, let context else { return length }
    let capture = Unmanaged<LineCapture>.fromOpaque(context).takeUnretainedValue()
    capture.append(UnsafeRawBufferPointer(start: data, count: length))
    return length
}
