import Foundation
import Simulator
import Testing

/// `deskwatch run` and `deskwatch demo` as real child processes.
struct RunCommandTests {
    static let key = "run-cli-test-key-0123456789abcdef"

    @Test func aConfigurationWithErrorsStopsBeforeAnythingStartsAndListsEveryProblem() async throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(at: folder.url.appendingPathComponent("rules"), withIntermediateDirectories: true)
        try folder.write("rules/broken.yaml", "rules:\n  - name: x\n    severity: loud\n    window: 5m\n    condition: {count: {at_least: 1}}\n")
        let config = try folder.write(
            "deskwatch.yaml",
            """
            state: state.sqlite
            rules: rules
            sources:
              - name: sim
                sdkappid: 1400000000
                endpoint: http://127.0.0.1:9
                identifier: admin
                secret_key_file: no-such-file
            receivers:
              hook: {type: webhok, url: "http://127.0.0.1:9/hook"}
            """)
        let result = try await CommandRunner.run(["run", "--config", config])
        #expect(result.status == 2)
        #expect(result.stderr.contains("deskwatch.yaml:8:"))
        #expect(result.stderr.contains("no-such-file"))
        #expect(result.stderr.contains("deskwatch.yaml:10:"))
        #expect(result.stderr.contains("did you mean `webhook`?"))
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("state.sqlite").path))
    }

    @Test func aRuleFileWithErrorsStopsItToo() async throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(at: folder.url.appendingPathComponent("rules"), withIntermediateDirectories: true)
        try folder.write("secret_key", Self.key)
        try folder.write("rules/broken.yaml", "rules:\n  - name: x\n    severity: loud\n    window: 5m\n    condition: {count: {at_least: 1}}\n")
        let config = try folder.write(
            "deskwatch.yaml",
            """
            state: state.sqlite
            rules: rules
            sources:
              - {name: sim, sdkappid: 1400000000, endpoint: "http://127.0.0.1:9", identifier: admin, secret_key_file: secret_key}
            """)
        let result = try await CommandRunner.run(["run", "--config", config])
        #expect(result.status == 2)
        #expect(result.stderr.contains("broken.yaml:3:"))
        #expect(result.stderr.contains("loud"))
    }

    @Test func runsUntilSIGTERMThenStopsCleanly() async throws {
        var scenario = Scenario(application: .init(sdkAppID: 1_400_000_000, identifiers: ["admin"], secretKey: Self.key), seed: 41)
        scenario.traffic.perHour = 300
        scenario.history = .seconds(7200)
        let simulator = DeskSimulator(scenario: scenario, clock: SimulatedClock(fixedAt: Int(Date().timeIntervalSince1970)))
        let folder = try TemporaryFolder()
        try folder.write("secret_key", Self.key)
        let result = try await SimulatorServer.withRunning(simulator) { url in
            let config = try folder.write(
                "deskwatch.yaml",
                """
                state: state.sqlite
                sources:
                  - {name: sim, sdkappid: 1400000000, endpoint: "\(url)", identifier: admin, secret_key_file: secret_key, pace: 500, backfill: 1h}
                status: {listen: "127.0.0.1:0"}
                log: {format: json}
                """)
            return try await CommandRunner.run(["run", "--config", config], killAfter: .seconds(8), signal: SIGTERM)
        }
        #expect(result.status == 0, "\(result.stderr)")
        // Diagnostics of the configuration come first, in the compiler's format; then the log.
        let lines = result.stderr.split(separator: "\n").map(String.init).filter { !$0.contains(": warning: ") }
        let messages = lines.compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])?["msg"]
        }
        #expect(messages.count == lines.count, "every log line is a JSON object: \(result.stderr)")
        #expect(messages.contains("deskwatch started"))
        #expect(messages.contains("poll"))
        #expect(messages.contains("status server listening"))
        #expect(messages.last == "deskwatch stopped")
        #expect(!result.stderr.contains(Self.key))
    }

    @Test func theDemoShowsAlertsFireAndResolveOnTheTerminalAndInTheMailFolder() async throws {
        let folder = try TemporaryFolder()
        let result = try await CommandRunner.run(
            ["demo", "--port", "0", "--speed", "60", "--seconds", "40", "--dir", folder.url.path], killAfter: .seconds(120))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("status page:  http://127.0.0.1:"))
        #expect(result.stdout.contains("[console] 🔴 FIRING critical: no-agents-online"))
        #expect(result.stdout.contains("[console] ✅ RESOLVED critical: no-agents-online · Online customer service (3067)"))
        #expect(result.stdout.contains("demo stopped; the state database and the mails are in \(folder.url.path)"))
        let mails = try FileManager.default.contentsOfDirectory(atPath: folder.url.appendingPathComponent("mail").path)
        #expect(mails.count >= 2)
        #expect(mails.allSatisfy { $0.hasSuffix(".eml") })
    }
}
