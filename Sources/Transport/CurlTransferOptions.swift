/// The settings every libcurl transfer of this module applies, whatever its protocol.
///
/// HTTP derives them from ``HTTPClientConfiguration`` and SMTP from ``SMTPConfiguration``, so both get the same
/// timeouts, TLS verification and protocol restriction.
struct CurlTransferOptions: Sendable {
    /// `CURLOPT_CONNECTTIMEOUT_MS`.
    var connectTimeout: Duration
    /// `CURLOPT_TIMEOUT_MS`: the whole transfer.
    var timeout: Duration
    /// `CURLOPT_CAINFO`, which replaces libcurl's default CA bundle.
    var caFile: String?
    /// `CURLOPT_PROTOCOLS_STR` and `CURLOPT_REDIR_PROTOCOLS_STR`, for example `"http,https"`.
    var protocols: String
}
