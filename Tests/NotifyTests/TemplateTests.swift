import Foundation
import Notify
import Rules
import Testing
import Transport

/// Per-receiver templates: what users see, escaping, syntax errors, fallback, JSON bodies, limits.
struct TemplateTests {
    static func template(_ source: String, name: String = "ops") throws(TemplateError) -> MessageTemplate {
        try MessageTemplate(name: name, source: source)
    }

    /// The error compiling `source`, if any.
    static func syntaxError(_ source: String, name: String = "ops") -> TemplateError? {
        do {
            _ = try MessageTemplate(name: name, source: source)
            return nil
        } catch {
            return error
        }
    }

    /// The same lines for every chat target; only the bold syntax differs.
    static func lines(bold: (String) -> String) -> String {
        """
        {{emoji}} {{statusWord}} \(bold("{{title}}"))
        {{#alerts}}
        {{summary}}
        Since {{since}} · {{group}}
        {{#sessions}}
        - {{sessionId}} by {{agent}}{{#rating}} ({{rating}}★){{/rating}}
        {{/sessions}}
        {{#moreSessions}}
        … and {{moreSessions}} more sessions
        {{/moreSessions}}
        {{/alerts}}
        {{#externalURL}}
        Status: {{externalURL}}
        {{/externalURL}}

        """
    }

    static let message = Fixtures.message()

    @Test func slackShowsTheTemplatedSection() throws {
        let target = SlackTarget(url: Secret("https://hooks.slack.com/services/T/B/X"), template: try Self.template(Self.lines { "*\($0)*" }))
        let rendered = target.renderReporting(Self.message, now: Fixtures.now)
        #expect(rendered.templateError == nil)
        let blocks = try #require(JSON.object(rendered.request)["blocks"] as? [[String: Any]])
        let section = try #require((blocks.first?["text"] as? [String: Any])?["text"] as? String)
        #expect(
            section == """
                🔴 FIRING *abandonment-high · Online customer service (g1)*
                12 of 80 chats (15%) in Online customer service were abandoned in the last hour; threshold &gt; 10%
                Since 2026-11-01 00:00 UTC · Queue: Online customer service (g1)
                - s-0 by agent-7 (1★)
                - s-1 by agent-7 (2★)
                - s-2 by agent-7 (3★)
                … and 9 more sessions
                Status: https://status.example.com/alerts
                """)
        // The structure stays Slack's: one section, the status page link, the notification text.
        #expect(blocks.count == 2)
        #expect(blocks.last?["type"] as? String == "context")
        #expect(try JSON.object(rendered.request)["text"] as? String == "🔴 FIRING critical: abandonment-high · Online customer service (g1)")
    }

    @Test func telegramShowsTheTemplatedText() throws {
        let target = TelegramTarget(botToken: Secret("1:A"), chatID: "-1", template: try Self.template(Self.lines { "<b>\($0)</b>" }))
        let rendered = target.renderReporting(Self.message, now: Fixtures.now)
        #expect(rendered.templateError == nil)
        let body = try JSON.object(rendered.request)
        #expect(body["parse_mode"] as? String == "HTML")
        #expect(
            body["text"] as? String == """
                🔴 FIRING <b>abandonment-high · Online customer service (g1)</b>
                12 of 80 chats (15%) in Online customer service were abandoned in the last hour; threshold &gt; 10%
                Since 2026-11-01 00:00 UTC · Queue: Online customer service (g1)
                - s-0 by agent-7 (1★)
                - s-1 by agent-7 (2★)
                - s-2 by agent-7 (3★)
                … and 9 more sessions
                Status: https://status.example.com/alerts
                """)
    }

    @Test func wecomShowsTheTemplatedMarkdownWithConfiguredMentions() throws {
        let target = WeComTarget(
            url: Secret("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K"), mentionedUserIDs: ["zhangsan"],
            template: try Self.template(Self.lines { "**\($0)**" }))
        let rendered = target.renderReporting(Self.message, now: Fixtures.now)
        #expect(rendered.templateError == nil)
        let markdown = try #require(JSON.object(rendered.request)["markdown"] as? [String: Any])
        #expect(
            markdown["content"] as? String == """
                🔴 FIRING **abandonment-high · Online customer service （g1）**
                12 of 80 chats （15%） in Online customer service were abandoned in the last hour; threshold ＞ 10%
                Since 2026-11-01 00:00 UTC · Queue: Online customer service （g1）
                - s-0 by agent-7 (1★)
                - s-1 by agent-7 (2★)
                - s-2 by agent-7 (3★)
                … and 9 more sessions
                Status: https://status.example.com/alerts
                <@zhangsan>
                """)
    }

    @Test func discordShowsTheTemplatedDescription() throws {
        let target = DiscordTarget(
            url: Secret("https://discord.com/api/webhooks/1/T"), template: try Self.template("{{#alerts}}**{{rule}}**: {{summary}}{{/alerts}}"))
        let rendered = target.renderReporting(Self.message, now: Fixtures.now)
        #expect(rendered.templateError == nil)
        let body = try JSON.object(rendered.request)
        let embed = try #require((body["embeds"] as? [[String: Any]])?.first)
        #expect(
            embed["description"] as? String
                == "**abandonment\\-high**: 12 of 80 chats \\(15%\\) in Online customer service were abandoned in the last hour; threshold \\> 10%")
        #expect(embed["title"] as? String == "abandonment\\-high · Online customer service \\(g1\\)")
        #expect((body["allowed_mentions"] as? [String: Any])?["parse"] as? [String] == [])
    }

    @Test func feishuPostHasOneParagraphPerTemplatedLine() throws {
        let target = FeishuTarget(
            url: Secret("https://open.feishu.cn/open-apis/bot/v2/hook/T"),
            template: try Self.template("{{title}}\n{{#alerts}}{{value}} {{threshold}}{{/alerts}}"))
        let rendered = target.renderReporting(Self.message, now: Fixtures.now)
        let post = try #require(
            (((JSON.object(rendered.request)["content"] as? [String: Any])?["post"] as? [String: Any])?["zh_cn"] as? [String: Any]))
        let paragraphs = try #require(post["content"] as? [[[String: Any]]])
        #expect(paragraphs.map { $0.first?["text"] as? String } == ["abandonment-high · Online customer service (g1)", "15% ＞ 10%", "Status page"])
        #expect(paragraphs.last?.first?["href"] as? String == "https://status.example.com/alerts")
    }

    // MARK: - Escaping

    /// The markup each chat target writes in.
    static let markups: [String: Markup] = [
        "wecom-markdown": .chinaMarkdown, "wecom-text": .chinaText, "dingtalk": .chinaMarkdown, "feishu-post": .feishu, "lark-card": .feishu,
        "slack": .slack, "teams": .teams, "discord": .discord, "telegram": .telegramHTML, "googlechat": .googleChat,
    ]

    /// `target` with `template` set (chat targets and the webhook).
    static func setting(_ template: MessageTemplate, on target: NotificationTarget) -> NotificationTarget {
        switch target {
        case .wecom(var target): target.template = template; return .wecom(target)
        case .dingtalk(var target): target.template = template; return .dingtalk(target)
        case .feishu(var target): target.template = template; return .feishu(target)
        case .slack(var target): target.template = template; return .slack(target)
        case .teams(var target): target.template = template; return .teams(target)
        case .discord(var target): target.template = template; return .discord(target)
        case .telegram(var target): target.template = template; return .telegram(target)
        case .googleChat(var target): target.template = template; return .googleChat(target)
        case .webhook(var target): target.bodyTemplate = template; return .webhook(target)
        case .alertmanager: return target
        }
    }

    /// One alert whose customer nickname (a group label) and agent are `text`.
    static func hostileMessage(_ text: String) -> AlertMessage {
        var transition = Fixtures.firing(sessions: 1, agent: text)
        transition.group = AlertGroup(
            labels: [.init(field: .agentGroupID, value: "g1"), .init(field: .clientUserNickName, value: text)],
            display: [.init(field: .agentGroupName, value: "Online customer service")])
        return Fixtures.message([transition])
    }

    @Test(arguments: Fixtures.hostile)
    func hostileTextIsEscapedAsInTheDefaultBody(_ text: String) throws {
        let template = try Self.template("{{title}}\n{{#alerts}}\n{{summary}}\n{{group}}\n{{#sessions}}\n• {{line}}\n{{/sessions}}\n{{/alerts}}")
        let message = Self.hostileMessage(text)
        for (name, target) in Fixtures.targets {
            guard let markup = Self.markups[name] else { continue }
            let rendered = Self.setting(template, on: target).renderReporting(message, now: Fixtures.now)
            #expect(rendered.templateError == nil, "\(name)")
            let decoded = try JSONSerialization.jsonObject(with: try #require(rendered.request.body))
            #expect(try Fixtures.withinLimit(name, rendered.request), "\(name) over its limit")
            let strings = JSON.strings(in: decoded)
            for string in strings {
                #expect(!string.unicodeScalars.contains(where: TextSanitizer.isBidiControl), "\(name): bidi control")
                #expect(!string.contains("\r") && !string.contains("\nBcc:") && !string.contains("\nSubject:"), "\(name): header line")
            }
            try HostileCorpusTests().checkMarkup(name, strings: strings, body: decoded)
            // Short values fit in full everywhere: each templated line is the default body's line.
            guard text.unicodeScalars.count <= 100 else { continue }
            let lines = template.render(TemplateContext(message, markup: markup, detail: Detail(alerts: 1, samples: 1), now: Fixtures.now))
                .split(separator: "\n").map(String.init)
            #expect(lines.count == 4, "\(name)")
            let defaults = JSON.strings(in: try JSONSerialization.jsonObject(with: try #require(target.render(message, now: Fixtures.now).body)))
            for line in lines.dropFirst() {
                #expect(strings.contains { $0.contains(line) }, "\(name): templated line missing: \(line)")
                #expect(defaults.contains { $0.contains(line) }, "\(name): escaped unlike the default body: \(line)")
            }
            #expect(defaults.contains { $0.contains(lines[0]) }, "\(name): title escaped unlike the default body")
        }
    }

    @Test func tripleMustacheIsEscapedToo() throws {
        let message = Self.hostileMessage("<!channel> @all")
        let template = try Self.template("{{#alerts}}{{#sessions}}{{agent}}|{{{agent}}}|{{&agent}}{{/sessions}}{{/alerts}}")
        let text = template.render(TemplateContext(message, markup: .slack, detail: Detail(alerts: 1, samples: 1), now: Fixtures.now))
        #expect(text == "&lt;!channel&gt; @all|&lt;!channel&gt; @all|&lt;!channel&gt; @all")
    }

    @Test func transformsThatWouldUndoEscapingDoNotApply() throws {
        let message = Self.hostileMessage("\\*bold\\*")
        let template = try Self.template("{{#alerts}}{{#sessions}}[{{reversed(agent)}}][{{uppercased(agent)}}]{{/sessions}}{{/alerts}}")
        let text = template.render(TemplateContext(message, markup: .discord, detail: Detail(alerts: 1, samples: 1), now: Fixtures.now))
        #expect(text == "[][]")
        #expect(template.unknownNames() == ["reversed()", "uppercased()"])
    }

    // MARK: - Syntax errors and unknown names

    @Test func syntaxErrorsHaveLineAndColumn() throws {
        let error = try #require(Self.syntaxError("{{title}}\n{{#alerts}}\n  {{rule}}\n{{/alert}}\n", name: "support-slack"))
        #expect(error.kind == .syntax)
        #expect(error.line == 4)
        #expect(error.column == 4)
        #expect(error.sourceLine == "{{/alert}}")
        #expect(error.description == "template \"support-slack\", line 4, column 4: the closing tag does not match the section that is open")

        let unclosed = try #require(Self.syntaxError("ok\n{{title"))
        #expect(unclosed.line == 2)
        #expect(unclosed.problem == "the template ends inside a tag")
        let badName = try #require(Self.syntaxError("{{#alerts}}\n  {{rule name}}\n{{/alerts}}"))
        #expect(badName.line == 2)
        #expect(badName.problem.hasPrefix("a tag is not closed"))
        let open = try #require(Self.syntaxError("{{#alerts}}\n{{rule}}\n"))
        #expect(open.problem == "a section is not closed before the end of the template")
        let pragma = try #require(Self.syntaxError("{{title}} {{%CONTENT_TYPE:XML}}"))
        #expect(pragma.line == 1)
        #expect(pragma.problem == "the pragma is unknown")
    }

    @Test func unknownNamesAreFound() throws {
        let template = try Self.template(
            "{{titel}}\n{{#alerts}}{{rul}} {{title}}{{#sessions}}{{agnet}}{{/sessions}}{{#lasted}}{{lastd}}{{/lasted}}{{/alerts}}"
                + "{{^externalURL}}{{linkk}}{{/externalURL}}{{#moreAlerts}}{{mor}}{{/moreAlerts}}")
        #expect(template.unknownNames() == ["agnet", "lastd", "linkk", "mor", "rul", "titel"])
        #expect(try Self.template(Self.lines { "*\($0)*" }).unknownNames() == [])
    }

    @Test func everyDocumentedNameIsKnown() throws {
        let message = [
            "receiver", "id", "status", "statusWord", "isFiring", "isResolved", "severity", "emoji", "title", "header", "externalURL",
            "sentAt", "alertCount", "firingCount", "resolvedCount", "moreAlerts",
        ]
        let alert = [
            "id", "key", "rule", "event", "status", "isFiring", "isResolved", "severity", "emoji", "summary", "value", "threshold",
            "since", "startsAt", "at", "lasted", "lastedSeconds", "endsAt", "group", "sessionCount", "moreSessions",
        ]
        let session = ["sessionId", "agent", "endStatus", "rating", "time", "timestamp", "line"]
        let source =
            message.map { "{{\($0)}}" }.joined() + "{{#alerts}}" + alert.map { "{{\($0)}}" }.joined()
            + "{{#display}}{{name}}{{value}}{{/display}}{{#labels}}{{name}}{{value}}{{/labels}}"
            + "{{#sessions}}" + session.map { "{{\($0)}}" }.joined() + "{{^last()}},{{/last()}}{{/sessions}}{{/alerts}}"
            + "{{count(alerts)}}{{plusone(alertCount)}}{{#empty(threshold)}}{{/empty(threshold)}}"
        #expect(try Self.template(source).unknownNames() == [])
    }

    // MARK: - Send-time failures

    @Test func aTemplateThatRendersNothingFallsBackToTheDefaultBody() throws {
        let plain = SlackTarget(url: Secret("https://hooks.slack.com/services/T/B/X"))
        let templated = SlackTarget(url: plain.url, template: try Self.template("{{#nosuch}}never{{/nosuch}}\n", name: "support"))
        let rendered = NotificationTarget.slack(templated).renderReporting(Self.message, now: Fixtures.now)
        #expect(rendered.request.body == plain.render(Self.message, now: Fixtures.now).body)
        let error = try #require(rendered.templateError)
        #expect(error.kind == .emptyOutput)
        #expect(error.templateName == "support")
        #expect(error.description == "template \"support\": the template rendered nothing for message \(Self.message.id)")
        // The plain render keeps working and sends the same default body.
        #expect(NotificationTarget.slack(templated).render(Self.message, now: Fixtures.now).body == rendered.request.body)
    }

    @Test func aTargetWithoutTemplateReportsNothing() {
        for (name, target) in Fixtures.targets {
            let rendered = target.renderReporting(Self.message, now: Fixtures.now)
            #expect(rendered.templateError == nil, "\(name)")
            #expect(rendered.request.body == target.render(Self.message, now: Fixtures.now).body, "\(name)")
            #expect(target.template == nil, "\(name)")
        }
    }

    // MARK: - Webhook bodies

    static let webhookTemplate = """
        {"receiver": "{{receiver}}", "title": "{{title}}", "firing": {{isFiring}}, "count": {{alertCount}}, "sentAt": "{{sentAt}}",
         "alerts": [{{#alerts}}{"rule": "{{rule}}", "summary": "{{summary}}",
          "agents": [{{#sessions}}"{{agent}}"{{^last()}}, {{/last()}}{{/sessions}}]}{{^last()}}, {{/last()}}{{/alerts}}],
         "more": {{moreAlerts}}}
        """

    @Test func webhookBodyTemplateStaysValidJSONWithQuotesAndBackslashes() throws {
        let hostile = #"say "hi" \ C:\path\"#
        let transitions = [
            Fixtures.firing(queue: hostile, sessions: 2, agent: #"a"b\c"#), Fixtures.firing(queue: "second", groupID: "g2", agent: "x\ny"),
        ]
        let message = Fixtures.message(transitions)
        let target = WebhookTarget(
            url: Secret("https://hooks.example.com/in"), secret: Secret("S"), bodyTemplate: try Self.template(Self.webhookTemplate))
        let rendered = target.renderReporting(message, now: Fixtures.now)
        #expect(rendered.templateError == nil)
        let body = try JSON.object(rendered.request)
        #expect(body["title"] as? String == #"abandonment-high · say "hi" \ C:\path\ (g1) and 1 more"#)
        #expect(body["firing"] as? Bool == true)
        #expect(body["count"] as? Int == 2)
        #expect(body["more"] as? Int == 0)
        #expect(body["sentAt"] as? String == "2026-11-01T00:00:00Z")
        let alerts = try #require(body["alerts"] as? [[String: Any]])
        #expect(alerts.map { $0["agents"] as? [String] } == [[#"a"b\c"#, #"a"b\c"#], ["x y", "x y", "x y"]])
        // Signed over the exact bytes sent.
        let data = try #require(rendered.request.body)
        #expect(
            rendered.request.headers.contains {
                $0.name == WebhookTarget.signatureHeader && $0.value == Signature.webhook(secret: Secret("S"), body: data)
            })
    }

    @Test func webhookBodyThatIsNotJSONFallsBackToTheFormat() throws {
        let target = WebhookTarget(
            url: Secret("https://hooks.example.com/in"), bodyTemplate: try Self.template(#"{"title": {{title}}}"#, name: "hook"))
        let rendered = target.renderReporting(Self.message, now: Fixtures.now)
        let error = try #require(rendered.templateError)
        #expect(error.kind == .invalidJSON)
        #expect(error.description.hasPrefix("template \"hook\": the body rendered for message \(Self.message.id) is not valid JSON"))
        #expect(try JSON.object(rendered.request)["version"] as? String == "1")
        #expect(rendered.request.body == WebhookTarget(url: target.url).render(Self.message, now: Fixtures.now).body)
    }

    @Test func webhookBodyOverTheLimitFallsBackToTheFormat() throws {
        let padding = String(repeating: "x", count: 5000)
        let target = WebhookTarget(
            url: Secret("https://hooks.example.com/in"), bodyLimit: 4096, bodyTemplate: try Self.template("{\"pad\": \"\(padding)\"}"))
        let rendered = target.renderReporting(Self.message, now: Fixtures.now)
        #expect(rendered.templateError?.kind == .tooLarge)
        #expect(try #require(rendered.request.body).count <= 4096)
    }

    // MARK: - Size limits

    @Test func alertsLeftOutToFitAreAnnounced() throws {
        let template = try Self.template("{{header}}\n{{#alerts}}\n{{summary}}\n{{#sessions}}\n- {{line}}\n{{/sessions}}\n{{/alerts}}")
        let target = TelegramTarget(botToken: Secret("1:A"), chatID: "1", template: template)
        let rendered = target.renderReporting(SizeLimitTests.large, now: Fixtures.now)
        #expect(rendered.templateError == nil)
        let text = try #require(JSON.object(rendered.request)["text"] as? String)
        #expect(text.utf16.count <= TelegramTarget.textLimit)
        let shown = text.split(separator: "\n").filter { $0.hasPrefix("12 of 80 chats") }.count
        #expect(shown > 1 && shown < 60)
        // The template lists sessions without `moreSessions`: the sessions left out are announced too.
        #expect(text.hasSuffix("… and \(60 - shown) more alerts\n… and \(shown * 10) more sessions"))
    }

    @Test func aTemplateUsingMoreAlertsGetsNoExtraLine() throws {
        let template = try Self.template("{{#alerts}}\n{{summary}}\n{{/alerts}}\n{{#moreAlerts}}(+{{moreAlerts}}){{/moreAlerts}}")
        let target = GoogleChatTarget(url: Secret("https://chat.googleapis.com/v1/spaces/S/messages"), template: template)
        let text = try #require(JSON.object(target.render(SizeLimitTests.large, now: Fixtures.now))["text"] as? String)
        let shown = text.split(separator: "\n").count - 1
        #expect(text.hasSuffix("(+\(60 - shown))"))
        #expect(!text.contains("more alert"))
        #expect(text.count <= GoogleChatTarget.textLimit)
    }

    @Test func oversizedFixedTextIsCutWithAMarker() throws {
        let line = String(repeating: "=", count: 59)
        let source = "{{title}}\n" + (1...100).map { "\(line) \($0)" }.joined(separator: "\n")
        let target = GoogleChatTarget(url: Secret("https://chat.googleapis.com/v1/spaces/S/messages"), template: try Self.template(source))
        let rendered = target.renderReporting(Self.message, now: Fixtures.now)
        #expect(rendered.templateError == nil)
        let text = try #require(JSON.object(rendered.request)["text"] as? String)
        #expect(text.count <= GoogleChatTarget.textLimit)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // Whole lines kept (at the least detail: fields cut short), then the marker counting the
        // lines left out of the 101.
        #expect(lines.first == "abandonment-high · …")
        #expect(lines.last == "… and \(101 - (lines.count - 1)) more lines")
        #expect(lines.dropFirst().dropLast().allSatisfy { $0.hasPrefix(line + " ") })
        #expect(lines.count > 50)
    }

    @Test func aSingleOversizedLineIsCutBetweenCharacters() throws {
        let source = String(repeating: "ab", count: 3000)
        let target = GoogleChatTarget(url: Secret("https://chat.googleapis.com/v1/spaces/S/messages"), template: try Self.template(source))
        let text = try #require(JSON.object(target.render(Self.message, now: Fixtures.now))["text"] as? String)
        #expect(text.count == GoogleChatTarget.textLimit)
        let kept = text.prefix { $0 == "a" || $0 == "b" }.count
        #expect(text.hasSuffix("… and \(6000 - kept) more characters"))
    }

    @Test func everyChatTargetStaysWithinItsLimitWithATemplate() throws {
        let template = try Self.template(
            "{{header}}\n{{#alerts}}\n{{emoji}} {{rule}} {{summary}} {{group}}\n{{#sessions}}\n- {{line}}\n{{/sessions}}\n{{/alerts}}")
        for (name, target) in Fixtures.targets where Self.markups[name] != nil {
            let rendered = Self.setting(template, on: target).renderReporting(SizeLimitTests.large, now: Fixtures.now)
            #expect(rendered.templateError == nil, "\(name)")
            #expect(try Fixtures.withinLimit(name, rendered.request), "\(name)")
            let strings = JSON.strings(in: try JSONSerialization.jsonObject(with: try #require(rendered.request.body)))
            #expect(strings.contains { $0.contains("more alerts") }, "\(name): no visible truncation marker")
        }
    }
}
