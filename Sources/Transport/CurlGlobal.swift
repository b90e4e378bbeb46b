internal import CCurl

/// Process-wide libcurl state.
enum CurlGlobal {
    /// Whether `curl_global_init(CURL_GLOBAL_ALL)` succeeded. The call runs the first time this is read: Swift
    /// initialises a static constant exactly once, thread-safely, so libcurl is initialised exactly once per
    /// process and before any other libcurl call made by this module (each of which reads this first).
    ///
    /// The same initialiser sets SIGPIPE to "ignore" unless the process handles it already (SwiftNIO does the
    /// same): every transfer sets `CURLOPT_NOSIGNAL`, which makes SIGPIPE the application's business, and
    /// otherwise a write to a connection the peer closed could terminate the process.
    static let isInitialized: Bool = {
        ccurl_ignore_sigpipe_unless_handled()
        return ccurl_global_init_all() == CURLE_OK
    }()
}
