import Foundation
import Simulator
import Testing

/// `deskwatch run` killed with SIGKILL while it sends, then started again: every message is
/// delivered, at most the ones that were in flight twice, and nothing is announced again.
struct DeliveryCrashTests {
    static let key = "crash-cli-test-key-0123456789abcdef"

    /// A webhook receiver (Python's http.server) that records each request when it arrives, then
    /// takes `delay` seconds to answer 200.
    static let receiverScript = """
        import http.server, json, sys, time
        log, port_file, delay = sys.argv[1], sys.argv[2], float(sys.argv[3])
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with open(log, "a") as f:
                    f.write(json.dumps({"path": self.path, "body": json.loads(body)}) + "\\n")
                time.sleep(delay)
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"ok")
            def log_message(self, *args):
                pass
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        with open(port_file + ".tmp", "w") as f:
            f.write(str(server.server_address[1]))
        import os
        os.rename(port_file + ".tmp", port_file)
        server.serve_forever()
        """

    /// The requests received so far: path and message id.
    static func received(_ log: URL) -> [(path: String, id: String, status: String)] {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let body = object["body"] as? [String: Any]
            else { return nil }
            return (object["path"] as? String ?? "", body["id"] as? String ?? "", body["status"] as? String ?? "")
        }
    }

    static func start(_ arguments: [String], log url: URL) throws -> Process {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let log = url
        let process = Process()
        process.executableURL = CommandRunner.binary
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        return process
    }

    static func wait(upTo seconds: Double, until condition: () -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return condition()
    }

    @Test func aKillInTheMiddleOfDeliveryLosesNothingAndSendsOnlyTheInFlightMessagesTwice() async throws {
        guard let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            Issue.record("python3 is needed for the receiver")
            return
        }
        let folder = try TemporaryFolder()
        let requests = folder.url.appendingPathComponent("requests.log")
        let portFile = folder.url.appendingPathComponent("port").path
        let script = try folder.write("receiver.py", Self.receiverScript)
        let receiver = Process()
        receiver.executableURL = URL(fileURLWithPath: python)
        receiver.arguments = [script, requests.path, portFile, "4"]
        receiver.standardOutput = FileHandle.nullDevice
        receiver.standardError = FileHandle.nullDevice
        try receiver.run()
        defer {
            kill(receiver.processIdentifier, SIGKILL)
            receiver.waitUntilExit()
        }
        #expect(try await Self.wait(upTo: 20) { FileManager.default.fileExists(atPath: portFile) })
        let port = try String(contentsOfFile: portFile, encoding: .utf8)

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
            let first = try Self.start(["run", "--config", config], log: folder.url.appendingPathComponent("first.log"))
            let sending = try await Self.wait(upTo: 60) { Set(Self.received(requests).map(\.path)).count == 3 }
            kill(first.processIdentifier, SIGKILL)
            first.waitUntilExit()
            try #require(sending, "the three messages did not reach the receiver")
            let inFlight = Self.received(requests)

            let second = try Self.start(["run", "--config", config], log: folder.url.appendingPathComponent("second.log"))
            let delivered = try await Self.wait(upTo: 60) { Self.received(requests).count >= 6 }
            // Time for anything more that would (wrongly) be sent.
            try await Task.sleep(for: .seconds(6))
            kill(second.processIdentifier, SIGTERM)
            second.waitUntilExit()
            #expect(delivered)
            #expect(second.terminationStatus == 0)

            let all = Self.received(requests)
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
