import Rules
import Transport

/// A Microsoft Teams Workflows webhook with an Adaptive Card 1.4: one `TextBlock` per line, the
/// status page as an `Action.OpenUrl`. The body stays within 28 KB.
public struct TeamsTarget: Sendable {
    /// The Workflows URL.
    public var url: Secret
    /// The receiver's template for the card's text: its first line is the coloured header, each
    /// further line that is not blank a text block.
    public var template: MessageTemplate?

    /// The body limit, in bytes.
    public static let bodyLimit = 28 * 1024

    /// Creates a Teams target.
    public init(url: Secret, template: MessageTemplate? = nil) {
        self.url = url
        self.template = template
    }

    /// The request for `message`.
    public func render(_ message: AlertMessage, now: Int) -> HTTPRequest {
        renderReporting(message, now: now).request
    }

    /// The request for `message`, with the template's error when the default text was used.
    public func renderReporting(_ message: AlertMessage, now: Int) -> RenderedRequest {
        let fits = { (body: JSONValue) in body.data.count <= Self.bodyLimit }
        return RenderedRequest.using(template) { template throws(TemplateError) in
            let body = try template.fit(message, markup: .teams, now: now, fits: fits) { text in
                let lines = text.split(separator: "\n").map(String.init).filter { !$0.allSatisfy(\.isWhitespace) }
                return Self.envelope(card(message, header: lines.first ?? "", lines: Array(lines.dropFirst())))
            }
            return .json(url: url.reveal(), body: body)
        } otherwise: {
            let body = Detail.fit(message, fits: fits) { detail in
                Self.envelope(
                    card(
                        message, header: MessageText.header(message, markup: .teams, detail: detail),
                        lines: MessageText.bodyLines(message, markup: .teams, detail: detail, includeLink: false)))
            }
            return .json(url: url.reveal(), body: body)
        }
    }

    private func card(_ message: AlertMessage, header: String, lines: [String]) -> JSONValue {
        let header = JSONValue.object([
            ("type", .string("TextBlock")), ("text", .string(header)),
            ("wrap", .bool(true)), ("weight", .string("Bolder")), ("size", .string("Medium")), ("color", .string(Self.color(message))),
        ])
        let lines = lines.map { line in
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
