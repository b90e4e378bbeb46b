/// Settings of a ``CurlHTTPClient``.
///
/// TLS peer and host verification is always on and cannot be switched off.
///
/// Proxies come from the environment exactly as the curl command line and libcurl take them by default:
/// `http_proxy` (lower case only) for `http` URLs, `https_proxy` or `HTTPS_PROXY` for `https` URLs,
/// `all_proxy`/`ALL_PROXY` for both, and `no_proxy`/`NO_PROXY` (a comma-separated list of host names,
/// domain suffixes or `*`) for the hosts to reach directly.
public struct HTTPClientConfiguration: Sendable {
    /// The longest time to wait for a connection (including name resolution and the TLS handshake).
    public var connectTimeout: Duration = .seconds(10)
    /// The longest time the whole transfer may take, from start to the last byte of the response
    /// (including following redirects).
    public var timeout: Duration = .seconds(30)
    /// The largest accepted response body, in bytes after content decoding. A larger response fails with
    /// ``TransportError/Kind/responseTooLarge(limit:)``.
    public var maxResponseBytes: Int = 16 << 20
    /// The path of a PEM file with the certificate authorities (or self-signed certificates) to trust.
    ///
    /// libcurl uses this file instead of its default CA bundle, so the file must contain every CA needed
    /// for the hosts this client talks to, not just an extra one. Depending on how libcurl was built, the
    /// system's CA directory may still be consulted as well; do not rely on that either way.
    /// `nil` keeps libcurl's default trust store. Verification itself is always on.
    public var caFile: String? = nil
    /// How many redirects to follow. `0` never follows one: the 3xx response is returned as it is.
    public var maxRedirects: Int = 0
    /// The `User-Agent` sent unless the request has its own.
    public var userAgent: String = "deskwatch"

    /// Creates a configuration; every setting has a default.
    public init(
        connectTimeout: Duration = .seconds(10),
        timeout: Duration = .seconds(30),
        maxResponseBytes: Int = 16 << 20,
        caFile: String? = nil,
        maxRedirects: Int = 0,
        userAgent: String = "deskwatch"
    ) {
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.maxResponseBytes = maxResponseBytes
        self.caFile = caFile
        self.maxRedirects = maxRedirects
        self.userAgent = userAgent
    }
}
