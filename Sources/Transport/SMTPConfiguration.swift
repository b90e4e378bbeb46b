/// Settings of a ``CurlSMTPSender``: which server to talk to, how to secure the connection, and how to log in.
///
/// The scheme of ``url`` decides the connection security:
/// - `smtps://host:465`: implicit TLS, the connection is encrypted from the first byte.
/// - `smtp://host:587`: STARTTLS is required. A server that does not offer it, or refuses it, fails the send
///   with ``TransportError/Kind/tls``; nothing is ever sent in plain text.
/// - `smtp://host:25` without TLS only when ``allowPlaintext`` is `true`. Credentials are then refused (the send
///   fails with ``TransportError/Kind/invalidRequest`` before connecting), since they would cross the network
///   in the clear.
///
/// TLS peer and host verification is always on and cannot be switched off. Credentials belong in ``username``
/// and ``password``: a URL with userinfo (`user:password@`) is refused.
public struct SMTPConfiguration: Sendable {
    /// The server: `smtps://host[:port]` or `smtp://host[:port]`, without userinfo, path, query or fragment.
    public var url: String
    /// The login name for SMTP AUTH; `nil` sends without logging in. Requires ``password``.
    public var username: String?
    /// The password for SMTP AUTH. Requires ``username``. Never logged and never part of an error.
    public var password: Secret?
    /// libcurl's login options (`CURLOPT_LOGIN_OPTIONS`), for example `AUTH=PLAIN`, `AUTH=LOGIN` or `AUTH=*`
    /// (the default: the best mechanism both sides support).
    public var loginOptions: String?
    /// Whether an `smtp://` URL may be used without TLS (see the type's documentation). Has no effect on
    /// `smtps://`.
    public var allowPlaintext: Bool
    /// The path of a PEM file with the certificate authorities (or self-signed certificates) to trust; it
    /// replaces libcurl's default CA bundle. `nil` keeps the default trust store.
    public var caFile: String?
    /// The longest time to wait for a connection, including name resolution and the TLS handshake; libcurl also
    /// counts the server's greeting, `EHLO`, STARTTLS and the login as part of connecting.
    public var connectTimeout: Duration
    /// The longest time a whole send may take, from connecting to the server's acceptance of the message.
    public var timeout: Duration
    /// The name this client gives in `EHLO`/`HELO`; `nil` lets libcurl say `localhost`. A host name or an
    /// address literal such as `[192.0.2.1]`.
    public var heloName: String?

    /// Creates a configuration for the server at `url`.
    public init(
        url: String,
        username: String? = nil,
        password: Secret? = nil,
        loginOptions: String? = nil,
        allowPlaintext: Bool = false,
        caFile: String? = nil,
        connectTimeout: Duration = .seconds(10),
        timeout: Duration = .seconds(60),
        heloName: String? = nil
    ) {
        self.url = url
        self.username = username
        self.password = password
        self.loginOptions = loginOptions
        self.allowPlaintext = allowPlaintext
        self.caFile = caFile
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.heloName = heloName
    }
}
