import Transport

/// A Telegram bot's `sendMessage` in HTML parse mode (text 1–4096 characters).
public struct TelegramTarget: Sendable {
    /// The bot token.
    public var botToken: Secret
    /// The chat id (`-1001234…` or `@channel`), from the configuration.
    public var chatID: String
    /// The API base URL.
    public var apiURL: String
    /// The receiver's template for the message text, in Telegram's HTML.
    public var template: MessageTemplate?

    /// The text limit, in UTF-16 code units (what Telegram counts).
    public static let textLimit = 4096

    /// Creates a Telegram target.
    public init(botToken: Secret, chatID: String, apiURL: String = "https://api.telegram.org", template: MessageTemplate? = nil) {
        self.botToken = botToken
        self.chatID = chatID
        self.apiURL = apiURL
        self.template = template
    }

    /// The request for `message`.
    public func render(_ message: AlertMessage, now: Int) -> HTTPRequest {
        renderReporting(message, now: now).request
    }

    /// The request for `message`, with the template's error when the default text was used.
    public func renderReporting(_ message: AlertMessage, now: Int) -> RenderedRequest {
        let markup = Markup.telegramHTML
        let fits = { (text: String) in text.utf16.count <= Self.textLimit }
        return RenderedRequest.using(template) { template throws(TemplateError) in
            request(text: try template.fit(message, markup: markup, now: now, fits: fits, payload: { $0 }))
        } otherwise: {
            let text = Detail.fit(message, fits: fits) { detail in
                ([MessageText.header(message, markup: markup, detail: detail)] + MessageText.bodyLines(message, markup: markup, detail: detail))
                    .joined(separator: "\n")
            }
            return request(text: text)
        }
    }

    private func request(text: String) -> HTTPRequest {
        let body = JSONValue.object([
            ("chat_id", .string(chatID)), ("text", .string(text)), ("parse_mode", .string("HTML")), ("disable_web_page_preview", .bool(true)),
        ])
        let base = apiURL.hasSuffix("/") ? String(apiURL.dropLast()) : apiURL
        return .json(url: "\(base)/bot\(botToken.reveal())/sendMessage", body: body)
    }
}
