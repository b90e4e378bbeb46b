import Foundation
import Testing

/// `deskwatch silence add | list | expire`, and routes in `deskwatch check`, as real child
/// processes.
struct SilenceCommandTests {
    static let environment = ["DESK_TEST_KEY": "silence-cli-test-key-0123"]

    static let config = """
        state: state.sqlite
        sources:
          - name: cn-support
            sdkappid: 1400000000
            identifier: admin
            secret_key: ${DESK_TEST_KEY}
        """

    func run(_ arguments: [String], in folder: TemporaryFolder) async throws -> CommandRunner.Result {
        try await CommandRunner.run(arguments, environment: Self.environment, in: folder.url)
    }

    /// The table rows of `deskwatch silence list`, split into their columns.
    func rows(_ output: String) -> [[String]] {
        output.split(separator: "\n").map { line in
            line.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
    }

    @Test func addListAndExpireASilence() async throws {
        let folder = try TemporaryFolder()
        try folder.write("deskwatch.yaml", Self.config)

        let added = try await run(
            [
                "silence", "add", "--config", "deskwatch.yaml", "--matcher", "AgentGroupId=3070", "--matcher", "alertname=~abandon.*",
                "--duration", "2h", "--author", "li.wei", "--comment", "queue closed for training",
            ], in: folder)
        #expect(added.status == 0, "\(added.stderr)")
        let id = added.stdout.trimmingCharacters(in: .newlines)
        #expect(id.count == 12 && id.allSatisfy(\.isHexDigit), "\(added.stdout)")
        #expect(added.stderr.hasPrefix("silenced AgentGroupId=3070, alertname=~abandon.* from "), "\(added.stderr)")

        let later = try await run(
            [
                "silence", "add", "--config", "deskwatch.yaml", "--matcher", "severity=critical", "--from", "now+1h", "--until", "now+3h",
                "--author", "ops", "--comment", "maintenance window",
            ], in: folder)
        #expect(later.status == 0, "\(later.stderr)")
        let laterID = later.stdout.trimmingCharacters(in: .newlines)

        let listed = try await run(["silence", "list", "--config", "deskwatch.yaml"], in: folder)
        #expect(listed.status == 0, "\(listed.stderr)")
        let table = rows(listed.stdout)
        #expect(table.first == ["ID", "MATCHERS", "FROM", "UNTIL", "AUTHOR", "COMMENT", "STATE"])
        #expect(table.count == 3, "\(listed.stdout)")
        let row = try #require(table.first { $0.first == id })
        #expect(row[1] == "AgentGroupId=3070, alertname=~abandon.*")
        #expect(Array(row[4...]) == ["li.wei", "queue closed for training", "active"])
        let from = try #require(ISO8601DateFormatter().date(from: row[2]))
        let until = try #require(ISO8601DateFormatter().date(from: row[3]))
        #expect(until.timeIntervalSince(from) == 7200)
        #expect(table.first { $0.first == laterID }?.last == "pending")

        let expired = try await run(["silence", "expire", id, "--config", "deskwatch.yaml"], in: folder)
        #expect(expired.status == 0, "\(expired.stderr)")
        #expect(expired.stdout == "expired silence \(id)\n")

        let current = try await run(["silence", "list", "--config", "deskwatch.yaml"], in: folder)
        #expect(rows(current.stdout).map(\.first) == ["ID", laterID])
        let all = try await run(["silence", "list", "--config", "deskwatch.yaml", "--all"], in: folder)
        #expect(rows(all.stdout).first { $0.first == id }?.last == "expired", "\(all.stdout)")
    }

    @Test func aMisspeltLabelNameIsAddedWithAWarning() async throws {
        let folder = try TemporaryFolder()
        try folder.write("deskwatch.yaml", Self.config)
        let added = try await run(
            [
                "silence", "add", "--config", "deskwatch.yaml", "--matcher", "AgentGroupID=3070", "--duration", "1h", "--author", "li.wei",
                "--comment", "typo",
            ], in: folder)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(
            added.stderr.contains(
                "warning: --matcher `AgentGroupID=3070`: no built-in label is called `AgentGroupID`; it matches only a rule's own `labels:` "
                    + "(hint: did you mean `AgentGroupId`?)"), "\(added.stderr)")
    }

    @Test func anEmptyListSaysSo() async throws {
        let folder = try TemporaryFolder()
        try folder.write("deskwatch.yaml", Self.config)
        let listed = try await run(["silence", "list", "--config", "deskwatch.yaml"], in: folder)
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout == "no active or pending silences\n")
    }

    @Test func mistakesExitWithAClearMessage() async throws {
        let folder = try TemporaryFolder()
        try folder.write("deskwatch.yaml", Self.config)
        let add = ["silence", "add", "--config", "deskwatch.yaml", "--author", "li.wei", "--comment", "test"]

        let unknown = try await run(["silence", "expire", "0123456789ab", "--config", "deskwatch.yaml"], in: folder)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no silence has the id `0123456789ab`"), "\(unknown.stderr)")

        let id = try await run(add + ["--matcher", "AgentGroupId=3070", "--duration", "1h"], in: folder).stdout
            .trimmingCharacters(in: .newlines)
        #expect(try await run(["silence", "expire", id, "--config", "deskwatch.yaml"], in: folder).status == 0)
        let twice = try await run(["silence", "expire", id, "--config", "deskwatch.yaml"], in: folder)
        #expect(twice.status == 1)
        #expect(twice.stderr.contains("silence \(id) was already expired at "), "\(twice.stderr)")

        let badRegex = try await run(add + ["--matcher", "AgentGroupId=~30(", "--duration", "1h"], in: folder)
        #expect(badRegex.status == 1)
        #expect(badRegex.stderr.contains("--matcher `AgentGroupId=~30(`: `30(` is not a valid regular expression"), "\(badRegex.stderr)")

        let noOperator = try await run(add + ["--matcher", "AgentGroupId", "--duration", "1h"], in: folder)
        #expect(noOperator.status == 1)
        #expect(noOperator.stderr.contains("`AgentGroupId` has no operator"), "\(noOperator.stderr)")

        let badSeverity = try await run(add + ["--matcher", "severity=critcal", "--duration", "1h"], in: folder)
        #expect(badSeverity.status == 1)
        #expect(
            badSeverity.stderr.contains(
                "--matcher `severity=critcal`: unknown severity `critcal` (hint: did you mean `critical`? severities: info, warning, critical)"),
            "\(badSeverity.stderr)")

        let badDuration = try await run(add + ["--matcher", "AgentGroupId=3070", "--duration", "2 hours"], in: folder)
        #expect(badDuration.status == 1)
        #expect(badDuration.stderr.contains("--duration 2 hours is not a duration"), "\(badDuration.stderr)")

        let over = try await run(add + ["--matcher", "AgentGroupId=3070", "--from", "now-2h", "--until", "now-1h"], in: folder)
        #expect(over.status == 1)
        #expect(over.stderr.contains("the silence would already be over"), "\(over.stderr)")

        let neither = try await run(add + ["--matcher", "AgentGroupId=3070"], in: folder)
        #expect(neither.status != 0)
        #expect(neither.stderr.contains("give either --duration or --until"), "\(neither.stderr)")

        let listed = try await run(["silence", "list", "--config", "deskwatch.yaml", "--all"], in: folder)
        #expect(rows(listed.stdout).count == 2, "only the one silence was added: \(listed.stdout)")
    }

    @Test func aConfigurationWithoutStateIsRefused() async throws {
        let folder = try TemporaryFolder()
        try folder.write("deskwatch.yaml", Self.config.replacingOccurrences(of: "state: state.sqlite\n", with: ""))
        let result = try await run(["silence", "list", "--config", "deskwatch.yaml"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("the configuration has no `state:`"), "\(result.stderr)")
    }

    @Test func checkReportsABadRouteAtItsPosition() async throws {
        let folder = try TemporaryFolder()
        try folder.write(
            "deskwatch.yaml",
            Self.config
                + """

                receivers:
                  oncall-email: {type: console}
                routes:
                  - match: ["severity=critical", "AgentGroupId=~30("]
                    receivers: [oncall-emial]
                """)
        let result = try await run(["check", "--config", "deskwatch.yaml"], in: folder)
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains("deskwatch.yaml:10:34: error: routes[0].match[1]: `30(` is not a valid regular expression"), "\(result.stderr)")
        #expect(
            lines.contains(
                "deskwatch.yaml:11:17: error: routes[0].receivers[0]: unknown receiver `oncall-emial` (hint: did you mean `oncall-email`?)"),
            "\(result.stderr)")
    }
}
