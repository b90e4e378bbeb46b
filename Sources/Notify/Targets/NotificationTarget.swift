import Transport

/// Where a receiver's messages go, and how they are written there. The seam for receivers
/// read from the configuration: each case renders an ``AlertMessage`` into the one request
/// that delivers it; sending, retrying and rate limiting belong to the delivery.
public enum NotificationTarget: Sendable {
    /// A WeCom group robot.
    case wecom(WeComTarget)
    /// A DingTalk custom robot.
    case dingtalk(DingTalkTarget)
    /// A Feishu or Lark custom bot.
    case feishu(FeishuTarget)
    /// A Slack incoming webhook.
    case slack(SlackTarget)
    /// A Microsoft Teams Workflows webhook.
    case teams(TeamsTarget)
    /// A Discord webhook.
    case discord(DiscordTarget)
    /// A Telegram bot.
    case telegram(TelegramTarget)
    /// A Google Chat webhook.
    case googleChat(GoogleChatTarget)
    /// A generic JSON webhook.
    case webhook(WebhookTarget)
    /// A Prometheus Alertmanager.
    case alertmanager(AlertmanagerTarget)

    /// The request that delivers `message`; `now` (Unix seconds) is used for signatures and
    /// timestamps only.
    public func render(_ message: AlertMessage, now: Int) -> HTTPRequest {
        renderReporting(message, now: now).request
    }

    /// The request that delivers `message`, and the error of the receiver's template when it
    /// failed for this message and the default body was used instead (to be reported: the
    /// message is still delivered).
    public func renderReporting(_ message: AlertMessage, now: Int) -> RenderedRequest {
        switch self {
        case .wecom(let target): target.renderReporting(message, now: now)
        case .dingtalk(let target): target.renderReporting(message, now: now)
        case .feishu(let target): target.renderReporting(message, now: now)
        case .slack(let target): target.renderReporting(message, now: now)
        case .teams(let target): target.renderReporting(message, now: now)
        case .discord(let target): target.renderReporting(message, now: now)
        case .telegram(let target): target.renderReporting(message, now: now)
        case .googleChat(let target): target.renderReporting(message, now: now)
        case .webhook(let target): target.renderReporting(message, now: now)
        case .alertmanager(let target): RenderedRequest(request: target.render(message, now: now))
        }
    }

    /// The receiver's template, if its target has one set.
    public var template: MessageTemplate? {
        switch self {
        case .wecom(let target): target.template
        case .dingtalk(let target): target.template
        case .feishu(let target): target.template
        case .slack(let target): target.template
        case .teams(let target): target.template
        case .discord(let target): target.template
        case .telegram(let target): target.template
        case .googleChat(let target): target.template
        case .webhook(let target): target.bodyTemplate
        case .alertmanager: nil
        }
    }
}
