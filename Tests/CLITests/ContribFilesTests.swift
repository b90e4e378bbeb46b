import Foundation
import Testing

/// The deployment files under `contrib/`: the example configuration loads with the default rules,
/// the systemd unit keeps its sandbox, and the Alertmanager configuration is valid.
struct ContribFilesTests {
    /// The repository root, found from this file.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// What the files the example names under `/etc/deskwatch/` hold here: a value of the right
    /// shape for each. A new file in the example needs an entry, or `check` reports it missing.
    static let secretFiles: [String: String] = [
        "cn-support.secret_key": "contrib-example-secret-key-0123456789abcdef",
        "internal-ca.pem": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
        "wecom_url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=00000000-0000-0000-0000-000000000000\n",
        "dingtalk_secret": "SEC0000000000000000000000000000000000000000000000000000000000000000\n",
        "feishu_url": "https://open.feishu.cn/open-apis/bot/v2/hook/00000000-0000-0000-0000-000000000000\n",
        "feishu_secret": "feishu-signing-secret\n",
        "slack_url": "https://hooks.slack.com/services/T0000/B0000/XXXXXXXX\n",
        "teams_url": "https://example.webhook.office.com/webhookb2/0000\n",
        "googlechat_url": "https://chat.googleapis.com/v1/spaces/AAAA/messages?key=k&token=t\n",
        "telegram_bot_token": "123456789:AAExampleBotToken_0123456789-abc\n",
        "tickets_hmac_secret": "tickets-hmac-secret\n",
        "smtp_password": "smtp-password\n",
        "status_token": "status-token-0123456789abcdef\n",
        "templates/wecom.mustache": "{{header}}\n{{#alerts}}\n> {{summary}}\n{{/alerts}}\n",
    ]

    /// The variables the example names as `${NAME}`.
    static let environment = [
        "DESK_SECRET_KEY_SG": "contrib-example-secret-key-sg-0123456789",
        "DINGTALK_ACCESS_TOKEN": "0000000000000000000000000000000000000000000000000000000000000000",
        "LARK_WEBHOOK_URL": "https://open.larksuite.com/open-apis/bot/v2/hook/00000000-0000-0000-0000-000000000000",
        "DISCORD_WEBHOOK_URL": "https://discord.com/api/webhooks/0000/XXXX",
        "TICKETS_API_TOKEN": "tickets-api-token",
    ]

    /// The settings the unit must keep, each as written on a line of its own.
    static let unitSettings = [
        "Type=simple",
        "ExecStart=/usr/local/bin/deskwatch run --config /etc/deskwatch/deskwatch.yaml",
        "ExecReload=/bin/kill -HUP $MAINPID",
        "KillSignal=SIGTERM",
        "TimeoutStopSec=15s",
        "Restart=on-failure",
        "RestartSec=5s",
        "DynamicUser=yes",
        "StateDirectory=deskwatch",
        "ConfigurationDirectory=deskwatch",
        "NoNewPrivileges=yes",
        "CapabilityBoundingSet=",
        "ProtectSystem=strict",
        "ProtectHome=yes",
        "PrivateTmp=yes",
        "PrivateDevices=yes",
        "ProtectKernelTunables=yes",
        "ProtectKernelModules=yes",
        "ProtectKernelLogs=yes",
        "ProtectControlGroups=yes",
        "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX",
        "RestrictNamespaces=yes",
        "LockPersonality=yes",
        "MemoryDenyWriteExecute=yes",
        "SystemCallArchitectures=native",
    ]

    @Test func theExampleConfigurationLoadsWithTheDefaultRules() async throws {
        let folder = try TemporaryFolder()
        let files = FileManager.default
        for name in ["templates", "rules"] {
            try files.createDirectory(at: folder.url.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        for (name, contents) in Self.secretFiles { try folder.write(name, contents) }
        let rules = Self.repository.appendingPathComponent("rules")
        for name in try files.contentsOfDirectory(atPath: rules.path) where name.hasSuffix(".yaml") {
            try files.copyItem(at: rules.appendingPathComponent(name), to: folder.url.appendingPathComponent("rules/\(name)"))
        }
        let example = try String(contentsOf: Self.repository.appendingPathComponent("contrib/deskwatch.example.yaml"), encoding: .utf8)
        #expect(example.contains("\nstate: /var/lib/deskwatch/"), "the state database is in the unit's StateDirectory")
        let config = try folder.write("deskwatch.yaml", example.replacingOccurrences(of: "/etc/deskwatch/", with: folder.url.path + "/"))

        let result = try await CommandRunner.run(["check", "--config", config], environment: Self.environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("error:"), "\(result.stderr)")
        #expect(!result.stderr.contains("warning:"), "the example should teach no warnings: \(result.stderr)")
        #expect(result.stdout.contains(": OK"), "\(result.stdout)")
        #expect(!result.stdout.contains(" 0 rules"), "the default rules were checked: \(result.stdout)")
    }

    @Test func theSystemdUnitKeepsItsSandboxAndVerifies() async throws {
        let unit = try String(contentsOf: Self.repository.appendingPathComponent("contrib/systemd/deskwatch.service"), encoding: .utf8)
        let lines = Set(unit.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.hasPrefix("#") })
        for setting in Self.unitSettings {
            #expect(lines.contains(setting), "the unit has no line \(setting)")
        }
        guard let analyze = Self.executable("systemd-analyze") else { return }
        // `verify` checks that the program of ExecStart exists: use the one under test.
        let folder = try TemporaryFolder()
        let copy = try folder.write(
            "deskwatch.service", unit.replacingOccurrences(of: "/usr/local/bin/deskwatch", with: CommandRunner.binary.path), permissions: 0o644)
        let result = try Self.run(analyze, ["verify", copy])
        #expect(result.status == 0, "\(result.output)")
        #expect(!result.output.contains("deskwatch.service:"), "systemd-analyze reports a problem: \(result.output)")
    }

    @Test func theAlertmanagerConfigurationIsValid() throws {
        guard let amtool = Self.executable("amtool") else { return }
        let path = Self.repository.appendingPathComponent("contrib/alertmanager/alertmanager.yml").path
        let result = try Self.run(amtool, ["check-config", path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("SUCCESS"), "\(result.output)")
    }

    /// `name` on `PATH`, if it is there.
    static func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `program` to the end, with standard output and standard error together.
    static func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
