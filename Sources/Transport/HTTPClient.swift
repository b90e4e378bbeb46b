/// Sends HTTP requests.
///
/// ``CurlHTTPClient`` is the production implementation. Code that depends on this protocol can be tested with
/// another conformance that returns canned ``HTTPResponse`` values or throws ``TransportError``s.
public protocol HTTPClient: Sendable {
    /// Sends `request` and returns the complete response.
    ///
    /// A response with any status code is returned, not thrown.
    /// - Throws: ``TransportError`` when no complete response could be obtained, including
    ///   ``TransportError/Kind/cancelled`` when the calling task is cancelled.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}
