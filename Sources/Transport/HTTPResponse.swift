import Foundation

/// A complete HTTP response. Any status code, including 3xx, 4xx and 5xx, is a response rather than an error.
public struct HTTPResponse: Sendable {
    /// The status code of the final response.
    public var status: Int
    /// The header fields of the final response, in the order received. Interim (1xx) responses and, when
    /// redirects are followed, the redirect responses are not included.
    public var headers: [HTTPHeader]
    /// The response body, already decoded if the server used a content encoding libcurl understands.
    public var body: Data

    /// Creates a response.
    public init(status: Int, headers: [HTTPHeader] = [], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of the last header field called `name`, compared case-insensitively, or `nil` if there is none.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.last { $0.name.lowercased() == wanted }?.value
    }
}
