import Foundation
import Notify
import Testing
import Transport

/// Each target's body has the documented shape.
struct PayloadShapeTests {
    let message = Fixtures.message()
    let now = Fixtures.now

    @Test func everyTargetPostsJSON() {
        for (name, target) in Fixtures.targets {
            let request = target.render(message, now: now)
            #expect(request.method == "POST", "\(name)")
            #expect(request.headers.contains { $0.name == "Content-Type" && $0.value.hasPrefix("application/json") }, "\(name)")
        }
    }

    @Test func wecomMarkdownHasOnlyMsgtypeAndContent() throws {
        let body = try JSON.object(WeComTarget(url: Secret("https://q/send?key=K")).render(message, now: now))
        #expect(Set(body.keys) == ["msgtype", "markdown"])
        #expect(body["msgtype"] as? String == "markdown")
        let markdown = try #require(body["markdown"] as? [String: Any])
        #expect(Set(markdown.keys) == ["content"])
        let content = try #require(markdown["content"] as? String)
        #expect(content.hasPrefix("🔴 FIRING critical: **abandonment-high · Online customer service （g1）**"))
        #expect(content.contains("12 of 80 chats （15%） in Online customer service were abandoned in the last hour; threshold ＞ 10%"))
        #expect(content.contains("[Status page](https://status.example.com/alerts)"))
    }

    @Test func wecomTextCarriesConfiguredMentionsOnly() throws {
        let target = WeComTarget(
            url: Secret("https://q/send?key=K"), format: .text, mentionedUserIDs: ["zhangsan"], mentionedMobiles: ["13800000000"])
        let body = try JSON.object(target.render(message, now: now))
        #expect(body["msgtype"] as? String == "text")
        let text = try #require(body["text"] as? [String: Any])
        #expect(text["mentioned_list"] as? [String] == ["zhangsan"])
        #expect(text["mentioned_mobile_list"] as? [String] == ["13800000000"])
        let plain = try JSON.object(WeComTarget(url: Secret("https://q/send?key=K"), format: .text).render(message, now: now))
        #expect(Set(try #require(plain["text"] as? [String: Any]).keys) == ["content"])
    }

    @Test func wecomMarkdownMentionsConfiguredUsers() throws {
        let body = try JSON.object(WeComTarget(url: Secret("https://q/send?key=K"), mentionedUserIDs: ["lisi"]).render(message, now: now))
        let content = try #require((body["markdown"] as? [String: Any])?["content"] as? String)
        #expect(content.hasSuffix("\n<@lisi>"))
    }

    @Test func dingtalkMarkdownHasTitleTextAndAt() throws {
        let target = DingTalkTarget(url: Secret("https://d/robot/send?access_token=T"), atMobiles: ["13800000000"])
        let body = try JSON.object(target.render(message, now: now))
        #expect(Set(body.keys) == ["msgtype", "markdown", "at"])
        #expect(body["msgtype"] as? String == "markdown")
        let markdown = try #require(body["markdown"] as? [String: Any])
        #expect(Set(markdown.keys) == ["title", "text"])
        #expect((markdown["text"] as? String)?.hasSuffix("@13800000000") == true)
        let at = try #require(body["at"] as? [String: Any])
        #expect(at["atMobiles"] as? [String] == ["13800000000"])
        #expect(at["atUserIds"] as? [String] == [])
        #expect(at["isAtAll"] as? Bool == false)
    }

    @Test func feishuPostUsesTextTagsAndOneConfiguredLink() throws {
        let body = try JSON.object(FeishuTarget(url: Secret("https://open.feishu.cn/open-apis/bot/v2/hook/T")).render(message, now: now))
        #expect(Set(body.keys) == ["msg_type", "content"])
        #expect(body["msg_type"] as? String == "post")
        let post = try #require(((body["content"] as? [String: Any])?["post"] as? [String: Any])?["zh_cn"] as? [String: Any])
        #expect((post["title"] as? String)?.contains("abandonment-high") == true)
        let paragraphs = try #require(post["content"] as? [[[String: Any]]])
        let elements = paragraphs.flatMap { $0 }
        let links = elements.filter { $0["tag"] as? String == "a" }
        #expect(links.count == 1)
        #expect(links.first?["href"] as? String == "https://status.example.com/alerts")
        #expect(elements.allSatisfy { ["text", "a"].contains($0["tag"] as? String ?? "") })
    }

    @Test func feishuCardUsesPlainTextElements() throws {
        let target = FeishuTarget(url: Secret("https://open.larksuite.com/open-apis/bot/v2/hook/T"), format: .card)
        let body = try JSON.object(target.render(message, now: now))
        #expect(body["msg_type"] as? String == "interactive")
        let card = try #require(body["card"] as? [String: Any])
        let header = try #require(card["header"] as? [String: Any])
        #expect(header["template"] as? String == "red")
        #expect((header["title"] as? [String: Any])?["tag"] as? String == "plain_text")
        let elements = try #require(card["elements"] as? [[String: Any]])
        #expect((elements.first?["text"] as? [String: Any])?["tag"] as? String == "plain_text")
    }

    @Test func slackHasFallbackTextAndMrkdwnSections() throws {
        let body = try JSON.object(SlackTarget(url: Secret("https://hooks.slack.com/services/X")).render(message, now: now))
        #expect(Set(body.keys) == ["text", "blocks"])
        #expect((body["text"] as? String)?.hasPrefix("🔴 FIRING critical: abandonment-high") == true)
        let blocks = try #require(body["blocks"] as? [[String: Any]])
        #expect(blocks.map { $0["type"] as? String } == ["section", "section", "context"])
        #expect((blocks[0]["text"] as? [String: Any])?["type"] as? String == "mrkdwn")
        let context = try #require((blocks[2]["elements"] as? [[String: Any]])?.first?["text"] as? String)
        #expect(context == "<https://status.example.com/alerts|Status page>")
    }

    @Test func teamsSendsAnAdaptiveCard14() throws {
        let body = try JSON.object(TeamsTarget(url: Secret("https://w/1")).render(message, now: now))
        #expect(body["type"] as? String == "message")
        let attachment = try #require((body["attachments"] as? [[String: Any]])?.first)
        #expect(attachment["contentType"] as? String == "application/vnd.microsoft.card.adaptive")
        #expect(attachment["contentUrl"] is NSNull)
        let card = try #require(attachment["content"] as? [String: Any])
        #expect(card["$schema"] as? String == "http://adaptivecards.io/schemas/adaptive-card.json")
        #expect(card["type"] as? String == "AdaptiveCard")
        #expect(card["version"] as? String == "1.4")
        let blocks = try #require(card["body"] as? [[String: Any]])
        #expect(blocks.allSatisfy { $0["type"] as? String == "TextBlock" && $0["wrap"] as? Bool == true })
        let action = try #require((card["actions"] as? [[String: Any]])?.first)
        #expect(action["type"] as? String == "Action.OpenUrl")
        #expect(action["url"] as? String == "https://status.example.com/alerts")
    }

    @Test func discordHasContentOneEmbedAndNoAllowedMentions() throws {
        let body = try JSON.object(DiscordTarget(url: Secret("https://discord.com/api/webhooks/1/T")).render(message, now: now))
        #expect(Set(body.keys) == ["content", "embeds", "allowed_mentions"])
        #expect((body["allowed_mentions"] as? [String: Any])?["parse"] as? [String] == [])
        let embed = try #require((body["embeds"] as? [[String: Any]])?.first)
        #expect(embed["color"] as? Int == 0xE01E5A)
        #expect(embed["timestamp"] as? String == "2026-11-01T00:00:00Z")
        #expect(embed["url"] as? String == "https://status.example.com/alerts")
    }

    @Test func telegramSendsHTMLToTheBotURL() throws {
        let request = TelegramTarget(botToken: Secret("123:ABC"), chatID: "-1001234").render(message, now: now)
        #expect(request.url == "https://api.telegram.org/bot123:ABC/sendMessage")
        let body = try JSON.object(request)
        #expect(body["chat_id"] as? String == "-1001234")
        #expect(body["parse_mode"] as? String == "HTML")
        let text = try #require(body["text"] as? String)
        #expect(text.contains("<b>abandonment-high · Online customer service (g1)</b>"))
        #expect(text.contains("threshold &gt; 10%"))
        #expect(text.contains("<a href=\"https://status.example.com/alerts\">Status page</a>"))
    }

    @Test func googleChatThreadsByAlertAcrossFiringAndResolve() throws {
        let target = GoogleChatTarget(url: Secret("https://chat.googleapis.com/v1/spaces/S/messages?key=K&token=T"))
        let firing = target.render(message, now: now)
        #expect(firing.url.hasSuffix("&messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD"))
        let firingKey = try #require((JSON.object(firing)["thread"] as? [String: Any])?["threadKey"] as? String)
        let resolved = target.render(Fixtures.message([Fixtures.resolved()]), now: now)
        let resolvedKey = try #require((JSON.object(resolved)["thread"] as? [String: Any])?["threadKey"] as? String)
        #expect(firingKey == resolvedKey)
        let other = target.render(Fixtures.message([Fixtures.firing(queue: "Sales", groupID: "g2")]), now: now)
        #expect(try (JSON.object(other)["thread"] as? [String: Any])?["threadKey"] as? String != firingKey)
        #expect(try JSON.object(firing)["text"] is String)
    }

    @Test func webhookDeskwatchPayloadIsVersionOne() throws {
        let body = try JSON.object(WebhookTarget(url: Secret("https://h/in")).render(message, now: now))
        #expect(body["version"] as? String == "1")
        #expect(body["status"] as? String == "firing")
        #expect(body["receiver"] as? String == "support")
        #expect(body["sentAt"] as? String == "2026-11-01T00:00:00Z")
        #expect(body["truncatedAlerts"] as? Int == 0)
        let alert = try #require((body["alerts"] as? [[String: Any]])?.first)
        #expect(alert["rule"] as? String == "abandonment-high")
        #expect(alert["event"] as? String == "firing")
        #expect(alert["value"] as? String == "15%")
        #expect(alert["threshold"] as? String == "> 10%")
        #expect(alert["endsAt"] is NSNull)
        #expect((alert["labels"] as? [String: String]) == ["AgentGroupId": "g1"])
        #expect((alert["display"] as? [String: String]) == ["Queue": "Online customer service (g1)"])
        #expect(alert["sessionCount"] as? Int == 12)
        #expect(alert["truncatedSessions"] as? Int == 9)
        let session = try #require((alert["sessions"] as? [[String: Any]])?.first)
        #expect(Set(session.keys) == ["sessionId", "agentId", "endStatus", "rating", "timestamp"])
    }

    @Test func webhookAlertmanagerPayloadIsVersionFour() throws {
        let target = WebhookTarget(url: Secret("https://h/in"), format: .alertmanager, headers: [HTTPHeader(name: "X-Team", value: "support")])
        let request = target.render(Fixtures.message([Fixtures.resolved()]), now: now)
        #expect(request.headers.contains(HTTPHeader(name: "X-Team", value: "support")))
        let body = try JSON.object(request)
        let keys: Set<String> = [
            "version", "groupKey", "truncatedAlerts", "status", "receiver", "groupLabels", "commonLabels", "commonAnnotations", "externalURL",
            "alerts",
        ]
        #expect(Set(body.keys) == keys)
        #expect(body["version"] as? String == "4")
        #expect(body["status"] as? String == "resolved")
        #expect((body["commonLabels"] as? [String: String])?["alertname"] == "abandonment-high")
        let alert = try #require((body["alerts"] as? [[String: Any]])?.first)
        #expect(Set(alert.keys) == ["status", "labels", "annotations", "startsAt", "endsAt", "generatorURL", "fingerprint"])
        #expect(alert["startsAt"] as? String == "2026-10-31T22:30:00Z")
        #expect(alert["endsAt"] as? String == "2026-11-01T00:00:00Z")
    }

    @Test func alertmanagerPostsAnArrayOfAlerts() throws {
        let target = AlertmanagerTarget(url: "http://127.0.0.1:9093/", firingTimeout: 300)
        let request = target.render(message, now: now)
        #expect(request.url == "http://127.0.0.1:9093/api/v2/alerts")
        let alerts = try JSON.array(request)
        #expect(alerts.count == 1)
        let alert = try #require(alerts.first)
        #expect(Set(alert.keys) == ["labels", "annotations", "startsAt", "endsAt", "generatorURL"])
        #expect(alert["labels"] as? [String: String] == ["alertname": "abandonment-high", "severity": "critical", "AgentGroupId": "g1"])
        #expect(alert["startsAt"] as? String == "2026-11-01T00:00:00Z")
        #expect(alert["endsAt"] as? String == "2026-11-01T00:05:00Z")
        #expect(alert["generatorURL"] as? String == "https://status.example.com/alerts")
        let annotations = try #require(alert["annotations"] as? [String: String])
        #expect(annotations["summary"]?.hasPrefix("12 of 80 chats") == true)
        let resolved = try JSON.array(AlertmanagerTarget(url: "http://am").render(Fixtures.message([Fixtures.resolved()]), now: now))
        #expect(resolved.first?["endsAt"] as? String == "2026-11-01T00:00:00Z")
        let firingWithoutTimeout = try JSON.array(AlertmanagerTarget(url: "http://am").render(message, now: now))
        #expect(firingWithoutTimeout.first?["endsAt"] == nil)
    }
}
