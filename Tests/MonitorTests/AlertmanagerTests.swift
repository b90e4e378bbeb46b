import Foundation
import Logging
import Monitor
import Rules
import Simulator
import Store
import Testing
import Transport

/// Alerts handed to a real Alertmanager (Debian's `prometheus-alertmanager`) on loopback:
/// required under `CI=true`, skipped elsewhere when it is not installed.
struct AlertmanagerTests {
    /// A running Alertmanager on a free loopback port, stopped when the body returns.
    static func withAlertmanager(_ body: (String) async throws -> Void) async throws {
        let binary = ["/usr/bin/prometheus-alertmanager", "/usr/bin/alertmanager"].first(where: FileManager.default.isExecutableFile(atPath:))
        guard let binary else {
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                Issue.record("prometheus-alertmanager is missing: apt-get install -y prometheus-alertmanager")
            }
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deskwatch-am-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
        route: {receiver: blackhole, group_wait: 1s}
        receivers: [{name: blackhole}]
        """.write(to: folder.appendingPathComponent("alertmanager.yml"), atomically: true, encoding: .utf8)
        // A free port: bind, read it, release it.
        let port = try freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [
            "--config.file=\(folder.appendingPathComponent("alertmanager.yml").path)", "--storage.path=\(folder.path)",
            "--web.listen-address=127.0.0.1:\(port)", "--cluster.listen-address=",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        let url = "http://127.0.0.1:\(port)"
        let http = CurlHTTPClient()
        for _ in 0..<100 {
            if let ready = try? await http.send(HTTPRequest(url: url + "/-/ready")), ready.status == 200 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        try await body(url)
    }

    static func freePort() throws -> Int {
        let socket = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// The alerts the Alertmanager holds, as (alertname, AgentGroupId, state).
    static func alerts(_ url: String) async throws -> [(String, String, String)] {
        let response = try await CurlHTTPClient().send(
            HTTPRequest(url: url + "/api/v2/alerts?active=true&silenced=true&inhibited=true&unprocessed=true"))
        let list = try JSONSerialization.jsonObject(with: response.body) as? [[String: Any]] ?? []
        return list.map { alert in
            let labels = alert["labels"] as? [String: String] ?? [:]
            let status = (alert["status"] as? [String: Any])?["state"] as? String ?? ""
            return (labels["alertname"] ?? "", labels["AgentGroupId"] ?? "", status)
        }
    }

    @Test func aFiringAlertIsHeldByAlertmanagerUntilItResolves() async throws {
        try await Self.withAlertmanager { amURL in
            // The Alertmanager compares the alerts' times with its own clock, so the simulated
            // clock runs at real time: no agents online from 100 s to 30 s ago, seen through a
            // one-minute window.
            let now = Int(Date().timeIntervalSince1970)
            var endStatus = Scenario.defaultEndStatus
            endStatus["NoAgentsOnline"] = 0
            let scenario = Scenario(
                application: .init(sdkAppID: 1_400_000_000, identifiers: ["admin"], secretKey: DaemonTests.key), seed: 9,
                history: .seconds(3600), traffic: .init(perHour: 3600), endStatus: endStatus,
                incidents: [Scenario.Incident(kind: .noAgents, start: .absolute(now - 100), duration: .seconds(70), queue: "3067", share: 1)])
            let simulator = DeskSimulator(scenario: scenario, clock: SimulatedClock(start: now))
            let rule = DaemonTests.noAgentsRule.replacingOccurrences(of: "window: 5m", with: "window: 1m")
                .replacingOccurrences(of: "notify: [hook, mail]", with: "notify: [am]")
            let receiver = LoopbackReceiver(["/hook": [.status(200, "ok")]])
            try await SimulatorServer.withRunning(simulator) { simulatorURL in
                try await receiver.run { hookURL in
                    let setup = try DaemonTests.Setup(
                        simulatorURL: simulatorURL, hookURL: hookURL, rules: rule, receivers: "  am: {type: alertmanager, url: \"\(amURL)\"}\n")
                    defer { setup.cleanUp() }
                    let daemon = try setup.daemon(clock: simulator)
                    let first = try await daemon.runOnce()
                    #expect(first.transitions.map(\.event) == [.firing])
                    let held = try await Self.alerts(amURL)
                    #expect(held.map(\.0) == ["no-agents-online"])
                    #expect(held.map(\.1) == ["3067"])
                    #expect(held.map(\.2) == ["active"])

                    // The window is counted in whole minutes (rounded out between them): the resolve comes
                    // within two.
                    var events: [AlertEvent] = []
                    let deadline = ContinuousClock.now + .seconds(150)
                    while events.isEmpty, ContinuousClock.now < deadline {
                        try await Task.sleep(for: .seconds(5))
                        events = try await daemon.runOnce().transitions.map(\.event)
                    }
                    #expect(events == [.resolved])
                    let after = try await Self.alerts(amURL)
                    #expect(after.allSatisfy { $0.2 != "active" }, "\(after)")
                }
            }
        }
    }
}
