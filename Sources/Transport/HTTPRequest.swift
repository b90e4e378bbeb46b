import Foundation

/// An HTTP request to be sent by an ``HTTPClient``.
///
/// The URL may carry credentials (Tencent Cloud's `usersig`, API keys, tokens). Those never appear in this
/// type's ``description`` or in a ``TransportError``: both go through ``URLRedaction``.
public struct HTTPRequest: Sendable {
    /// The request method, for example `GET` or `POST`. Must be an RFC 9110 token.
    public var method: String
    /// The absolute `http` or `https` URL, percent-encoded as it should go on the wire.
    public var url: String
    /// Extra request header fields, sent in order. A `User-Agent` here overrides the configured one.
    public var headers: [HTTPHeader]
    /// The request body. `POST`, `PUT` and `PATCH` without a body are sent with `Content-Length: 0`.
    public var body: Data?

    /// Creates a request.
    public init(method: String = "GET", url: String, headers: [HTTPHeader] = [], body: Data? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

extension HTTPRequest: CustomStringConvertible {
    /// The method and the redacted URL, plus the header names and body size; header values are left out
    /// because they may hold credentials.
    public var description: String {
        let names = headers.map(\.name).joined(separator: ", ")
        let bodySize = body.map { "\($0.count) bytes" } ?? "no body"
        return "\(method) \(URLRedaction.redact(url)) [headers: \(names)] [\(bodySize)]"
    }
}
