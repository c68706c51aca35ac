import CCurl

/// Turns a CURLcode into a classified `MailTransportError`.
enum CurlFailure {
    static func kind(of code: CURLcode) -> MailTransportError.Kind {
        switch code {
        case CURLE_LOGIN_DENIED:
            .authentication
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_USE_SSL_FAILED, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_CRL_BADFILE,
            CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_ENGINE_NOTFOUND,
            CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_CLIENTCERT:
            .tls
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT, CURLE_NOT_BUILT_IN, CURLE_BAD_FUNCTION_ARGUMENT,
            CURLE_UNKNOWN_OPTION, CURLE_FAILED_INIT:
            .configuration
        case CURLE_WEIRD_SERVER_REPLY:
            .protocolViolation
        case CURLE_REMOTE_ACCESS_DENIED, CURLE_QUOTE_ERROR:
            .permanent
        case CURLE_REMOTE_FILE_NOT_FOUND:
            .messageNotFound
        default:
            // Resolve, connect, timeout, send/receive errors, an empty reply: the network or the server's state.
            .transient
        }
    }

    static func error(
        _ code: CURLcode,
        detail: String,
        operation: String,
        endpoint: MailServerEndpoint,
        serverResponse: String? = nil
    ) -> MailTransportError {
        let kind = kind(of: code)
        return MailTransportError(
            kind: kind,
            operation: operation,
            endpoint: endpoint,
            curlCode: Int(code.rawValue),
            curlMessage: detail,
            serverResponse: serverResponse,
            message: message(for: code, kind: kind, endpoint: endpoint),
            advice: advice(for: code, kind: kind, endpoint: endpoint)
        )
    }

    private static func message(for code: CURLcode, kind: MailTransportError.Kind, endpoint: MailServerEndpoint) -> String {
        switch code {
        case CURLE_LOGIN_DENIED: "the server rejected the login for \(endpoint.username)"
        case CURLE_COULDNT_RESOLVE_HOST: "the host name \(endpoint.host) could not be resolved"
        case CURLE_COULDNT_CONNECT: "nothing accepted a connection on \(endpoint.hostAndPort)"
        case CURLE_OPERATION_TIMEDOUT: "the server did not answer in time"
        case CURLE_USE_SSL_FAILED: "the server does not offer STARTTLS"
        case CURLE_PEER_FAILED_VERIFICATION: "the server's TLS certificate did not verify"
        case CURLE_SSL_CACERT_BADFILE: "the CA file could not be read"
        case CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR: "the connection failed or was closed by the server"
        default:
            switch kind {
            case .tls: "TLS could not be set up"
            case .configuration: "libcurl could not use the settings"
            case .protocolViolation: "the server's reply did not follow the protocol"
            default: "the request failed"
            }
        }
    }

    private static func advice(for code: CURLcode, kind: MailTransportError.Kind, endpoint: MailServerEndpoint) -> String {
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST: return "Check the host name; it will be retried."
        case CURLE_COULDNT_CONNECT: return "Check that the server is running and the host and port are right; it will be retried."
        case CURLE_USE_SSL_FAILED: return "Use implicitTLS on the server's TLS port, or enable STARTTLS on the server."
        case CURLE_SSL_CACERT_BADFILE: return "Check the caFile path (\(endpoint.caFile ?? "system store")) and that it holds PEM certificates."
        default: break
        }
        switch kind {
        case .authentication:
            return "Check the username and the password or token in the configuration (an OAuth2 token may have expired)."
        case .tls:
            return "Check the server's certificate chain and host name, and the caFile setting (\(endpoint.caFile ?? "system store"))."
        case .configuration:
            return "Correct the mail server settings."
        case .transient:
            return "It will be retried; if it persists, check the server and the network."
        default:
            return "Check the server's logs for the reason."
        }
    }
}
