/// Why an ``HTTPClient`` could not produce a complete response, or a ``MailSender`` could not hand over a message.
///
/// Neither the ``url``, the ``message`` nor the ``description`` contains a secret: URLs are passed through
/// ``URLRedaction/redact(_:)`` and the message has every credential found in the request URL replaced.
public struct TransportError: Error, Sendable, CustomStringConvertible {
    /// The category of failure.
    public enum Kind: Sendable, Equatable {
        /// The connect timeout or the whole-transfer timeout expired.
        case timedOut
        /// The host name (or the proxy's) could not be resolved.
        case couldNotResolve
        /// No connection could be made, for example because nothing listens on the port.
        case couldNotConnect
        /// The TLS handshake failed, including a certificate that could not be verified.
        case tls
        /// The response body was larger than the configured limit, in bytes.
        case responseTooLarge(limit: Int)
        /// More redirects than the configured maximum.
        case tooManyRedirects
        /// The connection failed after it was made: send or receive errors, resets, an empty or truncated response.
        case connectionLost
        /// The calling task was cancelled, or the client shut down, before the transfer finished.
        case cancelled
        /// The request could not be sent as given: malformed URL, unsupported scheme, invalid method or header.
        case invalidRequest
        /// Anything else.
        case other
    }

    /// The category of failure.
    public var kind: Kind
    /// libcurl's `CURLcode`, or `0` when the failure was detected outside libcurl.
    public var curlCode: Int
    /// libcurl's own description of the failure (its error buffer, else `curl_easy_strerror`), or this
    /// module's when the failure was detected outside libcurl; credentials are redacted.
    public var message: String
    /// The reply code with which an SMTP server refused the command that failed (for example `550` for an
    /// unknown recipient, `535` for a failed login), or `nil` when the failure was not such a refusal. The
    /// server's reply text is then part of ``message``.
    public var serverReplyCode: Int? = nil
    /// The request URL, redacted. Assigning a URL redacts it too.
    public var url: String {
        didSet {
            let redacted = URLRedaction.redact(url)
            if redacted != url { url = redacted }
        }
    }

    /// Creates an error. `url` may be the raw request URL: it is redacted, and every credential it carries
    /// is also removed from `message`.
    public init(kind: Kind, curlCode: Int = 0, message: String, url: String) {
        self.kind = kind
        self.curlCode = curlCode
        self.message = URLRedaction.redact(message: message, url: url)
        self.url = URLRedaction.redact(url)
    }

    /// Whether trying the same request again later may succeed: `true` for timeouts, resolution and
    /// connection failures and lost connections; `false` for everything else. A refusal by an SMTP server
    /// (see ``serverReplyCode``) is transient exactly when its reply code is a temporary one (4xx).
    public var isTransient: Bool {
        if let serverReplyCode {
            return (400..<500).contains(serverReplyCode)
        }
        switch kind {
        case .timedOut, .couldNotResolve, .couldNotConnect, .connectionLost:
            return true
        case .tls, .responseTooLarge, .tooManyRedirects, .cancelled, .invalidRequest, .other:
            return false
        }
    }

    /// A one-line summary: kind, redacted URL, message and curl code.
    public var description: String {
        "\(kind) for \(url): \(URLRedaction.redactParameters(inText: message)) (curl code \(curlCode))"
    }
}
