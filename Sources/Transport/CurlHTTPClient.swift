/// An ``HTTPClient`` built on libcurl.
///
/// Each client runs its transfers on one dedicated thread that drives a libcurl multi handle (see
/// ``CurlMultiLoop`` for why), so `send` never blocks Swift's cooperative thread pool, connections and DNS
/// results are reused between requests of the same client, and any number of tasks may call `send`
/// concurrently. Cancelling a calling task aborts its transfer promptly with ``TransportError/Kind/cancelled``.
///
/// Every transfer verifies TLS peers and host names, speaks only `http` and `https` (redirects included),
/// asks for compressed responses and decodes them, and takes proxies from the environment as libcurl does
/// (see ``HTTPClientConfiguration``). The loop thread stops when the client is released.
public final class CurlHTTPClient: HTTPClient {
    /// The settings every request of this client uses.
    public let configuration: HTTPClientConfiguration
    private let loop: CurlMultiLoop

    /// Creates a client and starts its transfer thread.
    public init(configuration: HTTPClientConfiguration = .init()) {
        self.configuration = configuration
        self.loop = CurlMultiLoop(threadName: "deskwatch-curl")
    }

    deinit {
        loop.shutdown()
    }

    /// Sends `request` and returns the complete response, whatever its status code.
    /// - Throws: ``TransportError``.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await perform(request)
    }

    private func perform(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        try request.validate()
        let easy = try CurlEasy(url: request.url)
        try easy.configureHTTP(request, configuration: configuration)
        let completion = await loop.perform(easy)
        if let error = easy.error(for: completion) {
            throw error
        }
        return HTTPResponse(status: easy.responseCode, headers: easy.headers, body: easy.body)
    }
}
