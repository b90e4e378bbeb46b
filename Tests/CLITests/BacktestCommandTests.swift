import DeskAPI
import Foundation
import Monitor
import Rules
import Simulator
import Store
import Testing

/// `deskwatch backtest` over simulator records with a no-agents incident, from a JSON Lines file
/// and from a state database.
struct BacktestCommandTests {
    /// The start of the incident (a whole minute plus 17 seconds, so that the expected times are
    /// not trivially aligned).
    static let incidentStart = 1_772_445_617
    static let from = incidentStart - 3600
    static let to = incidentStart + 2 * 3600

    /// Four hours of traffic, 600 chats an hour, none ending with `NoAgentsOnline` except during a
    /// 10-minute incident in queue 3070 (Billing): the alert fires and resolves within its `repeat_every`.
    static func records() -> [SessionRecord] {
        var endStatus = Scenario.defaultEndStatus
        endStatus["NoAgentsOnline"] = nil
        let scenario = Scenario(
            seed: 41, history: .seconds(5 * 3600), traffic: .init(perHour: 600), endStatus: endStatus,
            incidents: [.init(kind: .noAgents, start: .absolute(incidentStart), duration: .seconds(600), queue: "3070")])
        let generator = TrafficGenerator(scenario: scenario, start: to + 600)
        let first = TrafficGenerator.bucket(of: to + 600 - 5 * 3600)
        return (first...TrafficGenerator.bucket(of: to + 600)).flatMap { generator.sessions(inBucket: $0).map(\.record) }
    }

    static func iso(_ unix: Int) -> String { ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(unix))) }

    /// When `no-agents-online` (5-minute window, no delay, `keep_firing_for: 10m`) should fire and
    /// resolve: it holds at a whole minute `T` while a `NoAgentsOnline` chat lies in `(T − 5m, T]`,
    /// and resolves 10 minutes after the last minute it held.
    static func expectedTimes(_ records: [SessionRecord]) throws -> (firing: Int, resolved: Int) {
        let incident = records.filter { $0.endStatus == .noAgentsOnline }.map(\.timestamp)
        let first = try #require(incident.min())
        let last = try #require(incident.max())
        let ceiling = { (time: Int) in (time + 59) / 60 * 60 }
        return (ceiling(first), ceiling(last + 300) - 60 + 600)
    }

    static var rules: String { RuleCommandTests.repository.appendingPathComponent("rules/availability.yaml").path }

    @Test func firesAndResolvesNoAgentsOnlineFromAJSONLinesFile() async throws {
        let records = Self.records()
        let folder = try TemporaryFolder()
        let encoder = JSONEncoder()
        let lines = try records.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        let input = try folder.write("records.jsonl", lines.joined(separator: "\n") + "\n")
        let (firing, resolved) = try Self.expectedTimes(records)

        let result = try await CommandRunner.run(
            ["backtest", "--rules", Self.rules, "--from", Self.iso(Self.from), "--to", String(Self.to), "--input", input])

        #expect(result.status == 0, "\(result.stderr)")
        let timeline = result.stdout.split(separator: "\n").map(String.init).filter {
            $0.first?.isNumber == true && $0.contains("  no-agents-online  ")
        }
        #expect(timeline.count == 2, "\(result.stdout)")
        #expect(timeline.first?.hasPrefix("\(Self.iso(firing))  no-agents-online  AgentGroupId=3070 (Billing)  firing  ") == true)
        #expect(timeline.first?.hasSuffix(" vs ≥ 1") == true, "\(timeline)")
        #expect(timeline.last == "\(Self.iso(resolved))  no-agents-online  AgentGroupId=3070 (Billing)  resolved  0 vs ≥ 1")
        let summaryLines = result.stdout.split(separator: "\n")
        #expect(
            summaryLines.contains { $0.hasPrefix("  no-agents-online ") && $0.contains("(critical) fired once in 1 group, firing") },
            "\(result.stdout)")
        #expect(result.stderr.contains("schedule `business-hours`"), "a rule with an undefined schedule is named")

        let json = try await CommandRunner.run(
            ["backtest", "--rules", Self.rules, "--from", String(Self.from), "--to", String(Self.to), "--input", input, "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let transitions = try #require(object["transitions"] as? [[String: Any]])
        let events = transitions.filter { $0["rule"] as? String == "no-agents-online" }.map { "\($0["time"] ?? "") \($0["event"] ?? "")" }
        #expect(events == ["\(Self.iso(firing)) firing", "\(Self.iso(resolved)) resolved"])
        let summary = try #require(object["summary"] as? [String: Any])
        let rules = try #require(summary["rules"] as? [[String: Any]])
        let noAgents = try #require(rules.first { $0["rule"] as? String == "no-agents-online" })
        #expect(noAgents["fired"] as? Int == 1)
        #expect(noAgents["firingSeconds"] as? Int == resolved - firing)
        #expect(summary["evaluations"] as? Int == (Self.to - (Self.from + 59) / 60 * 60) / 60 + 1)
    }

    @Test func replaysAStateDatabaseLikeTheSameRecordsInAFile() async throws {
        let records = Self.records()
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("state.sqlite").path
        do {
            let store = try SessionStore.open(path: path)
            try await store.ingest(records.map { Session($0, source: "sim") }, source: "sim", now: Self.to)
        }
        let input = try folder.write(
            "records.jsonl", try records.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }.joined(separator: "\n"))
        let arguments = ["backtest", "--rules", Self.rules, "--from", String(Self.from), "--to", String(Self.to)]

        let fromStore = try await CommandRunner.run(arguments + ["--store", path])
        let fromFile = try await CommandRunner.run(arguments + ["--input", input])

        #expect(fromStore.status == 0, "\(fromStore.stderr)")
        let (firing, resolved) = try Self.expectedTimes(records)
        #expect(fromStore.stdout.contains("\(Self.iso(firing))  no-agents-online  AgentGroupId=3070 (Billing)  firing  "))
        #expect(fromStore.stdout.contains("\(Self.iso(resolved))  no-agents-online  AgentGroupId=3070 (Billing)  resolved  "))
        #expect(fromStore.stdout == fromFile.stdout)

        let missing = try await CommandRunner.run(arguments + ["--store", folder.url.appendingPathComponent("nothing.sqlite").path])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("nothing.sqlite: no such state database file"))
    }
}
