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
        switch self {
        case .wecom(let target): target.render(message, now: now)
        case .dingtalk(let target): target.render(message, now: now)
        case .feishu(let target): target.render(message, now: now)
        case .slack(let target): target.render(message, now: now)
        case .teams(let target): target.render(message, now: now)
        case .discord(let target): target.render(message, now: now)
        case .telegram(let target): target.render(message, now: now)
        case .googleChat(let target): target.render(message, now: now)
        case .webhook(let target): target.render(message, now: now)
        case .alertmanager(let target): target.render(message, now: now)
        }
    }
}
