import CCurl

/// `curl_global_init` exactly once per process, before the first handle.
enum CurlRuntime {
    private static let initialised: CURLcode = curl_global_init(pm_curl_global_all())

    static func ensureInitialised() throws(MailTransportError) {
        guard initialised == CURLE_OK else {
            throw MailTransportError(
                kind: .configuration,
                operation: "libcurl setup",
                curlCode: Int(initialised.rawValue),
                message: "curl_global_init failed",
                advice: "Check that libcurl and its TLS library are installed correctly."
            )
        }
    }

    /// "7.88.1", for logs and reports.
    static var version: String { String(cString: pm_curl_runtime_version()) }
}

/// One libcurl easy handle and its error buffer. Not thread-safe: each handle belongs to one
/// connection, which only ever runs on that connection's own thread.
final class CurlEasy {
    let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>

    init() throws(MailTransportError) {
        try CurlRuntime.ensureInitialised()
        guard let handle = curl_easy_init() else {
            throw MailTransportError(
                kind: .transient,
                operation: "libcurl setup",
                message: "curl_easy_init returned no handle (out of memory?)",
                advice: "Retry later; restart the daemon if it persists."
            )
        }
        self.handle = handle
        let size = pm_curl_error_size()
        errorBuffer = .allocate(capacity: size)
        errorBuffer.initialize(repeating: 0, count: size)
        _ = pm_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    // MARK: options

    func set(_ option: CURLoption, _ value: Int) throws(MailTransportError) {
        try check(pm_setopt_long(handle, option, value), option)
    }

    func set(_ option: CURLoption, _ value: Bool) throws(MailTransportError) {
        try set(option, value ? 1 : 0)
    }

    func set(_ option: CURLoption, offset value: Int64) throws(MailTransportError) {
        try check(pm_setopt_off(handle, option, curl_off_t(value)), option)
    }

    /// libcurl copies string options (all but POSTFIELDS), so the C string may go away after the call.
    func set(_ option: CURLoption, _ value: String?) throws(MailTransportError) {
        let code: CURLcode
        if let value {
            code = value.withCString { pm_setopt_string(handle, option, $0) }
        } else {
            code = pm_setopt_string(handle, option, nil)
        }
        try check(code, option)
    }

    func set(_ option: CURLoption, pointer value: UnsafeMutableRawPointer?) throws(MailTransportError) {
        try check(pm_setopt_pointer(handle, option, value), option)
    }

    func set(_ option: CURLoption, list value: UnsafeMutablePointer<curl_slist>?) throws(MailTransportError) {
        try check(pm_setopt_slist(handle, option, value), option)
    }

    func set(_ option: CURLoption, callback: pm_data_callback) throws(MailTransportError) {
        try check(pm_setopt_data_callback(handle, option, callback), option)
    }

    func setDebugCallback(_ callback: pm_debug_callback?) throws(MailTransportError) {
        try check(pm_setopt_debug_callback(handle, callback), CURLOPT_DEBUGFUNCTION)
    }

    func setProgressCallback(_ callback: pm_xferinfo_callback?) throws(MailTransportError) {
        try check(pm_setopt_xferinfo_callback(handle, callback), CURLOPT_XFERINFOFUNCTION)
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(MailTransportError) {
        guard code != CURLE_OK else { return }
        throw MailTransportError(
            kind: .configuration,
            operation: "libcurl setup",
            curlCode: Int(code.rawValue),
            curlMessage: String(cString: curl_easy_strerror(code)),
            message: "libcurl \(CurlRuntime.version) refused option \(option.rawValue)",
            advice: "This libcurl lacks a feature panelmail needs; install libcurl 7.88 or newer built with OpenSSL."
        )
    }

    // MARK: transfer and info

    /// Runs the transfer (blocking). Clears the error buffer first.
    func perform() -> CURLcode {
        errorBuffer[0] = 0
        return curl_easy_perform(handle)
    }

    /// libcurl's detail for the last failure, or its generic text for `code`.
    func errorText(for code: CURLcode) -> String {
        let detail = String(cString: errorBuffer)
        return detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
    }

    func infoLong(_ info: CURLINFO) -> Int {
        var value = 0
        return pm_getinfo_long(handle, info, &value) == CURLE_OK ? value : 0
    }

    func infoOffset(_ info: CURLINFO) -> Int64 {
        var value: curl_off_t = 0
        return pm_getinfo_off(handle, info, &value) == CURLE_OK ? Int64(value) : 0
    }

    /// The connected socket of a CONNECT_ONLY handle.
    func activeSocket() -> curl_socket_t? {
        var socket: curl_socket_t = -1
        guard pm_getinfo_socket(handle, &socket) == CURLE_OK, socket != -1 else { return nil }
        return socket
    }
}
