import Foundation
import Simulator
import Testing

/// `deskwatch run` killed with SIGKILL while it sends, then started again: every message is
/// delivered, at most the ones that were in flight twice, and nothing is announced again.
struct DeliveryCrashTests {
    static let key = "crash-cli-test-key-0123456789abcdef"

    @Test func aKillInTheMiddleOfDeliveryLosesNothingAndSendsOnlyTheInFlightMessagesTwice() async throws {
        let folder = try TemporaryFolder()
        let receiver = try await WebhookReceiver.start(in: folder, delay: 4)
        defer { receiver.stop() }
        let port = receiver.port

        // No agents online in queue 3067 now, in real time.
        let now = Int(Date().timeIntervalSince1970)
        var scenario = Scenario(application: .init(sdkAppID: 1_400_000_000, identifiers: ["admin"], secretKey: Self.key), seed: 51)
        scenario.traffic.perHour = 600
        scenario.history = .seconds(7200)
        scenario.endStatus["NoAgentsOnline"] = 0
        scenario.incidents = [Scenario.Incident(kind: .noAgents, start: .absolute(now - 1800), duration: .seconds(3600), queue: "3067", share: 0.9)]
        let simulator = DeskSimulator(scenario: scenario, clock: SimulatedClock(start: now))
        try folder.write("secret_key", Self.key)
        try FileManager.default.createDirectory(at: folder.url.appendingPathComponent("rules"), withIntermediateDirectories: true)
        try folder.write(
            "rules/availability.yaml",
            """
            rules:
              - name: no-agents-online
                severity: critical
                where: {EndStatus: NoAgentsOnline}
                group_by: [AgentGroupId]
                window: 10m
                delay: 0m
                condition:
                  count: {at_least: 1}
                notify: [a, b, c]
            """)
        try await SimulatorServer.withRunning(simulator) { url in
            let config = try folder.write(
                "deskwatch.yaml",
                """
                state: state.sqlite
                rules: rules
                sources:
                  - {name: sim, sdkappid: 1400000000, endpoint: "\(url)", identifier: admin, secret_key_file: secret_key, pace: 500, backfill: 1h}
                receivers:
                  a: {type: webhook, url: "http://127.0.0.1:\(port)/a"}
                  b: {type: webhook, url: "http://127.0.0.1:\(port)/b"}
                  c: {type: webhook, url: "http://127.0.0.1:\(port)/c"}
                status: {listen: off}
                """)
            // Killed while its three messages are at the receiver, before any answer.
            let first = try CommandRunner.start(["run", "--config", config], log: folder.url.appendingPathComponent("first.log"))
            let sending = try await CommandRunner.wait(upTo: 60) { Set(receiver.requests.map(\.path)).count == 3 }
            kill(first.processIdentifier, SIGKILL)
            first.waitUntilExit()
            try #require(sending, "the three messages did not reach the receiver")
            let inFlight = receiver.requests

            let second = try CommandRunner.start(["run", "--config", config], log: folder.url.appendingPathComponent("second.log"))
            let delivered = try await CommandRunner.wait(upTo: 60) { receiver.requests.count >= 6 }
            // Time for anything more that would (wrongly) be sent.
            try await Task.sleep(for: .seconds(6))
            kill(second.processIdentifier, SIGTERM)
            second.waitUntilExit()
            #expect(delivered)
            #expect(second.terminationStatus == 0)

            let all = receiver.requests
            #expect(all.count == 6, "\(all)")
            for path in ["/a", "/b", "/c"] {
                let copies = all.filter { $0.path == path }
                #expect(copies.count == 2, "\(path): \(copies)")
                #expect(Set(copies.map(\.id)).count == 1, "\(path): one message, sent twice")
                #expect(copies.allSatisfy { $0.status == "firing" })
                #expect(inFlight.contains { $0.path == path && $0.id == copies.first?.id })
            }
        }
    }
}
