internal import CCurl

/// How a transfer handed to ``CurlMultiLoop`` ended.
enum CurlCompletion: Sendable {
    /// libcurl finished the transfer with this result (`CURLE_OK` on success).
    case finished(CURLcode)
    /// The transfer was cancelled before libcurl finished it.
    case cancelled
    /// The transfer could not be started; the text says why.
    case notStarted(String)
}
