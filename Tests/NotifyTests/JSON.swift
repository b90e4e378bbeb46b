import Foundation
import Testing
import Transport

/// JSON helpers for the tests.
enum JSON {
    /// The body of `request` decoded as a JSON object.
    static func object(_ request: HTTPRequest) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: try #require(request.body))
        return try #require(value as? [String: Any])
    }

    /// The body of `request` decoded as a JSON array of objects.
    static func array(_ request: HTTPRequest) throws -> [[String: Any]] {
        let value = try JSONSerialization.jsonObject(with: try #require(request.body))
        return try #require(value as? [[String: Any]])
    }

    /// Every string in `value`, recursively (values only).
    static func strings(in value: Any) -> [String] {
        if let text = value as? String { return [text] }
        if let array = value as? [Any] { return array.flatMap(strings(in:)) }
        if let object = value as? [String: Any] { return object.values.flatMap(strings(in:)) }
        return []
    }
}
