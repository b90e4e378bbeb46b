import Transport

/// A Telegram bot's `sendMessage` in HTML parse mode (text 1–4096 characters).
public struct TelegramTarget: Sendable {
    /// The bot token.
    public var botToken: Secret
    /// The chat id (`-1001234…` or `@channel`), from the configuration.
    public var chatID: String
    /// The API base URL.
    public var apiURL: String

    /// The text limit, in UTF-16 code units (what Telegram counts).
    public static let textLimit = 4096

    /// Creates a Telegram target.
    public init(botToken: Secret, chatID: String, apiURL: String = "https://api.telegram.org") {
        self.botToken = botToken
        self.chatID = chatID
        self.apiURL = apiURL
    }

    /// The request for `message`.
    public func render(_ message: AlertMessage, now: Int) -> HTTPRequest {
        let markup = Markup.telegramHTML
        let text = Detail.fit(message, fits: { $0.utf16.count <= Self.textLimit }) { detail in
            ([MessageText.header(message, markup: markup, detail: detail)] + MessageText.bodyLines(message, markup: markup, detail: detail))
                .joined(separator: "\n")
        }
        let body = JSONValue.object([
            ("chat_id", .string(chatID)), ("text", .string(text)), ("parse_mode", .string("HTML")), ("disable_web_page_preview", .bool(true)),
        ])
        let base = apiURL.hasSuffix("/") ? String(apiURL.dropLast()) : apiURL
        return .json(url: "\(base)/bot\(botToken.reveal())/sendMessage", body: body)
    }
}
