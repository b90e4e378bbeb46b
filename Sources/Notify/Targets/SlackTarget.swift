import Transport

/// A Slack incoming webhook: `text` (the notification's fallback) and `blocks` with mrkdwn
/// sections. End-user text has `&`, `<` and `>` escaped, so no `<!channel>`, `<!here>` or forged
/// link can form.
public struct SlackTarget: Sendable {
    /// The webhook URL.
    public var url: Secret
    /// The receiver's template for the message's mrkdwn section (in place of the header and
    /// body sections); the notification text and the status page link stay.
    public var template: MessageTemplate?

    /// The limit of one section's text, in characters (UTF-16 code units, as Slack counts).
    public static let sectionLimit = 3000

    /// Creates a Slack target.
    public init(url: Secret, template: MessageTemplate? = nil) {
        self.url = url
        self.template = template
    }

    /// The request for `message`.
    public func render(_ message: AlertMessage, now: Int) -> HTTPRequest {
        renderReporting(message, now: now).request
    }

    /// The request for `message`, with the template's error when the default sections were used.
    public func renderReporting(_ message: AlertMessage, now: Int) -> RenderedRequest {
        let markup = Markup.slack
        return RenderedRequest.using(template) { template throws(TemplateError) in
            let text = try template.fit(message, markup: markup, now: now, fits: { $0.utf16.count <= Self.sectionLimit }, payload: { $0 })
            return request(message, sections: [text])
        } otherwise: {
            let (header, body) = Detail.fit(
                message, fits: { $0.0.utf16.count <= Self.sectionLimit && $0.1.utf16.count <= Self.sectionLimit }
            ) { detail in
                (
                    MessageText.header(message, markup: markup, detail: detail),
                    MessageText.bodyLines(message, markup: markup, detail: detail, includeLink: false).joined(separator: "\n")
                )
            }
            return request(message, sections: [header, body])
        }
    }

    private func request(_ message: AlertMessage, sections: [String]) -> HTTPRequest {
        let markup = Markup.slack
        var blocks: [JSONValue] = sections.map(Self.section)
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
