import Foundation
import Notify
import Rules
import Testing
import Transport

/// Alerts, rules and hostile text shared by the tests.
enum Fixtures {
    /// 2026-11-01 00:00:00 UTC.
    static let now = 1_793_491_200

    static let abandonment = Rule(
        name: "abandonment-high", severity: .critical, groupBy: [.agentGroupID], window: 3600,
        condition: .ratio(RatioCondition(of: .equals(.endStatus, "UserAbandonedDuringQueueing"), bound: Bound(.above, 0.10))),
        summary: "{{matches}} of {{total}} chats ({{ratio}}) in {{group.AgentGroupName}} were abandoned in the last hour")

    /// A group whose queue name (and id) is `name`.
    static func group(_ name: String, id: String = "g1") -> AlertGroup {
        AlertGroup(labels: [.init(field: .agentGroupID, value: id)], display: [.init(field: .agentGroupName, value: name)])
    }

    static func session(_ index: Int, agent: String = "agent-7", nickname: String = "Ann") -> SessionSample {
        SessionSample(
            Session(
                source: "cn", sessionID: "s-\(index)", agentGroupID: "g1", agentGroupName: "Online customer service", agentID: agent,
                clientUserNickName: nickname, duration: 60, endStatus: "UserAbandonedDuringQueueing", satisfaction: index % 5 + 1,
                timestamp: now - 600 + index))
    }

    static func firing(
        queue: String = "Online customer service", groupID: String = "g1", sessions: Int = 3, agent: String = "agent-7", at: Int = now,
        firedAt: Int? = nil, sessionID: String? = nil
    ) -> Transition {
        Transition(
            rule: "abandonment-high", severity: .critical, group: group(queue, id: groupID), event: .firing, from: .pending, to: .firing, at: at,
            measurement: Measurement(verdict: .holds, value: 0.15, threshold: "> 10%", total: 80, matches: 12),
            sample: (0..<sessions).map { index in
                var sample = session(index, agent: agent)
                if let sessionID { sample.sessionID = sessionID }
                return sample
            }, sessionCount: max(sessions, 12), firedAt: firedAt ?? at)
    }

    static func resolved(firedAt: Int = now - 5400) -> Transition {
        Transition(
            rule: "abandonment-high", severity: .critical, group: group("Online customer service"), event: .resolved, from: .firing,
            to: .inactive, at: now, measurement: Measurement(verdict: .clear, value: 0.04, threshold: "> 10%", total: 75, matches: 3),
            firedAt: firedAt)
    }

    static func message(_ transitions: [Transition] = [firing()], externalURL: String? = "https://status.example.com/alerts") -> AlertMessage {
        AlertMessage(receiver: "support", transitions: transitions, rules: ["abandonment-high": abandonment], externalURL: externalURL)
    }

    /// Every target, with secrets set where the target signs.
    static let targets: [(name: String, target: NotificationTarget)] = [
        ("wecom-markdown", .wecom(WeComTarget(url: Secret("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K")))),
        ("wecom-text", .wecom(WeComTarget(url: Secret("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K"), format: .text))),
        ("dingtalk", .dingtalk(DingTalkTarget(url: Secret("https://oapi.dingtalk.com/robot/send?access_token=T"), secret: Secret("S")))),
        ("feishu-post", .feishu(FeishuTarget(url: Secret("https://open.feishu.cn/open-apis/bot/v2/hook/T"), secret: Secret("S")))),
        ("lark-card", .feishu(FeishuTarget(url: Secret("https://open.larksuite.com/open-apis/bot/v2/hook/T"), format: .card))),
        ("slack", .slack(SlackTarget(url: Secret("https://hooks.slack.com/services/T/B/X")))),
        ("teams", .teams(TeamsTarget(url: Secret("https://example.logic.azure.com/workflows/1")))),
        ("discord", .discord(DiscordTarget(url: Secret("https://discord.com/api/webhooks/1/T")))),
        ("telegram", .telegram(TelegramTarget(botToken: Secret("123:ABC"), chatID: "-1001234"))),
        ("googlechat", .googleChat(GoogleChatTarget(url: Secret("https://chat.googleapis.com/v1/spaces/S/messages?key=K&token=T")))),
        ("webhook", .webhook(WebhookTarget(url: Secret("https://hooks.example.com/in"), secret: Secret("S")))),
        ("webhook-am", .webhook(WebhookTarget(url: Secret("https://hooks.example.com/in"), format: .alertmanager))),
        ("alertmanager", .alertmanager(AlertmanagerTarget(url: "http://127.0.0.1:9093"))),
    ]

    /// Names and nicknames that try every target's mention, link, markup and header syntax.
    static let hostile: [String] = [
        "@all", "@everyone", "@here", "<!channel>", "<!here>", "<!everyone>", "<@U123>", "<@&42>", "<users/all>",
        "<at user_id=\"all\">everyone</at>", "<at id=all></at>", "[click](https://evil.example)", "<https://evil.example|click>",
        "<a href=\"https://evil.example\">x</a>", "<script>alert(1)</script>", "<b>bold</b>", "**bold** _it_ ~~s~~ `code`",
        "Eve\r\nBcc: victim@example.com", "Eve\nSubject: hi", "\u{202E}gnp.exe", "a\u{2066}b\u{2069}c\u{202A}", "x\u{0000}y\u{001B}[31m",
        String(repeating: "A", count: 10_000), String(repeating: "😀", count: 3000), "e\u{301}" + String(repeating: "\u{301}", count: 5000),
        "客服 @所有人", "＠all", "@\u{200B}all", "&lt;!channel&gt;", "\\<!channel>", "](https://evil.example)",
    ]
}

extension Fixtures {
    /// Whether `request`, rendered for the target called `name`, is within that target's limits.
    static func withinLimit(_ name: String, _ request: HTTPRequest) throws -> Bool {
        let size = request.body?.count ?? 0
        switch name {
        case "wecom-markdown", "wecom-text":
            let body = try JSON.object(request)
            let content = try #require(((body["markdown"] ?? body["text"]) as? [String: Any])?["content"] as? String)
            return content.utf8.count <= (name == "wecom-text" ? WeComTarget.textLimit : WeComTarget.markdownLimit)
        case "dingtalk":
            let text = try #require((JSON.object(request)["markdown"] as? [String: Any])?["text"] as? String)
            return text.utf8.count <= DingTalkTarget.textLimit
        case "feishu-post", "lark-card": return size <= FeishuTarget.bodyLimit
        case "slack":
            let blocks = try #require(JSON.object(request)["blocks"] as? [[String: Any]])
            return blocks.allSatisfy { JSON.strings(in: $0).allSatisfy { $0.utf16.count <= SlackTarget.sectionLimit } }
        case "teams": return size <= TeamsTarget.bodyLimit
        case "discord":
            let body = try JSON.object(request)
            let embed = try #require((body["embeds"] as? [[String: Any]])?.first)
            let title = (embed["title"] as? String ?? "").utf16.count
            let description = (embed["description"] as? String ?? "").utf16.count
            return (body["content"] as? String ?? "").utf16.count <= DiscordTarget.contentLimit && title <= DiscordTarget.titleLimit
                && description <= DiscordTarget.descriptionLimit && title + description <= DiscordTarget.embedsLimit
        case "telegram":
            let text = try #require(JSON.object(request)["text"] as? String)
            return !text.isEmpty && text.utf16.count <= TelegramTarget.textLimit
        case "googlechat": return try #require(JSON.object(request)["text"] as? String).count <= GoogleChatTarget.textLimit
        case "webhook", "webhook-am": return size <= 256 * 1024
        default: return true
        }
    }
}
