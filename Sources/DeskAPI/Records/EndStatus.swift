/// How a chat session ended (`EndStatus` in the API).
///
/// The API may add values at any time, so this is an open set: an unknown value is kept as it
/// came and can still be matched by rules. The documented values are available as constants.
public struct EndStatus: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    /// Whether this is one of the values the vendor documents.
    public var isDocumented: Bool { Self.documented.contains(self) }

    public static let agentEndedSession: EndStatus = "AgentEndedSession"
    public static let userEndedSession: EndStatus = "UserEndedSession"
    public static let userTimeout: EndStatus = "UserTimeout"
    public static let agentTimeout: EndStatus = "AgentTimeout"
    public static let chatbotReception: EndStatus = "ChatbotReception"
    public static let noAgentsOnline: EndStatus = "NoAgentsOnline"
    public static let timeoutTransfer: EndStatus = "TimeoutTransfer"
    public static let manualTransfer: EndStatus = "ManualTransfer"
    public static let userAbandonedDuringQueueing: EndStatus = "UserAbandonedDuringQueueing"

    /// The values documented by the vendor, in the vendor's order.
    public static let documented: [EndStatus] = [
        .agentEndedSession, .userEndedSession, .userTimeout, .agentTimeout, .chatbotReception,
        .noAgentsOnline, .timeoutTransfer, .manualTransfer, .userAbandonedDuringQueueing,
    ]
}
