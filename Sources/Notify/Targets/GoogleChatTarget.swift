import Transport

/// A Google Chat webhook: `text`, one thread per alert (`thread.threadKey` from the alert's rule
/// and group, so that its resolve replies to its firing) with
/// `messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD`.
public struct GoogleChatTarget: Sendable {
    /// The webhook URL, key and token included.
    public var url: Secret

    /// The text limit, in characters.
    public static let textLimit = 4096

    /// Creates a Google Chat target.
    public init(url: Secret) { self.url = url }

    /// The request for `message`.
    public func render(_ message: AlertMessage, now: Int) -> HTTPRequest {
        let markup = Markup.googleChat
        let text = Detail.fit(message, fits: { $0.count <= Self.textLimit }) { detail in
            ([MessageText.header(message, markup: markup, detail: detail)] + MessageText.bodyLines(message, markup: markup, detail: detail))
                .joined(separator: "\n")
        }
        let threadKey = message.alerts.first?.key ?? message.id
        let body = JSONValue.object([("text", .string(text)), ("thread", .object([("threadKey", .string(threadKey))]))])
        let address = HTTPRequest.appending(query: "messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD", to: url.reveal())
        return .json(url: address, body: body)
    }
}
