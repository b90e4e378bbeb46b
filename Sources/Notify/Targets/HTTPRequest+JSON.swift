import Foundation
import Transport

extension HTTPRequest {
    /// A `POST` of `body` as JSON to `url`, with `headers` after the content type.
    static func json(url: String, body: JSONValue, headers: [HTTPHeader] = []) -> HTTPRequest {
        json(url: url, data: body.data, headers: headers)
    }

    /// A `POST` of the serialised JSON `data` to `url`, with `headers` after the content type.
    static func json(url: String, data: Data, headers: [HTTPHeader] = []) -> HTTPRequest {
        HTTPRequest(
            method: "POST", url: url, headers: [HTTPHeader(name: "Content-Type", value: "application/json; charset=utf-8")] + headers,
            body: data)
    }

    /// `url` with `query` (already encoded) appended after `?` or `&`.
    static func appending(query: String, to url: String) -> String {
        url + (url.contains("?") ? "&" : "?") + query
    }
}
