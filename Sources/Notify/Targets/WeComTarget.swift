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

    /// The content limit of a markdown message, in UTF-8 bytes.
    public static let markdownLimit = 4096
    /// The content limit of a text message, in UTF-8 bytes.
    public static let textLimit = 2048

    /// Creates a WeCom target.
    public init(url: Secret, format: Format = .markdown, mentionedUserIDs: [String] = [], mentionedMobiles: [String] = []) {
        self.url = url
        self.format = format
        self.mentionedUserIDs = mentionedUserIDs
        self.mentionedMobiles = mentionedMobiles
    }

    /// The request for `message`.
    public func render(_ message: AlertMessage, now: Int) -> HTTPRequest {
        switch format {
        case .markdown:
            // Markdown mentions are `<@userid>`; they come from the configuration only.
            let mentions = mentionedUserIDs.map { "<@\(Self.configured($0))>" }.joined(separator: " ")
            let content = Detail.fit(message, fits: { $0.utf8.count <= Self.markdownLimit }) { detail in
                let lines =
                    [MessageText.header(message, markup: .chinaMarkdown, detail: detail)]
                    + MessageText.bodyLines(message, markup: .chinaMarkdown, detail: detail)
                return (lines + (mentions.isEmpty ? [] : [mentions])).joined(separator: "\n")
            }
            let body = JSONValue.object([("msgtype", .string("markdown")), ("markdown", .object([("content", .string(content))]))])
            return .json(url: url.reveal(), body: body)
        case .text:
            let content = Detail.fit(message, fits: { $0.utf8.count <= Self.textLimit }) { detail in
                ([MessageText.summaryLine(message, markup: .chinaText, cap: detail.fieldCap)]
                    + MessageText.bodyLines(message, markup: .chinaText, detail: detail)).joined(separator: "\n")
            }
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
