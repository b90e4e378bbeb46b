import Transport

/// A WeCom (企业微信) group robot: `markdown` (content ≤ 4096 bytes) or `text` (≤ 2048 bytes)
/// with optional mentions of configured user ids and mobiles. End-user text never produces a
/// mention: every `@` in it becomes `＠`.
public struct WeComTarget: Sendable {
    /// The message type.
    public enum Format: String, Sendable, Hashable {
        /// `msgtype: markdown`.
        case markdown
        /// `msgtype: text`.
        case text
    }

    /// The webhook URL, key included.
    public var url: Secret
    /// Markdown or text.
    public var format: Format
    /// User ids to mention, from the configuration only.
    public var mentionedUserIDs: [String]
    /// Mobile numbers to mention (text only), from the configuration only.
    public var mentionedMobiles: [String]
    /// The receiver's template for the content (the mentions still follow it).
    public var template: MessageTemplate?

    /// The content limit of a markdown message, in UTF-8 bytes.
    public static let markdownLimit = 4096
    /// The content limit of a text message, in UTF-8 bytes.
    public static let textLimit = 2048

    /// Creates a WeCom target.
    public init(
        url: Secret, format: Format = .markdown, mentionedUserIDs: [String] = [], mentionedMobiles: [String] = [],
        template: MessageTemplate? = nil
    ) {
        self.url = url
        self.format = format
        self.mentionedUserIDs = mentionedUserIDs
        self.mentionedMobiles = mentionedMobiles
        self.template = template
    }

    /// The request for `message`.
    public func render(_ message: AlertMessage, now: Int) -> HTTPRequest {
        renderReporting(message, now: now).request
    }

    /// The request for `message`, with the template's error when the default content was used.
    public func renderReporting(_ message: AlertMessage, now: Int) -> RenderedRequest {
        // Markdown mentions are `<@userid>`; they come from the configuration only.
        let mentions = format == .markdown ? mentionedUserIDs.map { "<@\(Self.configured($0))>" }.joined(separator: " ") : ""
        let withMentions = { (text: String) in mentions.isEmpty ? text : text + "\n" + mentions }
        let markup: Markup = format == .markdown ? .chinaMarkdown : .chinaText
        let limit = format == .markdown ? Self.markdownLimit : Self.textLimit
        return RenderedRequest.using(template) { template throws(TemplateError) in
            request(content: try template.fit(message, markup: markup, now: now, fits: { $0.utf8.count <= limit }, payload: withMentions))
        } otherwise: {
            let content = Detail.fit(message, fits: { $0.utf8.count <= limit }) { detail in
                switch format {
                case .markdown:
                    let lines =
                        [MessageText.header(message, markup: markup, detail: detail)] + MessageText.bodyLines(message, markup: markup, detail: detail)
                    return withMentions(lines.joined(separator: "\n"))
                case .text:
                    return
                        ([MessageText.summaryLine(message, markup: markup, cap: detail.fieldCap)]
                        + MessageText.bodyLines(message, markup: markup, detail: detail)).joined(separator: "\n")
                }
            }
            return request(content: content)
        }
    }

    private func request(content: String) -> HTTPRequest {
        switch format {
        case .markdown:
            let body = JSONValue.object([("msgtype", .string("markdown")), ("markdown", .object([("content", .string(content))]))])
            return .json(url: url.reveal(), body: body)
        case .text:
            var text: [(String, JSONValue)] = [("content", .string(content))]
            if !mentionedUserIDs.isEmpty { text.append(("mentioned_list", .array(mentionedUserIDs.map { .string($0) }))) }
            if !mentionedMobiles.isEmpty { text.append(("mentioned_mobile_list", .array(mentionedMobiles.map { .string($0) }))) }
            let body = JSONValue.object([("msgtype", .string("text")), ("text", .object(text))])
            return .json(url: url.reveal(), body: body)
        }
    }

    /// A configured id with anything that could close the mention tag removed.
    static func configured(_ id: String) -> String {
        String(id.unicodeScalars.filter { $0 != "<" && $0 != ">" && !TextSanitizer.isControl($0) }.map(Character.init))
    }
}
