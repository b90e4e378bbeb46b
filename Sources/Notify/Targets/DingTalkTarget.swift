import Transport

/// A DingTalk custom robot: markdown with `at` from the configuration only, and a signed URL
/// (`timestamp` + `sign`) when a secret is set. End-user text never produces a mention: every
/// `@` in it becomes `＠`.
public struct DingTalkTarget: Sendable {
    /// The webhook URL, access token included.
    public var url: Secret
    /// The signing secret, if the robot has one.
    public var secret: Secret?
    /// Mobile numbers to mention.
    public var atMobiles: [String]
    /// User ids to mention.
    public var atUserIDs: [String]
    /// Whether to mention everyone (only ever from the configuration).
    public var isAtAll: Bool
    /// The receiver's template for the markdown text (the mentions still follow it).
    public var template: MessageTemplate?

    /// The limit of the markdown text, in UTF-8 bytes (DingTalk's messages are capped at 20 000).
    public static let textLimit = 20_000

    /// Creates a DingTalk target.
    public init(
        url: Secret, secret: Secret? = nil, atMobiles: [String] = [], atUserIDs: [String] = [], isAtAll: Bool = false,
        template: MessageTemplate? = nil
    ) {
        self.url = url
        self.secret = secret
        self.atMobiles = atMobiles
        self.atUserIDs = atUserIDs
        self.isAtAll = isAtAll
        self.template = template
    }

    /// The request for `message`; `now` (Unix seconds) is the signature's timestamp.
    public func render(_ message: AlertMessage, now: Int) -> HTTPRequest {
        renderReporting(message, now: now).request
    }

    /// The request for `message`, with the template's error when the default text was used.
    public func renderReporting(_ message: AlertMessage, now: Int) -> RenderedRequest {
        // A mention shows only when `@mobile` / `@userid` is in the text, and pings only when also in `at`.
        let mentions = (atMobiles + atUserIDs).map { "@" + WeComTarget.configured($0) }.joined(separator: " ")
        let withMentions = { (text: String) in mentions.isEmpty ? text : text + "\n\n" + mentions }
        return RenderedRequest.using(template) { template throws(TemplateError) in
            let text = try template.fit(message, markup: .chinaMarkdown, now: now, fits: { $0.utf8.count <= Self.textLimit }, payload: withMentions)
            return request(message, text: text, now: now)
        } otherwise: {
            let text = Detail.fit(message, fits: { $0.utf8.count <= Self.textLimit }) { detail in
                let lines =
                    [MessageText.header(message, markup: .chinaMarkdown, detail: detail)]
                    + MessageText.bodyLines(message, markup: .chinaMarkdown, detail: detail)
                return withMentions(lines.joined(separator: "\n\n"))
            }
            return request(message, text: text, now: now)
        }
    }

    private func request(_ message: AlertMessage, text: String, now: Int) -> HTTPRequest {
        let title = MessageText.summaryLine(message, markup: .chinaMarkdown, cap: 60)
        let body = JSONValue.object([
            ("msgtype", .string("markdown")),
            ("markdown", .object([("title", .string(title)), ("text", .string(text))])),
            (
                "at",
                .object([
                    ("atMobiles", .array(atMobiles.map { .string($0) })), ("atUserIds", .array(atUserIDs.map { .string($0) })),
                    ("isAtAll", .bool(isAtAll)),
                ])
            ),
        ])
        var address = url.reveal()
        if let secret, !secret.isEmpty {
            let timestamp = now * 1000
            address = HTTPRequest.appending(
                query: "timestamp=\(timestamp)&sign=\(Signature.dingTalk(secret: secret, timestampMilliseconds: timestamp))", to: address)
        }
        return .json(url: address, body: body)
    }
}
