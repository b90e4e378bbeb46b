import Foundation
import Testing

/// `deskwatch check` and `deskwatch test` as real child processes.
struct RuleCommandTests {
    /// The repository, for the shipped rule pack.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let goodRules = """
        rules:
          - name: no-agents
            where: {EndStatus: NoAgentsOnline}
            window: 5m
            condition:
              count: {at_least: 1}
          - name: timeouts
            where: {EndStatus: AgentTimeout}
            window: 1h
            condition:
              count: {above: 10}
        """

    @Test func acceptsTheShippedRulePack() async throws {
        let result = try await CommandRunner.run(["check", "rules"], in: Self.repository)
        #expect(result.status == 0, "\(result.stderr)")
        let summary = result.stdout.trimmingCharacters(in: .newlines)
        #expect(summary.hasPrefix("5 files, "), "\(summary)")
        #expect(summary.hasSuffix(": OK"), "\(summary)")
        #expect(!result.stderr.contains("error:"))
    }

    @Test func reportsABrokenFileAndStillChecksTheOthers() async throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(at: folder.url.appendingPathComponent("rules"), withIntermediateDirectories: true)
        try folder.write("rules/good.yaml", Self.goodRules)
        try folder.write(
            "rules/broken.yaml",
            """
            rules:
              - name: abandoned
                window: 5 minutes
                condition:
                  count: {above: 3}
            """)

        let result = try await CommandRunner.run(["check", "rules"], in: folder.url)

        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("rules/broken.yaml:3:13: error: ") && $0.contains("window") }, "\(result.stderr)")
        #expect(result.stdout == "2 files, 2 rules: 1 error\n")
    }

    @Test func rejectsAReceiverTheConfigurationDoesNotDefine() async throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(at: folder.url.appendingPathComponent("rules"), withIntermediateDirectories: true)
        try folder.write(
            "rules/alerts.yaml",
            """
            rules:
              - name: no-agents
                where: {EndStatus: NoAgentsOnline}
                window: 5m
                condition:
                  count: {at_least: 1}
                active: business-hours
                notify: [support-wecom, leads-mial]
            """)
        let config = try folder.write(
            "deskwatch.yaml",
            """
            sources:
              - name: cn-support
                sdkappid: 1400000000
                identifier: admin
                secret_key: ${DESK_TEST_KEY}
            rules: rules
            schedules:
              business-hours: {timezone: Asia/Shanghai, days: mon-fri, hours: "09:00-18:00"}
            receivers:
              support-wecom: {type: wecom, url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${WECOM_KEY}"}
              leads-mail: {type: email, url: "smtps://smtp.example.com", from: alerts@example.com, to: [leads@example.com]}
            """)
        let environment = ["DESK_TEST_KEY": "a-realistic-secret-key-0123456789", "WECOM_KEY": "k"]

        let result = try await CommandRunner.run(["check", "--config", config], environment: environment, in: folder.url)

        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(lines.first?.hasPrefix("rules/alerts.yaml:8:") == true, "\(result.stderr)")
        #expect(lines.first?.contains("error:") == true && lines.first?.contains("leads-mial") == true)
        #expect(lines.first?.contains("leads-mail") == true, "the hint names the receiver that was meant")
        #expect(result.stdout == "2 files, 0 rules: 1 error\n")

        try folder.write(
            "rules/alerts.yaml",
            try String(contentsOf: folder.url.appendingPathComponent("rules/alerts.yaml"), encoding: .utf8)
                .replacingOccurrences(of: "leads-mial", with: "leads-mail"))
        let fixed = try await CommandRunner.run(["check", "--config", config], environment: environment, in: folder.url)
        #expect(fixed.status == 0, "\(fixed.stderr)")
        #expect(fixed.stdout == "2 files, 1 rule: OK\n")
    }

    @Test func passesTheShippedRuleTests() async throws {
        let result = try await CommandRunner.run(["test", "rules/tests"], in: Self.repository)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("PASS rules/tests/availability.yaml: ") })
        #expect(!lines.contains { $0.hasPrefix("FAIL") })
        #expect(lines.last?.hasPrefix("5 files, ") == true && lines.last?.hasSuffix(" passed") == true, "\(result.stdout)")
    }

    @Test func showsTheDifferenceWhenATestFails() async throws {
        let folder = try TemporaryFolder()
        try folder.write("rules.yaml", Self.goodRules)
        try folder.write(
            "rules_test.yaml",
            """
            rule_files: [rules.yaml]
            start: 2026-03-02T01:00:00Z
            tests:
              - name: one chat without an agent fires
                rules: [no-agents]
                sessions:
                  - "10m queue=g1 status=NoAgentsOnline"
                evaluate: {from: 0m, to: 30m}
                expect:
                  - 13m no-agents{AgentGroupId=g1} firing
            """)

        let result = try await CommandRunner.run(["test", "rules_test.yaml"], in: folder.url)

        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "FAIL rules_test.yaml: one chat without an agent fires", "\(result.stdout)")
        #expect(lines.contains("    - 13m no-agents{AgentGroupId=g1} firing"), "\(result.stdout)")
        #expect(lines.contains { $0.hasPrefix("    + 12m no-agents firing") }, "\(result.stdout)")
        #expect(lines.last == "1 file, 1 test: 0 passed, 1 failed")
    }
}
