import Rules
import Transport

/// A Discord webhook: a short `content` line and one embed, with `allowed_mentions: {parse: []}`
/// so that nothing in the message pings anyone. Limits: content 2000, embed title 256,
/// description 4096, all embeds 6000 characters.
public struct DiscordTarget: Sendable {
    /// The webhook URL (`…/api/webhooks/ID/TOKEN`).
    public var url: Secret
    /// The receiver's template for the embed's description; the short `content` line and the
    /// embed's title stay.
    public var template: MessageTemplate?

    /// The `content` limit.
    public static let contentLimit = 2000
    /// The embed title limit.
    public static let titleLimit = 256
    /// The embed description limit.
    public static let descriptionLimit = 4096
    /// The limit of all embed text together.
    public static let embedsLimit = 6000

    /// Creates a Discord target.
    public init(url: Secret, template: MessageTemplate? = nil) {
        self.url = url
        self.template = template
    }

    /// The request for `message`; `now` is the embed's timestamp.
    public func render(_ message: AlertMessage, now: Int) -> HTTPRequest {
        renderReporting(message, now: now).request
    }

    /// The request for `message`, with the template's error when the default description was
    /// used.
    public func renderReporting(_ message: AlertMessage, now: Int) -> RenderedRequest {
        let markup = Markup.discord
        typealias Parts = (content: String, title: String, description: String)
        let fits = { (parts: Parts) in
            parts.content.utf16.count <= Self.contentLimit && parts.title.utf16.count <= Self.titleLimit
                && parts.description.utf16.count <= Self.descriptionLimit
                && parts.title.utf16.count + parts.description.utf16.count <= Self.embedsLimit
        }
        return RenderedRequest.using(template) { template throws(TemplateError) in
            let content = MessageText.summaryLine(message, markup: markup)
            let title = markup.escape(message.title, 120)
            let parts = try template.fit(message, markup: markup, now: now, fits: fits) { text in Parts(content, title, text) }
            return request(message, parts: parts, now: now)
        } otherwise: {
            let parts = Detail.fit(message, fits: fits) { detail in
                Parts(
                    content: MessageText.summaryLine(message, markup: markup, cap: detail.fieldCap),
                    title: markup.escape(message.title, min(detail.fieldCap, 120)),
                    description: MessageText.bodyLines(message, markup: markup, detail: detail).joined(separator: "\n")
                )
            }
            return request(message, parts: parts, now: now)
        }
    }

    private func request(_ message: AlertMessage, parts: (content: String, title: String, description: String), now: Int) -> HTTPRequest {
        var embed: [(String, JSONValue)] = [
            ("title", .string(parts.title)), ("description", .string(parts.description)), ("color", .int(Self.color(message))),
            ("timestamp", .string(TimeText.rfc3339(now))),
        ]
        if let link = message.externalURL { embed.append(("url", .string(link))) }
        let body = JSONValue.object([
            ("content", .string(parts.content)), ("embeds", .array([.object(embed)])),
            ("allowed_mentions", .object([("parse", .array([]))])),
        ])
        return .json(url: url.reveal(), body: body)
    }

    /// The embed colour.
    static func color(_ message: AlertMessage) -> Int {
        if message.status == .resolved { return 0x2EB67D }
        switch message.severity {
        case .critical: return 0xE01E5A
        case .warning: return 0xECB22E
        case .info: return 0x36C5F0
        }
    }
}
