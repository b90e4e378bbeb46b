import Rules
import Transport

/// A Microsoft Teams Workflows webhook with an Adaptive Card 1.4: one `TextBlock` per line, the
/// status page as an `Action.OpenUrl`. The body stays within 28 KB.
public struct TeamsTarget: Sendable {
    /// The Workflows URL.
    public var url: Secret

    /// The body limit, in bytes.
    public static let bodyLimit = 28 * 1024

    /// Creates a Teams target.
    public init(url: Secret) { self.url = url }

    /// The request for `message`.
    public func render(_ message: AlertMessage, now: Int) -> HTTPRequest {
        let body = Detail.fit(message, fits: { $0.data.count <= Self.bodyLimit }) { detail in
            Self.envelope(card(message, detail: detail))
        }
        return .json(url: url.reveal(), body: body)
    }

    private func card(_ message: AlertMessage, detail: Detail) -> JSONValue {
        let header = JSONValue.object([
            ("type", .string("TextBlock")), ("text", .string(MessageText.header(message, markup: .teams, detail: detail))),
            ("wrap", .bool(true)), ("weight", .string("Bolder")), ("size", .string("Medium")), ("color", .string(Self.color(message))),
        ])
        let lines = MessageText.bodyLines(message, markup: .teams, detail: detail, includeLink: false).map { line in
            JSONValue.object([("type", .string("TextBlock")), ("text", .string(line)), ("wrap", .bool(true))])
        }
        var members: [(String, JSONValue)] = [
            ("$schema", .string("http://adaptivecards.io/schemas/adaptive-card.json")), ("type", .string("AdaptiveCard")),
            ("version", .string("1.4")), ("body", .array([header] + lines)),
        ]
        if let link = message.externalURL {
            members.append(
                ("actions", .array([.object([("type", .string("Action.OpenUrl")), ("title", .string("Status page")), ("url", .string(link))])])))
        }
        return .object(members)
    }

    private static func envelope(_ card: JSONValue) -> JSONValue {
        .object([
            ("type", .string("message")),
            (
                "attachments",
                .array([
                    .object([("contentType", .string("application/vnd.microsoft.card.adaptive")), ("contentUrl", .null), ("content", card)])
                ])
            ),
        ])
    }

    /// The header colour.
    static func color(_ message: AlertMessage) -> String {
        if message.status == .resolved { return "Good" }
        switch message.severity {
        case .critical: return "Attention"
        case .warning: return "Warning"
        case .info: return "Accent"
        }
    }
}
