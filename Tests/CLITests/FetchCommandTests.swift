import DeskAPI
import Foundation
import Simulator
import Testing

/// `deskwatch fetch` against the simulator over loopback.
struct FetchCommandTests {
    static let key = "fetch-test-key"
    static let now = 1_764_028_800

    private func simulator() -> DeskSimulator {
        var scenario = Scenario(application: .init(sdkAppID: 1_400_000_000, identifiers: ["admin"], secretKey: Self.key), seed: 11)
        scenario.traffic.perHour = 300
        scenario.maxRange = .seconds(7200)
        return DeskSimulator(scenario: scenario, clock: SimulatedClock(fixedAt: Self.now))
    }

    private func config(in folder: TemporaryFolder, endpoint: String) throws -> String {
        try folder.write("secret_key", Self.key + "\n")
        return try folder.write(
            "deskwatch.yaml",
            """
            sources:
              - name: sim
                sdkappid: 1400000000
                endpoint: \(endpoint)
                identifier: admin
                secret_key_file: secret_key
                pace: 200
            """)
    }

    @Test func writesExactlyTheSimulatorsRecordsForTheRangeOncePerLine() async throws {
        let simulator = simulator()
        let folder = try TemporaryFolder()
        let from = Self.now - 6 * 3600
        let to = Self.now - 1800
        let output = folder.url.appendingPathComponent("records.jsonl").path

        let result = try await SimulatorServer.withRunning(simulator) { url in
            try await CommandRunner.run(
                [
                    "fetch", "--config", try config(in: folder, endpoint: url), "--from", String(from), "--to",
                    ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(to))),
                    "--out", output, "--slice", "45m",
                ])
        }

        #expect(result.status == 0, "\(result.stderr)")
        let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "")
        let records = try lines.dropLast().map { try JSONDecoder().decode(SessionRecord.self, from: Data($0.utf8)) }
        let expected = simulator.visibleRecords(start: from, end: to)
        #expect(expected.count > 1000)
        #expect(records == expected)
        #expect(Set(records.map(\.sessionID)).count == records.count)
        #expect(result.stderr.contains("fetched \(expected.count) records"))
        let names = FileManager.default.enumerator(atPath: folder.url.path)?.compactMap { $0 as? String } ?? []
        #expect(!names.contains { $0.contains("partial") })
    }

    @Test func writesToStandardOutputWithTheAPIsFieldNames() async throws {
        let simulator = simulator()
        let folder = try TemporaryFolder()
        let result = try await SimulatorServer.withRunning(simulator) { url in
            try await CommandRunner.run(
                ["fetch", "--config", try config(in: folder, endpoint: url), "--from", String(Self.now - 600), "--to", String(Self.now)])
        }
        #expect(result.status == 0, "\(result.stderr)")
        let first = try #require(result.stdout.split(separator: "\n").first)
        #expect(first.hasPrefix(#"{"AgentGroupId":"#))
        #expect(first.contains(#""SessionId":"#) && first.contains(#""Timestamp":"#))
        #expect(result.stdout.split(separator: "\n").count == simulator.visibleRecords(start: Self.now - 600, end: Self.now).count)
    }

    @Test func leavesNoFileBehindWhenTheSourceFails() async throws {
        let simulator = simulator()
        let folder = try TemporaryFolder()
        let output = folder.url.appendingPathComponent("out.jsonl").path
        let wrongKey = try await SimulatorServer.withRunning(simulator) { url -> CommandRunner.Result in
            let path = try config(in: folder, endpoint: url)
            try folder.write("secret_key", "the-wrong-key")
            return try await CommandRunner.run(["fetch", "--config", path, "--from", "now-1h", "--to", "now", "--out", output])
        }
        #expect(wrongKey.status != 0)
        #expect(wrongKey.stderr.contains("70009"))
        #expect(wrongKey.stderr.contains("secret_key"))
        #expect(!FileManager.default.fileExists(atPath: output))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).allSatisfy { !$0.contains("partial") })
    }

    @Test func reportsAConfigProblemWithFileAndLine() async throws {
        let folder = try TemporaryFolder()
        let path = try folder.write(
            "deskwatch.yaml",
            """
            sources:
              - name: sim
                sdkappid: not-a-number
                identifier: admin
                secret_key: ${DESK_TEST_KEY}
            """)
        let result = try await CommandRunner.run(
            ["fetch", "--config", path, "--from", "now-1h", "--to", "now"], environment: ["DESK_TEST_KEY": "a-realistic-secret-key-0123456789"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("deskwatch.yaml:3:"))
        #expect(result.stderr.contains("sdkappid"))
    }
}
