/// One HTTP header field, as sent or as received.
///
/// Names keep the spelling they were given or received with; compare them case-insensitively
/// (``HTTPResponse/header(_:)`` does).
public struct HTTPHeader: Sendable, Equatable {
    /// The field name, for example `Content-Type`.
    public var name: String
    /// The field value, without leading or trailing whitespace.
    public var value: String

    /// Creates a header field.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
