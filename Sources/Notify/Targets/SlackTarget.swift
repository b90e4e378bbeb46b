import Transport

/// A Slack incoming webhook: `text` (the notification's fallback) and `blocks` with mrkdwn
/// sections. End-user text has `&`, `<` and `>` escaped, so no `<!channel>`, `<!here>` or forged
/// link can form.
public struct SlackTarget: Sendable {
    /// The webhook URL.
    public var url: Secret

    /// The limit of one section's text, in characters (UTF-16 code units, as Slack counts).
    public static let sectionLimit = 3000

    /// Creates a Slack target.
    public init(url: Secret) { self.url = url }

    /// The request for `message`.
    public func render(_ message: AlertMessage, now: Int) -> HTTPRequest {
        let markup = Markup.slack
        let (header, body) = Detail.fit(message, fits: { $0.0.utf16.count <= Self.sectionLimit && $0.1.utf16.count <= Self.sectionLimit }) {
            detail in
            (
                MessageText.header(message, markup: markup, detail: detail),
                MessageText.bodyLines(message, markup: markup, detail: detail, includeLink: false).joined(separator: "\n")
            )
        }
        var blocks: [JSONValue] = [Self.section(header), Self.section(body)]
        if let link = message.externalURL, let makeLink = markup.link {
            blocks.append(.object([("type", .string("context")), ("elements", .array([Self.mrkdwn(makeLink("Status page", link))]))]))
        }
        let text = MessageText.summaryLine(message, markup: markup)
        return .json(url: url.reveal(), body: .object([("text", .string(text)), ("blocks", .array(blocks))]))
    }

    private static func mrkdwn(_ text: String) -> JSONValue {
        .object([("type", .string("mrkdwn")), ("text", .string(text))])
    }

    private static func section(_ text: String) -> JSONValue {
        .object([("type", .string("section")), ("text", mrkdwn(text))])
    }
}
