import Rules
import Transport

/// A Feishu or Lark custom bot: a `post` (rich text) or an `interactive` card, with `timestamp`
/// and `sign` in the body when a secret is set. End-user text goes only into `text` tags and
/// `plain_text` elements; the only `a` tag is the configured status page.
public struct FeishuTarget: Sendable {
    /// The message type.
    public enum Format: String, Sendable, Hashable {
        /// `msg_type: post`.
        case post
        /// `msg_type: interactive`.
        case card
    }

    /// The webhook URL (`open.feishu.cn` or `open.larksuite.com`), token included.
    public var url: Secret
    /// The signing secret, if the bot has one.
    public var secret: Secret?
    /// Rich text or card.
    public var format: Format
    /// The receiver's template for the text below the title: one `text` paragraph per line of a
    /// post, or the card's text.
    public var template: MessageTemplate?

    /// The body limit, in bytes.
    public static let bodyLimit = 20 * 1024

    /// Creates a Feishu / Lark target.
    public init(url: Secret, secret: Secret? = nil, format: Format = .post, template: MessageTemplate? = nil) {
        self.url = url
        self.secret = secret
        self.format = format
        self.template = template
    }

    /// The request for `message`; `now` (Unix seconds) is the signature's timestamp.
    public func render(_ message: AlertMessage, now: Int) -> HTTPRequest {
        renderReporting(message, now: now).request
    }

    /// The request for `message`, with the template's error when the default text was used.
    public func renderReporting(_ message: AlertMessage, now: Int) -> RenderedRequest {
        var signing: [(String, JSONValue)] = []
        if let secret, !secret.isEmpty {
            signing = [("timestamp", .string(String(now))), ("sign", .string(Signature.feishu(secret: secret, timestampSeconds: now)))]
        }
        let fits = { (body: JSONValue) in body.data.count <= Self.bodyLimit }
        return RenderedRequest.using(template) { template throws(TemplateError) in
            let title = MessageText.summaryLine(message, markup: .feishu)
            let body = try template.fit(message, markup: .feishu, now: now, fits: fits) { text in
                JSONValue.object(
                    signing + content(message, title: title, lines: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)))
            }
            return .json(url: url.reveal(), body: body)
        } otherwise: {
            let body = Detail.fit(message, fits: fits) { detail in
                let title = MessageText.summaryLine(message, markup: .feishu, cap: detail.fieldCap)
                let lines = MessageText.bodyLines(message, markup: .feishu, detail: detail, includeLink: false)
                return JSONValue.object(signing + content(message, title: title, lines: lines))
            }
            return .json(url: url.reveal(), body: body)
        }
    }

    private func content(_ message: AlertMessage, title: String, lines: [String]) -> [(String, JSONValue)] {
        switch format {
        case .post:
            var paragraphs: [JSONValue] = lines.map { .array([Self.text($0)]) }
            if let link = message.externalURL {
                paragraphs.append(.array([.object([("tag", .string("a")), ("text", .string("Status page")), ("href", .string(link))])]))
            }
            let post = JSONValue.object([("zh_cn", .object([("title", .string(title)), ("content", .array(paragraphs))]))])
            return [("msg_type", .string("post")), ("content", .object([("post", post)]))]
        case .card:
            var elements: [JSONValue] = [
                .object([
                    ("tag", .string("div")),
                    ("text", .object([("tag", .string("plain_text")), ("content", .string(lines.joined(separator: "\n")))])),
                ])
            ]
            if let link = message.externalURL {
                let button = JSONValue.object([
                    ("tag", .string("button")), ("text", .object([("tag", .string("plain_text")), ("content", .string("Status page"))])),
                    ("url", .string(link)), ("type", .string("default")),
                ])
                elements.append(.object([("tag", .string("action")), ("actions", .array([button]))]))
            }
            let header = JSONValue.object([
                ("title", .object([("tag", .string("plain_text")), ("content", .string(title))])),
                ("template", .string(Self.template(message))),
            ])
            let card = JSONValue.object([
                ("config", .object([("wide_screen_mode", .bool(true))])), ("header", header), ("elements", .array(elements)),
            ])
            return [("msg_type", .string("interactive")), ("card", card)]
        }
    }

    private static func text(_ text: String) -> JSONValue {
        .object([("tag", .string("text")), ("text", .string(text))])
    }

    /// The card header colour.
    static func template(_ message: AlertMessage) -> String {
        if message.status == .resolved { return "green" }
        switch message.severity {
        case .critical: return "red"
        case .warning: return "orange"
        case .info: return "blue"
        }
    }
}
