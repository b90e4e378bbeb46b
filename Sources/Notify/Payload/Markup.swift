/// How a target writes text: its escape function and its bold and link syntax.
public struct Markup: Sendable {
    /// Escapes outside text, capped at the given number of characters.
    public var escape: @Sendable (UntrustedText, Int) -> String
    /// Makes already escaped text bold.
    public var bold: @Sendable (String) -> String
    /// A link with already escaped text to a checked URL; `nil` when links are added separately.
    public var link: (@Sendable (String, String) -> String)?

    /// Creates a markup.
    public init(
        escape: @escaping @Sendable (UntrustedText, Int) -> String, bold: @escaping @Sendable (String) -> String = { $0 },
        link: (@Sendable (String, String) -> String)? = nil
    ) {
        self.escape = escape
        self.bold = bold
        self.link = link
    }

    /// Slack mrkdwn.
    public static let slack = Markup(escape: { Escape.slack($0, cap: $1) }, bold: { "*\($0)*" }, link: { "<\($1)|\($0)>" })
    /// Telegram HTML.
    public static let telegramHTML = Markup(
        escape: { Escape.html($0, cap: $1) }, bold: { "<b>\($0)</b>" }, link: { "<a href=\"\($1)\">\($0)</a>" })
    /// Discord markdown.
    public static let discord = Markup(escape: { Escape.discord($0, cap: $1) }, bold: { "**\($0)**" }, link: { "[\($0)](\($1))" })
    /// WeCom and DingTalk markdown.
    public static let chinaMarkdown = Markup(
        escape: { Escape.chinaMarkdown($0, cap: $1) }, bold: { "**\($0)**" }, link: { "[\($0)](\($1))" })
    /// WeCom plain text.
    public static let chinaText = Markup(escape: { Escape.chinaMarkdown($0, cap: $1) }, link: { "\($0): \($1)" })
    /// Feishu / Lark text elements (links are separate `a` elements).
    public static let feishu = Markup(escape: { Escape.feishu($0, cap: $1) })
    /// Teams Adaptive Card `TextBlock` markdown (the link is a separate action).
    public static let teams = Markup(escape: { Escape.teams($0, cap: $1) }, bold: { "**\($0)**" })
    /// Google Chat text.
    public static let googleChat = Markup(escape: { Escape.googleChat($0, cap: $1) }, bold: { "*\($0)*" }, link: { "<\($1)|\($0)>" })
    /// The inside of a JSON string (webhook body templates): cleaned and capped as by
    /// ``Escape/plain(_:cap:)``, then quotes and backslashes escaped, so that a value between
    /// quotes keeps the document valid JSON.
    public static let jsonString = Markup(escape: { JSONValue.stringContent(Escape.plain($0, cap: $1)) })
}
