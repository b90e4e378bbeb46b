import DeskAPI
import Foundation
import Logging
import Monitor
import Rules
import Simulator
import Store
import Synchronization
import Testing
import Transport

/// The whole monitor against the simulator over loopback: polls, evaluation, delivery to a real
/// loopback webhook receiver and into a mail folder, the status API, restarts and reloads.
struct DaemonTests {
    static let key = "daemon-test-key-0123456789abcdef"
    static let start = 1_764_028_800

    static let noAgentsRule = """
        rules:
          - name: no-agents-online
            description: chats found no agent online
            severity: critical
            where: {EndStatus: NoAgentsOnline}
            group_by: [AgentGroupId]
            window: 5m
            delay: 0s
            condition:
              count: {at_least: 1}
            notify: [hook, mail]
        """

    /// A simulator with a no-agents burst in queue 3067 from 10 minutes before `start` for 20
    /// minutes, on a clock the test moves.
    static func simulator(queueName: String = "Online customer service") -> DeskSimulator {
        var endStatus = Scenario.defaultEndStatus
        endStatus["NoAgentsOnline"] = 0
        var scenario = Scenario(
            application: .init(sdkAppID: 1_400_000_000, identifiers: ["admin"], secretKey: key), seed: 5, history: .seconds(6 * 3600),
            traffic: .init(perHour: 600), endStatus: endStatus,
            incidents: [
                Scenario.Incident(kind: .noAgents, start: .absolute(start - 600), duration: .seconds(1200), queue: "3067", share: 0.9)
            ])
        scenario.queues[0].name = queueName
        return DeskSimulator(scenario: scenario, clock: SimulatedClock(fixedAt: start))
    }

    /// A configuration folder: the config, the secret key, the rule file and the mail folder.
    struct Setup {
        let folder: URL
        var configPath: String { folder.appendingPathComponent("deskwatch.yaml").path }
        var mailFolder: String { folder.appendingPathComponent("mail").path }
        var rulesFolder: String { folder.appendingPathComponent("rules").path }

        init(simulatorURL: String, hookURL: String, rules: String = DaemonTests.noAgentsRule, extra: String = "", receivers: String = "") throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("deskwatch-daemon-\(UUID().uuidString)")
            try FileManager.default.createDirectory(atPath: folder.appendingPathComponent("rules").path, withIntermediateDirectories: true)
            try DaemonTests.key.write(to: folder.appendingPathComponent("secret_key"), atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: folder.appendingPathComponent("secret_key").path)
            try rules.write(toFile: rulesFolder + "/availability.yaml", atomically: true, encoding: .utf8)
            try """
            state: state.sqlite
            rules: rules
            sources:
              - name: sim
                sdkappid: 1400000000
                endpoint: \(simulatorURL)
                identifier: admin
                secret_key_file: secret_key
                pace: 2000
                backfill: 2h
            receivers:
              hook: {type: webhook, url: "\(hookURL)/hook"}
              mail: {type: email, folder: mail, from: "deskwatch <alerts@example.com>", to: [leads@example.com]}
            \(receivers)status: {listen: "127.0.0.1:0", token: "status-token-0123456789"}
            \(extra)
            """.write(toFile: configPath, atomically: true, encoding: .utf8)
        }

        func cleanUp() { try? FileManager.default.removeItem(at: folder) }

        func daemon(clock simulator: DeskSimulator) throws -> MonitorDaemon {
            let plan = try MonitorPlan.load(configPath: configPath, environment: [:])
            let store = try SessionStore.open(path: try #require(plan.config.state))
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            return try MonitorDaemon(
                plan: plan, store: store, clock: MonitorClock { simulator.clock.now }, configPath: configPath, logger: logger)
        }

        /// The mails written so far, oldest first.
        func mails() throws -> [String] {
            guard FileManager.default.fileExists(atPath: mailFolder) else { return [] }
            return try FileManager.default.contentsOfDirectory(atPath: mailFolder).sorted().map {
                try String(contentsOfFile: mailFolder + "/" + $0, encoding: .utf8)
            }
        }
    }

    /// The value of a header field of a mail (unfolded).
    static func header(_ name: String, in mail: String) -> String? {
        let head = mail.components(separatedBy: "\r\n\r\n")[0].replacingOccurrences(of: "\r\n ", with: " ")
        return head.components(separatedBy: "\r\n").first { $0.hasPrefix(name + ": ") }.map { String($0.dropFirst(name.count + 2)) }
    }

    @Test func aNoAgentsBurstFiresAndResolvesAtTheWebhookAndInTheMailThread() async throws {
        let simulator = Self.simulator()
        let receiver = LoopbackReceiver(["/hook": [.status(200, "ok")]])
        try await SimulatorServer.withRunning(simulator) { simulatorURL in
            try await receiver.run { hookURL in
                let setup = try Setup(simulatorURL: simulatorURL, hookURL: hookURL)
                defer { setup.cleanUp() }
                let daemon = try setup.daemon(clock: simulator)

                let first = try await daemon.runOnce()
                #expect(first.failedSources == 0)
                #expect(first.transitions.map(\.event) == [.firing])
                #expect(first.delivery.delivered == 2)
                let firing = try #require(receiver.received.first)
                let body = try JSONSerialization.jsonObject(with: Data(firing.body.utf8)) as? [String: Any]
                #expect(body?["status"] as? String == "firing")
                let alert = try #require((body?["alerts"] as? [[String: Any]])?.first)
                #expect(alert["rule"] as? String == "no-agents-online")
                #expect((alert["labels"] as? [String: String])?["AgentGroupId"] == "3067")
                #expect((alert["summary"] as? String)?.contains("Online customer service") == true)

                // The burst ends 10 minutes after the start; 10 minutes later its window is clear.
                simulator.clock.set(Self.start + 1800)
                let second = try await daemon.runOnce()
                #expect(second.transitions.map(\.event) == [.resolved])
                let bodies = receiver.received.map(\.body)
                #expect(bodies.count == 2)
                #expect(bodies.last?.contains("\"status\":\"resolved\"") == true)

                let mails = try setup.mails()
                try #require(mails.count == 2)
                let firingID = try #require(Self.header("Message-ID", in: mails[0]))
                #expect(Self.header("In-Reply-To", in: mails[1]) == firingID)
                #expect(Self.header("References", in: mails[1])?.contains(firingID) == true)
                #expect(Self.header("From", in: mails[0]) == "deskwatch <alerts@example.com>")
                #expect(!mails[0].replacingOccurrences(of: "\r\n", with: "").contains("\n"))

                let metrics = daemon.metrics.exposition()
                #expect(metrics.contains("deskwatch_notifications_total{receiver=\"hook\",result=\"sent\"} 2"))
                #expect(metrics.contains("deskwatch_alert_transitions_total{rule=\"no-agents-online\",event=\"resolved\"} 1"))
                #expect(metrics.contains("deskwatch_polls_total{source=\"sim\",result=\"ok\"} 2"))
                #expect(metrics.contains("deskwatch_outbox_depth 0"))
            }
        }
    }

    @Test func aRestartNeitherForgetsNorAnnouncesAgain() async throws {
        let simulator = Self.simulator()
        let receiver = LoopbackReceiver(["/hook": [.status(200, "ok")]])
        try await SimulatorServer.withRunning(simulator) { simulatorURL in
            try await receiver.run { hookURL in
                let setup = try Setup(simulatorURL: simulatorURL, hookURL: hookURL)
                defer { setup.cleanUp() }
                _ = try await setup.daemon(clock: simulator).runOnce()
                #expect(receiver.received.count == 1)

                // A new process on the same state file, a minute later: the alert is still firing.
                simulator.clock.set(Self.start + 60)
                let restarted = try setup.daemon(clock: simulator)
                #expect(try restarted.snapshot().alerts.map(\.state) == ["firing"])
                let again = try await restarted.runOnce()
                #expect(again.transitions.isEmpty)
                #expect(receiver.received.count == 1)

                simulator.clock.set(Self.start + 1800)
                _ = try await restarted.runOnce()
                #expect(receiver.received.map { $0.body.contains("\"status\":\"resolved\"") } == [false, true])
            }
        }
    }

    @Test func aBrokenEditKeepsTheRunningRulesAndAGoodOneKeepsTheStateOfUnchangedRules() async throws {
        let simulator = Self.simulator()
        let receiver = LoopbackReceiver(["/hook": [.status(200, "ok")]])
        try await SimulatorServer.withRunning(simulator) { simulatorURL in
            try await receiver.run { hookURL in
                let setup = try Setup(simulatorURL: simulatorURL, hookURL: hookURL)
                defer { setup.cleanUp() }
                let daemon = try setup.daemon(clock: simulator)
                _ = try await daemon.runOnce()

                try "rules:\n  - name: broken\n    severity: loud\n".write(
                    toFile: setup.rulesFolder + "/broken.yaml", atomically: true, encoding: .utf8)
                #expect(!daemon.reloadFromDisk(environment: [:]))
                let error = try #require(daemon.reloadStatus.error)
                #expect(error.contains("broken.yaml:3:"))
                #expect(daemon.plan.rules.map(\.name) == ["no-agents-online"])
                #expect(daemon.metrics.exposition().contains("deskwatch_reload_failed 1"))
                #expect(try daemon.snapshot().reloadError == error)
                let page = String(decoding: try StatusAPI(daemon: daemon, token: nil).page().body, as: UTF8.self)
                #expect(page.contains("Last reload failed"))

                // A good edit: a new rule, the firing one unchanged.
                try """
                rules:
                  - name: many-chats
                    severity: info
                    window: 1h
                    condition:
                      count: {at_least: 1000000}
                """.write(toFile: setup.rulesFolder + "/broken.yaml", atomically: true, encoding: .utf8)
                #expect(daemon.reloadFromDisk(environment: [:]))
                #expect(daemon.reloadStatus.error == nil)
                #expect(Set(daemon.plan.rules.map(\.name)) == ["no-agents-online", "many-chats"])
                #expect(try daemon.snapshot().alerts.map(\.rule) == ["no-agents-online"])
                let after = try await daemon.runOnce()
                #expect(after.transitions.isEmpty)
                #expect(receiver.received.count == 1)
                #expect(daemon.metrics.exposition().contains("deskwatch_reload_failed 0"))
            }
        }
    }

    @Test func theStatusAPIAndPageShowTheAlertAndEscapeNamesFromTheAPI() async throws {
        let simulator = Self.simulator(queueName: "<img src=x onerror=alert(1)> & \"Q\"")
        let receiver = LoopbackReceiver(["/hook": [.status(200, "ok")]])
        try await SimulatorServer.withRunning(simulator) { simulatorURL in
            try await receiver.run { hookURL in
                let setup = try Setup(simulatorURL: simulatorURL, hookURL: hookURL)
                defer { setup.cleanUp() }
                let daemon = try setup.daemon(clock: simulator)
                #expect(daemon.readiness().contains("source sim has not been polled successfully yet"))
                _ = try await daemon.runOnce()
                #expect(daemon.readiness().isEmpty)

                let api = StatusAPI(daemon: daemon, token: Secret("status-token-0123456789"))
                let alerts = try JSONSerialization.jsonObject(with: try api.get("alerts").body) as? [String: [[String: Any]]]
                let alert = try #require(alerts?["alerts"]?.first)
                #expect(alert["rule"] as? String == "no-agents-online")
                #expect(alert["state"] as? String == "firing")
                #expect((alert["labels"] as? [String: String])?["AgentGroupId"] == "3067")
                let sources = try JSONSerialization.jsonObject(with: try api.get("sources").body) as? [String: [[String: Any]]]
                #expect(sources?["sources"]?.first?["name"] as? String == "sim")
                #expect(try api.get("nothing").status == 404)

                let page = String(decoding: try api.page().body, as: UTF8.self)
                #expect(page.contains("no-agents-online"))
                #expect(page.contains("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Q&quot;"))
                #expect(!page.contains("<img"))
                #expect(!page.contains("<script"))
                #expect(page.contains("<svg class=\"spark\""))

                // Changing silences needs the configured token.
                #expect(try api.addSilence(authorization: nil, body: Data()).status == 401)
                #expect(try api.addSilence(authorization: "Bearer wrong-token-0123456789", body: Data()).status == 401)
                #expect(try StatusAPI(daemon: daemon, token: nil).addSilence(authorization: "Bearer x", body: Data()).status == 403)

                // With it, a silence is added, listed and expired.
                let token = "Bearer status-token-0123456789"
                let bad = try api.addSilence(
                    authorization: token, body: Data(#"{"matchers":["alertname="],"duration":"1h","createdBy":"ops","comment":"x"}"#.utf8))
                #expect(bad.status == 400)
                #expect(String(decoding: bad.body, as: UTF8.self).contains("alertname="))
                let created = try api.addSilence(
                    authorization: token,
                    body: Data(#"{"matchers":["AgentGroupId=3067"],"duration":"1h","createdBy":"ops","comment":"maintenance"}"#.utf8))
                #expect(created.status == 201)
                let silence = try JSONSerialization.jsonObject(with: created.body) as? [String: Any]
                let id = try #require(silence?["id"] as? String)
                #expect(silence?["state"] as? String == "active")
                let listed = try JSONSerialization.jsonObject(with: try api.get("silences").body) as? [String: [[String: Any]]]
                #expect(listed?["silences"]?.map { $0["id"] as? String } == [id])
                #expect(try api.expireSilence(authorization: token, id: id).status == 200)
                #expect(try api.expireSilence(authorization: token, id: id).status == 409)
                #expect(try api.expireSilence(authorization: token, id: "nosuchsilence").status == 404)
            }
        }
    }

    @Test func theServerAnswersHealthReadinessMetricsAndThePageOverHTTP() async throws {
        let simulator = Self.simulator()
        let receiver = LoopbackReceiver(["/hook": [.status(200, "ok")]])
        try await SimulatorServer.withRunning(simulator) { simulatorURL in
            try await receiver.run { hookURL in
                let setup = try Setup(simulatorURL: simulatorURL, hookURL: hookURL)
                defer { setup.cleanUp() }
                let daemon = try setup.daemon(clock: simulator)
                let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        defer { continuation.finish() }
                        try await MonitorRunner.run(
                            daemon, status: daemon.plan.config.status, stopAfter: .seconds(60), logger: daemon.logger,
                            onStatusServer: { continuation.yield($0) })
                    }
                    var iterator = ports.makeAsyncIterator()
                    let port = try #require(await iterator.next())
                    let http = CurlHTTPClient()
                    let base = "http://127.0.0.1:\(port)"
                    let health = try await http.send(HTTPRequest(url: base + "/healthz"))
                    #expect(health.status == 200 && String(decoding: health.body, as: UTF8.self) == "ok\n")
                    var ready = try await http.send(HTTPRequest(url: base + "/readyz"))
                    for _ in 0..<100 where ready.status != 200 {
                        try await Task.sleep(for: .milliseconds(100))
                        ready = try await http.send(HTTPRequest(url: base + "/readyz"))
                    }
                    #expect(ready.status == 200)
                    let metrics = try await http.send(HTTPRequest(url: base + "/metrics"))
                    #expect(metrics.header("Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
                    let text = String(decoding: metrics.body, as: UTF8.self)
                    #expect(text.contains("# TYPE deskwatch_polls_total counter"))
                    #expect(text.contains("deskwatch_build_info{version="))
                    try PromTool.check(text)
                    let page = try await http.send(HTTPRequest(url: base + "/"))
                    #expect(page.status == 200 && page.header("Content-Type")?.hasPrefix("text/html") == true)
                    let refused = try await http.send(HTTPRequest(method: "POST", url: base + "/api/v1/silences", body: Data("{}".utf8)))
                    #expect(refused.status == 401)
                    group.cancelAll()
                }
            }
        }
    }
}

/// `promtool check metrics` (from Debian's `prometheus` package); required under `CI=true`.
enum PromTool {
    static func check(_ exposition: String) throws {
        let candidates = ["/usr/bin/promtool", "/usr/local/bin/promtool"]
        guard let path = candidates.first(where: FileManager.default.isExecutableFile(atPath:)) else {
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                Issue.record("promtool is missing: install Debian's prometheus package")
            }
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["check", "metrics"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(exposition.utf8))
        try input.fileHandleForWriting.close()
        let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "promtool check metrics: \(report)")
        #expect(report.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "promtool check metrics: \(report)")
    }
}
