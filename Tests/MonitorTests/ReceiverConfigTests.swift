import ConfigSupport
import Foundation
import Monitor
import Notify
import Rules
import Testing
import Transport

/// `receivers:` in `deskwatch.yaml`: every type into its target, secrets from files and the
/// environment, and diagnostics that never show a secret.
struct ReceiverConfigTests {
    static let sources = """
        sources:
          - name: cn-support
            sdkappid: 1400000000
            identifier: admin
            secret_key: ${DESK_SECRET_KEY}

        """
    /// Every secret value the tests use; none may show in a diagnostic.
    static let environment = [
        "DESK_SECRET_KEY": "s3cr3t-key-0123456789abcdef", "WECOM_KEY": "wecom-key-5f2a", "DT_TOKEN": "dt-token-9c1e",
        "DT_SECRET": "SEC-dt-secret-77aa", "FEISHU_HOOK": "feishu-hook-3b4c", "FEISHU_SECRET": "feishu-secret-e1e1",
        "SLACK_PATH": "T000/B000/slack-xyz-123", "TEAMS_SIG": "teams-sig-4d4d", "DISCORD_TOKEN": "discord-token-8e8e",
        "GCHAT_KEY": "gchat-key-6f6f", "TG_TOKEN": "123456:tg-token-ABC", "HOOK_TOKEN": "hook-bearer-2a2a", "HOOK_HMAC": "hook-hmac-1b1b",
        "SMTP_PASSWORD": "smtp-password-0c0c",
    ]

    /// A message to render requests with.
    static let message = AlertMessage(
        id: "m-1", receiver: "test", status: .firing, severity: .critical, title: "abandonment-high: Online customer service", alerts: [])

    func load(_ receivers: String, environment: [String: String] = ReceiverConfigTests.environment) throws(ConfigError) -> DeskwatchConfig {
        try DeskwatchConfig.load(
            yaml: Self.sources + receivers, file: "deskwatch.yaml", baseDirectory: "/etc/deskwatch", environment: environment)
    }

    /// The descriptions of the diagnostics of a configuration that must not load.
    func failures(_ receivers: String, environment: [String: String] = ReceiverConfigTests.environment) -> [String] {
        do {
            _ = try load(receivers, environment: environment)
            Issue.record("loaded a configuration that should fail")
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    func receiver(_ name: String, in config: DeskwatchConfig) throws -> ReceiverConfig {
        try #require(config.receivers.first { $0.name == name })
    }

    func httpTarget(_ name: String, in config: DeskwatchConfig) throws -> NotificationTarget {
        guard case .http(let target) = try receiver(name, in: config).target else {
            throw UnexpectedTarget(name)
        }
        return target
    }

    func url(_ name: String, in config: DeskwatchConfig) throws -> String {
        try httpTarget(name, in: config).render(Self.message, now: 1_793_491_200).url
    }

    /// Asserts that no description holds any of the secrets.
    func expectNoSecret(_ descriptions: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in Self.environment.values {
            for line in descriptions where line.contains(secret) {
                Issue.record("a diagnostic shows a secret: \(line)", sourceLocation: sourceLocation)
            }
        }
    }

    func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("deskwatch-receivers-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try body(path)
    }

    func write(_ text: String, to path: String, permissions: Int = 0o600) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: path)
    }

    // MARK: - Every type

    @Test func everyTypeLoadsIntoItsTarget() throws {
        let config = try load(
            """
            receivers:
              support-wecom:
                type: wecom
                url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${WECOM_KEY}"
                format: text
                mentioned_list: [zhangsan]
                mentioned_mobile_list: ["13800000000"]
              leads-dingtalk:
                type: dingtalk
                url: "https://oapi.dingtalk.com/robot/send?access_token=${DT_TOKEN}"
                secret: ${DT_SECRET}
                at_mobiles: ["13900000000"]
                at_user_ids: [lisi]
              ops-feishu: {type: feishu, url: "https://open.feishu.cn/open-apis/bot/v2/hook/${FEISHU_HOOK}", secret: "${FEISHU_SECRET}", format: card}
              ops-lark: {type: lark, url: "https://open.larksuite.com/open-apis/bot/v2/hook/${FEISHU_HOOK}"}
              ops-slack: {type: slack, url: "https://hooks.slack.com/services/${SLACK_PATH}"}
              ops-teams: {type: teams, url: "https://example.logic.azure.com/workflows/1?sig=${TEAMS_SIG}"}
              ops-discord: {type: discord, url: "https://discord.com/api/webhooks/1/${DISCORD_TOKEN}"}
              ops-gchat: {type: googlechat, url: "https://chat.googleapis.com/v1/spaces/S/messages?key=${GCHAT_KEY}"}
              oncall-telegram: {type: telegram, bot_token: "${TG_TOKEN}", chat_id: -1001234, api_url: "http://127.0.0.1:8081"}
              ops-hook:
                type: webhook
                url: http://10.0.0.5:8080/hook
                format: alertmanager
                headers: {Authorization: "Bearer ${HOOK_TOKEN}", X-Team: ops}
                hmac_secret: ${HOOK_HMAC}
              ops-am: {type: alertmanager, url: "http://127.0.0.1:9093/"}
              leads-mail:
                type: email
                url: smtps://smtp.example.com:465
                username: alerts@example.com
                password: ${SMTP_PASSWORD}
                from: "deskwatch <alerts@example.com>"
                to: [support-leads@example.com, ops@example.com]
              demo: {type: console}
            """)
        #expect(config.warnings.isEmpty, "\(config.warnings)")
        #expect(
            config.receiverNames == [
                "support-wecom", "leads-dingtalk", "ops-feishu", "ops-lark", "ops-slack", "ops-teams", "ops-discord", "ops-gchat",
                "oncall-telegram", "ops-hook", "ops-am", "leads-mail", "demo",
            ])
        #expect(config.receivers.map(\.name) == config.receiverNames)
        #expect(
            config.receivers.map(\.type) == [
                .wecom, .dingtalk, .feishu, .lark, .slack, .teams, .discord, .googlechat, .telegram, .webhook, .alertmanager, .email, .console,
            ])

        guard case .wecom(let wecom) = try httpTarget("support-wecom", in: config) else { throw UnexpectedTarget("support-wecom") }
        #expect(wecom.format == .text && wecom.mentionedUserIDs == ["zhangsan"] && wecom.mentionedMobiles == ["13800000000"])
        #expect(try url("support-wecom", in: config) == "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=wecom-key-5f2a")

        guard case .dingtalk(let dingtalk) = try httpTarget("leads-dingtalk", in: config) else { throw UnexpectedTarget("leads-dingtalk") }
        #expect(dingtalk.secret?.reveal() == "SEC-dt-secret-77aa")
        #expect(dingtalk.atMobiles == ["13900000000"] && dingtalk.atUserIDs == ["lisi"])
        let signed = try url("leads-dingtalk", in: config)
        #expect(signed.hasPrefix("https://oapi.dingtalk.com/robot/send?access_token=dt-token-9c1e&timestamp=1793491200000&sign="))

        guard case .feishu(let feishu) = try httpTarget("ops-feishu", in: config) else { throw UnexpectedTarget("ops-feishu") }
        #expect(feishu.format == .card && feishu.secret?.reveal() == "feishu-secret-e1e1")
        guard case .feishu(let lark) = try httpTarget("ops-lark", in: config) else { throw UnexpectedTarget("ops-lark") }
        #expect(lark.format == .post && lark.secret == nil)
        #expect(try url("ops-lark", in: config) == "https://open.larksuite.com/open-apis/bot/v2/hook/feishu-hook-3b4c")

        #expect(try url("ops-slack", in: config) == "https://hooks.slack.com/services/T000/B000/slack-xyz-123")
        #expect(try url("ops-teams", in: config) == "https://example.logic.azure.com/workflows/1?sig=teams-sig-4d4d")
        #expect(try url("ops-discord", in: config) == "https://discord.com/api/webhooks/1/discord-token-8e8e")
        #expect(
            try url("ops-gchat", in: config)
                == "https://chat.googleapis.com/v1/spaces/S/messages?key=gchat-key-6f6f&messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD")

        guard case .telegram(let telegram) = try httpTarget("oncall-telegram", in: config) else { throw UnexpectedTarget("oncall-telegram") }
        #expect(telegram.chatID == "-1001234")
        #expect(try url("oncall-telegram", in: config) == "http://127.0.0.1:8081/bot123456:tg-token-ABC/sendMessage")

        guard case .webhook(let hook) = try httpTarget("ops-hook", in: config) else { throw UnexpectedTarget("ops-hook") }
        #expect(hook.format == .alertmanager)
        let request = try httpTarget("ops-hook", in: config).render(Self.message, now: 1_793_491_200)
        #expect(request.url == "http://10.0.0.5:8080/hook")
        #expect(request.headers.contains { $0.name == "Authorization" && $0.value == "Bearer hook-bearer-2a2a" })
        #expect(request.headers.contains { $0.name == "X-Team" && $0.value == "ops" })
        #expect(request.headers.contains { $0.name == WebhookTarget.signatureHeader && $0.value.hasPrefix("sha256=") })

        #expect(try url("ops-am", in: config) == "http://127.0.0.1:9093/api/v2/alerts")

        guard case .email(let mail) = try receiver("leads-mail", in: config).target else { throw UnexpectedTarget("leads-mail") }
        #expect(mail.smtp?.url == "smtps://smtp.example.com:465")
        #expect(mail.smtp?.username == "alerts@example.com" && mail.smtp?.password?.reveal() == "smtp-password-0c0c")
        #expect(mail.smtp?.allowPlaintext == false && mail.smtp?.caFile == nil)
        #expect(mail.from == "alerts@example.com" && mail.fromName == "deskwatch")
        #expect(mail.to == ["support-leads@example.com", "ops@example.com"])

        guard case .console = try receiver("demo", in: config).target else { throw UnexpectedTarget("demo") }
    }

    @Test func defaultsApplyWhenOptionalKeysAreLeftOut() throws {
        let config = try load(
            """
            receivers:
              wecom: {type: wecom, url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${WECOM_KEY}"}
              hook: {type: webhook, url: "https://hooks.example.com/in"}
              tg: {type: telegram, bot_token: "${TG_TOKEN}", chat_id: "@ops"}
            """)
        guard case .wecom(let wecom) = try httpTarget("wecom", in: config) else { throw UnexpectedTarget("wecom") }
        #expect(wecom.format == .markdown && wecom.mentionedUserIDs.isEmpty)
        guard case .webhook(let hook) = try httpTarget("hook", in: config) else { throw UnexpectedTarget("hook") }
        #expect(hook.format == .deskwatch && hook.secret == nil && hook.headers.isEmpty)
        #expect(try url("tg", in: config) == "https://api.telegram.org/bot123456:tg-token-ABC/sendMessage")
    }

    // MARK: - Files and the environment

    @Test func secretFilesAreReadRelativeToTheConfigFile() throws {
        try withTemporaryDirectory { directory in
            try FileManager.default.createDirectory(atPath: directory + "/secrets", withIntermediateDirectories: true)
            try write("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=wecom-key-5f2a\n", to: directory + "/secrets/wecom_url")
            try write("SEC-dt-secret-77aa\n", to: directory + "/secrets/dt_secret")
            try write("  123456:tg-token-ABC \n", to: directory + "/secrets/tg_token")
            try write("smtp-password-0c0c\n", to: directory + "/secrets/smtp_password")
            try write("hook-hmac-1b1b", to: directory + "/secrets/hmac", permissions: 0o644)
            let yaml = """
                receivers:
                  support-wecom: {type: wecom, url_file: secrets/wecom_url}
                  leads-dingtalk: {type: dingtalk, url: "https://oapi.dingtalk.com/robot/send?access_token=${DT_TOKEN}", secret_file: ./secrets/dt_secret}
                  oncall-telegram: {type: telegram, bot_token_file: secrets/tg_token, chat_id: "-1001234"}
                  hook: {type: webhook, url: "https://hooks.example.com/in", hmac_secret_file: secrets/hmac}
                  leads-mail:
                    type: email
                    url: smtp://smtp.example.com:587
                    username: alerts@example.com
                    password_file: secrets/smtp_password
                    ca_file: secrets/smtp_password
                    from: alerts@example.com
                    to: leads@example.com
                """
            try write(Self.sources + yaml, to: directory + "/deskwatch.yaml")
            let config = try DeskwatchConfig.load(path: directory + "/deskwatch.yaml", environment: Self.environment)

            #expect(try url("support-wecom", in: config) == "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=wecom-key-5f2a")
            guard case .dingtalk(let dingtalk) = try httpTarget("leads-dingtalk", in: config) else { throw UnexpectedTarget("leads-dingtalk") }
            #expect(dingtalk.secret?.reveal() == "SEC-dt-secret-77aa")
            #expect(try url("oncall-telegram", in: config) == "https://api.telegram.org/bot123456:tg-token-ABC/sendMessage")
            guard case .webhook(let hook) = try httpTarget("hook", in: config) else { throw UnexpectedTarget("hook") }
            #expect(hook.secret?.reveal() == "hook-hmac-1b1b")
            guard case .email(let mail) = try receiver("leads-mail", in: config).target else { throw UnexpectedTarget("leads-mail") }
            #expect(mail.smtp?.password?.reveal() == "smtp-password-0c0c")
            #expect(mail.smtp?.caFile == directory + "/secrets/smtp_password")
            #expect(mail.to == ["leads@example.com"])

            // Only the file other users can read is warned about.
            let warnings = config.warnings.map(\.description)
            #expect(warnings.count == 1, "\(warnings)")
            #expect(warnings.first?.contains("receivers.hook.hmac_secret_file: `\(directory)/secrets/hmac` can be read by other users") == true)
            expectNoSecret(warnings)
        }
    }

    @Test func aMissingVariableOrFileIsAnError() {
        let lines = failures(
            """
            receivers:
              slack: {type: slack, url: "https://hooks.slack.com/services/${SLACK_MISSING}"}
              wecom: {type: wecom, url_file: secrets/nowhere}
            """)
        #expect(lines.contains { $0.contains("receivers.slack.url: environment variable `SLACK_MISSING` is not set") }, "\(lines)")
        #expect(lines.contains { $0.contains("receivers.wecom.url_file: `/etc/deskwatch/secrets/nowhere` does not exist") }, "\(lines)")
    }

    @Test func aSecretWrittenOutIsWarnedAbout() throws {
        let config = try load(
            """
            receivers:
              ding: {type: dingtalk, url: "https://oapi.dingtalk.com/robot/send?access_token=${DT_TOKEN}", secret: SEC-written-out-1234}
            """)
        let warnings = config.warnings.map(\.description)
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("receivers.ding.secret: the secret is written in the config file") == true, "\(warnings)")
        #expect(warnings.allSatisfy { !$0.contains("SEC-written-out-1234") })
    }

    // MARK: - Mistakes

    @Test func anUnknownTypeIsSuggestedWithItsPosition() {
        let lines = failures(
            """
            receivers:
              support-wecom: {type: wecon, url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${WECOM_KEY}"}
            """)
        #expect(lines.count == 1, "\(lines)")
        #expect(
            lines.first?.hasPrefix(
                "deskwatch.yaml:7:25: error: receivers.support-wecom.type: unknown receiver type `wecon` (hint: did you mean `wecom`?")
                == true, "\(lines)")
    }

    @Test func anUnknownKeyIsSuggestedWithItsPosition() {
        let lines = failures(
            """
            receivers:
              ding:
                type: dingtalk
                url: "https://oapi.dingtalk.com/robot/send?access_token=${DT_TOKEN}"
                secert: ${DT_SECRET}
            """)
        #expect(lines.count == 1, "\(lines)")
        #expect(
            lines.first == "deskwatch.yaml:10:5: error: receivers.ding.secert: unknown dingtalk receiver key (hint: did you mean `secret`?)",
            "\(lines)")
    }

    @Test func requiredKeysAndTypesAreChecked() {
        let lines = failures(
            """
            receivers:
              mail: {type: email, url: "smtps://smtp.example.com", from: alerts@example.com}
              slack: {type: slack}
              tg: {type: telegram, bot_token: "${TG_TOKEN}"}
              notype: {url: "https://hooks.slack.com/services/x"}
              wecom: {type: wecom, url: "https://qyapi.weixin.qq.com/x?key=${WECOM_KEY}", mentioned_list: {a: b}}
              plain: {type: email, url: "smtp://mail.internal", from: a@example.com, to: [b@example.com], allow_plaintext: maybe}
              both: {type: slack, url: "https://hooks.slack.com/services/x", url_file: slack_url}
            """)
        #expect(lines.contains("deskwatch.yaml:7:9: error: receivers.mail.to: required key is missing"), "\(lines)")
        #expect(lines.contains { $0.hasPrefix("deskwatch.yaml:8:10: error: receivers.slack.url: one of `url` and `url_file` is required") })
        #expect(lines.contains("deskwatch.yaml:9:7: error: receivers.tg.chat_id: required key is missing"), "\(lines)")
        #expect(lines.contains("deskwatch.yaml:10:11: error: receivers.notype.type: required key is missing"), "\(lines)")
        #expect(lines.contains { $0.contains("receivers.wecom.mentioned_list: expected a string, found a mapping") }, "\(lines)")
        #expect(lines.contains { $0.contains("receivers.plain.allow_plaintext: expected true or false, found `maybe`") }, "\(lines)")
        #expect(lines.contains { $0.contains("receivers.both.url_file: `url` and `url_file` cannot both be set") }, "\(lines)")
    }

    @Test func chatWebhooksNeedHTTPSExceptOnLoopback() throws {
        let lines = failures(
            """
            receivers:
              slack: {type: slack, url: "http://hooks.slack.com/services/${SLACK_PATH}"}
              teams: {type: teams, url: "ftp://example.com/x"}
              discord: {type: discord, url: "not a url"}
            """)
        #expect(lines.contains { $0.contains("receivers.slack.url: must use https://") }, "\(lines)")
        #expect(lines.contains { $0.contains("receivers.teams.url: unsupported scheme `ftp`") }, "\(lines)")
        #expect(lines.contains { $0.contains("receivers.discord.url: is not a URL") }, "\(lines)")
        expectNoSecret(lines)

        let config = try load(
            """
            receivers:
              slack: {type: slack, url: "http://127.0.0.1:8080/hook"}
              discord: {type: discord, url: "http://[::1]:8080/hook"}
            """)
        #expect(try url("slack", in: config) == "http://127.0.0.1:8080/hook")
    }

    // MARK: - Email

    @Test func smtpWithoutAllowPlaintextRequiresSTARTTLS() throws {
        let config = try load(
            """
            receivers:
              mail: {type: email, url: "smtp://smtp.example.com:587", username: alerts, password: "${SMTP_PASSWORD}", from: a@example.com, to: [b@example.com]}
              relay: {type: email, url: "smtp://relay.internal:25", allow_plaintext: true, from: a@example.com, to: [b@example.com]}
            """)
        guard case .email(let mail) = try receiver("mail", in: config).target else { throw UnexpectedTarget("mail") }
        #expect(mail.smtp?.url == "smtp://smtp.example.com:587" && mail.smtp?.allowPlaintext == false)
        guard case .email(let relay) = try receiver("relay", in: config).target else { throw UnexpectedTarget("relay") }
        #expect(relay.smtp?.allowPlaintext == true && relay.smtp?.username == nil && relay.smtp?.password == nil)
    }

    @Test func emailSettingsAreValidated() {
        let lines = failures(
            """
            receivers:
              creds: {type: email, url: "smtp://relay.internal", allow_plaintext: true, username: u, password: "${SMTP_PASSWORD}", from: a@example.com, to: [b@example.com]}
              scheme: {type: email, url: "https://smtp.example.com", from: a@example.com, to: [b@example.com]}
              userinfo: {type: email, url: "smtps://u:${SMTP_PASSWORD}@smtp.example.com", from: a@example.com, to: [b@example.com]}
              half: {type: email, url: "smtps://smtp.example.com", username: u, from: a@example.com, to: [b@example.com]}
              addresses: {type: email, url: "smtps://smtp.example.com", from: "Ops <ops at example.com>", to: [ok@example.com, "x@y@z", "a@-b.com"]}
              none: {type: email, url: "smtps://smtp.example.com", from: a@example.com, to: []}
            """)
        #expect(lines.contains { $0.contains("receivers.creds.allow_plaintext: credentials are never sent over a plaintext connection") })
        #expect(lines.contains { $0.contains("receivers.scheme.url: unsupported scheme `https`") }, "\(lines)")
        #expect(lines.contains { $0.contains("receivers.userinfo.url: must not hold a user name or password") }, "\(lines)")
        #expect(lines.contains { $0.contains("receivers.half.username: SMTP login needs both `username` and a password") }, "\(lines)")
        #expect(lines.contains { $0.contains("receivers.addresses.from: `ops at example.com` is not a valid email address") }, "\(lines)")
        #expect(lines.contains { $0.contains("receivers.addresses.to[1]: `x@y@z` is not a valid email address: must contain exactly one @") })
        #expect(lines.contains { $0.contains("receivers.addresses.to[2]: `a@-b.com` is not a valid email address: has an invalid domain") })
        #expect(lines.contains { $0.contains("receivers.none.to: needs at least one recipient") }, "\(lines)")
        expectNoSecret(lines)
    }

    // MARK: - Secrets

    @Test func noDiagnosticShowsASecret() throws {
        try withTemporaryDirectory { directory in
            try write("https://hooks.slack.com/services/T000/B000/slack-xyz-123\n", to: directory + "/slack_url", permissions: 0o644)
            try write("bad token/123456:tg-token-ABC", to: directory + "/tg_token")
            let yaml = """
                receivers:
                  wecom: {type: wecom, url: "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${WECOM_KEY}", format: mark}
                  slack: {type: slack, url_file: slack_url, extra: 1}
                  ding: {type: dingtalk, url: "ftp://oapi.dingtalk.com/robot/send?access_token=${DT_TOKEN}", secret: "${DT_SECRET}"}
                  tg: {type: telegram, bot_token_file: tg_token, chat_id: "1"}
                  hook: {type: webhook, url: "https://h.example.com/in", headers: {Authorization: "Bearer ${HOOK_TOKEN}\\n", "bad name": x}}
                  mail: {type: email, url: "smtps://u:${SMTP_PASSWORD}@smtp.example.com", from: a@example.com, to: [b@example.com]}
                  gchat: {type: googlechat, url: "https://chat.googleapis.com/v1/x?key=${GCHAT_KEY}", url_file: slack_url}
                """
            do {
                let config = try DeskwatchConfig.load(
                    yaml: Self.sources + yaml, file: "deskwatch.yaml", baseDirectory: directory, environment: Self.environment)
                Issue.record("loaded a configuration that should fail: \(config.receiverNames)")
            } catch let error as ConfigError {
                let lines = error.diagnostics.map(\.description)
                #expect(lines.count >= 8, "\(lines)")
                expectNoSecret(lines)
                #expect(!lines.joined().contains("bad token"), "the contents of a secret file never show")
            }
        }
    }

    @Test func defaultsFillInRulesAndSetGroupWait() throws {
        let config = try load("defaults: {delay: 1m, repeat_every: 4h, group_wait: 30s}\n")
        #expect(config.defaults.groupWait == .seconds(30))
        #expect(config.ruleLoadOptions.defaultDelay == 60)
        #expect(config.ruleLoadOptions.defaultRepeatEvery == 14_400)
        let problems = failures("defaults: {group_wait: 1h, delai: 1m}\n")
        #expect(problems.count == 2)
        #expect(problems.contains { $0.contains("group_wait is at most 10m") })
        #expect(problems.contains { $0.contains("did you mean `delay`?") })
    }

    @Test func aTemplateIsCompiledWhenTheConfigurationLoads() throws {
        let config = try load(
            """
            receivers:
              ops-slack:
                type: slack
                url: https://hooks.slack.com/services/${SLACK_PATH}
                template: "{{emoji}} {{title}} ({{alertCount}} alerts)"
              typo-slack:
                type: slack
                url: https://hooks.slack.com/services/${SLACK_PATH}
                template: "{{titel}}"
            """)
        let target = try httpTarget("ops-slack", in: config)
        #expect(target.template?.source == "{{emoji}} {{title}} ({{alertCount}} alerts)")
        let body = String(decoding: target.render(Self.message, now: 0).body ?? Data(), as: UTF8.self)
        #expect(body.contains("🔴 abandonment-high: Online customer service (0 alerts)"))
        #expect(config.warnings.map(\.description).contains { $0.contains("receivers.typo-slack.template") && $0.contains("`titel`") })

        let broken = failures(
            """
            receivers:
              ops-slack:
                type: slack
                url: https://hooks.slack.com/services/${SLACK_PATH}
                template: "{{#alerts}}{{rule}}"
            """)
        #expect(broken.count == 1)
        #expect(broken.first?.hasPrefix("deskwatch.yaml:10:15: error: receivers.ops-slack.template: line 1, column 20") == true, "\(broken)")
    }
}

/// A receiver that did not load into the expected target.
struct UnexpectedTarget: Error, CustomStringConvertible {
    var description: String
    init(_ receiver: String) { description = "\(receiver) has an unexpected target" }
}
