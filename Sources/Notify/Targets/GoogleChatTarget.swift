import Transport

/// A Google Chat webhook: `text`, one thread per alert (`thread.threadKey` from the alert's rule
/// and group, so that its resolve replies to its firing) with
/// `messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD`.
public struct GoogleChatTarget: Sendable {
    /// The webhook URL, key and token included.
    public var url: Secret
    /// The receiver's template for the message text.
    public var template: MessageTemplate?

    /// The text limit, in characters.
    public static let textLimit = 4096

    /// Creates a Google Chat target.
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
        let markup = Markup.googleChat
        let fits = { (text: String) in text.count <= Self.textLimit }
        return RenderedRequest.using(template) { template throws(TemplateError) in
            request(message, text: try template.fit(message, markup: markup, now: now, fits: fits, payload: { $0 }))
        } otherwise: {
            let text = Detail.fit(message, fits: fits) { detail in
                ([MessageText.header(message, markup: markup, detail: detail)] + MessageText.bodyLines(message, markup: markup, detail: detail))
                    .joined(separator: "\n")
            }
            return request(message, text: text)
        }
    }

    private func request(_ message: AlertMessage, text: String) -> HTTPRequest {
        let threadKey = message.alerts.first?.key ?? message.id
        let body = JSONValue.object([("text", .string(text)), ("thread", .object([("threadKey", .string(threadKey))]))])
        let address = HTTPRequest.appending(query: "messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD", to: url.reveal())
        return .json(url: address, body: body)
    }
}
