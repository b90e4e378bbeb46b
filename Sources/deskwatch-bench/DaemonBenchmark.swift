import DeskAPI
import Foundation
import Hummingbird
import Logging
import Monitor
import Notify
import Rules
import ServiceLifecycle
import Simulator
import Store
import Synchronization
import Transport

/// The monitor as a user runs it: the `deskwatch` binary next to this one, `deskwatch run` in a
/// process of its own, on 7 days of stored history at one session per second (about 600,000
/// records) with the whole default rule pack. Measured from outside: start to ready (until
/// `/readyz` answers 200), the monitor's resident memory in steady state, the time per evaluation
/// cycle (`rule_evaluation_seconds`), and the time from a record becoming visible in the simulator
/// to its alert arriving at a webhook receiver. The simulator and the receiver run in this
/// process, so the monitor's figures are its own.
enum DaemonBenchmark {
    static let key = "bench-key-0123456789abcdef"
    static let pollEvery = 5

    static func run(rulesFolder: String, seconds: Double) async throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("deskwatch")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            print("daemon: \(binary.path) is missing; build it with `swift build -c release --product deskwatch`")
            exit(1)
        }
        let start = Int(Date().timeIntervalSince1970)
        let incidentStart = start + 45
        var endStatus = Scenario.defaultEndStatus
        endStatus["NoAgentsOnline"] = 0
        var scenario = Scenario(
            application: .init(sdkAppID: 1_400_000_000, identifiers: ["admin"], secretKey: key), seed: 12, history: .seconds(7 * 86_400),
            traffic: .init(perHour: 3600), endStatus: endStatus,
            incidents: [Scenario.Incident(kind: .noAgents, start: .absolute(incidentStart), duration: .seconds(600), queue: "3067", share: 1)])
        scenario.publicationLag = .init(minimum: .seconds(1), maximum: .seconds(3))
        let simulator = DeskSimulator(scenario: scenario, clock: SimulatedClock(start: start))
        // When the first record of the incident becomes visible.
        let generator = TrafficGenerator(scenario: scenario, start: start)
        let firstVisible =
            (TrafficGenerator.bucket(of: incidentStart)...TrafficGenerator.bucket(of: incidentStart) + 5)
            .flatMap { generator.sessions(inBucket: $0) }
            .filter { $0.record.endStatus == .noAgentsOnline }
            .map(\.visibleAt).min() ?? incidentStart

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deskwatch-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let statePath = folder.appendingPathComponent("state.sqlite").path
        let logger = {
            var logger = Logger(label: "bench")
            logger.logLevel = .error
            return logger
        }()
        let arrivals = Arrivals()

        try await SimulatorServer.withRunning(simulator) { url in
            try await withReceiver(arrivals) { hookURL in
                // The 7 days of history, stored before the monitor starts (not timed).
                let source = DeskSource(name: "bench", sdkAppID: 1_400_000_000, identifier: "admin", secretKey: Secret(key), baseURL: url, pace: 1e6)
                let filled = try await SourcePoller(
                    client: DeskClient(source: source, http: CurlHTTPClient(), logger: logger), store: try SessionStore.open(path: statePath),
                    lookback: .seconds(600), backfill: .seconds(7 * 86_400), health: SourceHealthBoard(), logger: logger
                ).poll(now: Int(Date().timeIntervalSince1970))
                print("daemon: \(filled.inserted) records of history stored")

                let config = try writeConfig(in: folder, simulatorURL: url, hookURL: hookURL, rulesFolder: rulesFolder)
                let log = folder.appendingPathComponent("deskwatch.log")
                _ = FileManager.default.createFile(atPath: log.path, contents: nil)
                let monitor = Process()
                monitor.executableURL = binary
                monitor.arguments = ["run", "--config", config]
                monitor.standardInput = FileHandle.nullDevice
                monitor.standardOutput = FileHandle.nullDevice
                monitor.standardError = try FileHandle(forWritingTo: log)
                let clock = ContinuousClock()
                let started = clock.now
                try monitor.run()
                defer {
                    if monitor.isRunning { kill(monitor.processIdentifier, SIGKILL) }
                    monitor.waitUntilExit()
                }
                let pid = monitor.processIdentifier
                let http = CurlHTTPClient()
                let statusURL = try await statusAddress(in: log, of: monitor)
                while try await http.send(Transport.HTTPRequest(url: statusURL + "readyz")).status != 200 {
                    guard monitor.isRunning else {
                        throw BenchFailure(message: "deskwatch run stopped:\n\(try String(contentsOf: log, encoding: .utf8))")
                    }
                    try await Task.sleep(for: .milliseconds(20))
                }
                let ready = clock.now - started
                print(
                    String(
                        format: "daemon: start to ready %.2f s (process start, configuration and rules, opening the store, warming 7 days "
                            + "of windows, the first poll and evaluation)", ready.seconds))
                print(String(format: "daemon: resident memory when ready %.1f MB", status(pid, "VmRSS")))

                let deadline = Date().timeIntervalSince1970 + max(seconds, 120)
                while Date().timeIntervalSince1970 < deadline,
                    !arrivals.bodies.withLock({ $0.contains { $0.1.contains("no-agents-online") && $0.1.contains("\"firing\"") } })
                {
                    try await Task.sleep(for: .milliseconds(50))
                }
                if let arrival = arrivals.bodies.withLock({ $0.first { $0.1.contains("no-agents-online") && $0.1.contains("\"firing\"") } }) {
                    print(
                        String(
                            format: "daemon: record visible to alert at the webhook %.2f s (poll interval %d s)",
                            arrival.0 - Double(firstVisible), pollEvery))
                } else {
                    print("daemon: the no-agents alert did not arrive")
                }
                // Steady state: a minute more of polls and evaluations.
                let cpuBefore = processCPU(pid)
                let steadyStart = clock.now
                try await Task.sleep(for: .seconds(max(60, seconds - 60)))
                let cpuShare = (processCPU(pid) - cpuBefore) / (clock.now - steadyStart).seconds
                print(
                    String(
                        format: "daemon: the monitor's resident memory %.1f MB now (%.1f MB anonymous, %.1f MB file), peak %.1f MB; "
                            + "CPU %.2f %% of one core in steady state",
                        status(pid, "VmRSS"), status(pid, "RssAnon"), status(pid, "RssFile"), status(pid, "VmHWM"), cpuShare * 100))
                let metrics = String(decoding: try await http.send(Transport.HTTPRequest(url: statusURL + "metrics")).body, as: UTF8.self)
                let sum = metric(metrics, "deskwatch_rule_evaluation_seconds_sum")
                let count = metric(metrics, "deskwatch_rule_evaluation_seconds_count")
                print(
                    String(
                        format: "daemon: time per evaluation cycle (11 rules, engine and store): mean %.1f ms over %.0f cycles, %.0f of them "
                            + "within 1 ms, %.0f within 5 ms",
                        count > 0 ? sum / count * 1000 : .nan, count, metric(metrics, "deskwatch_rule_evaluation_seconds_bucket{le=\"0.001\"}"),
                        metric(metrics, "deskwatch_rule_evaluation_seconds_bucket{le=\"0.005\"}")))
                kill(pid, SIGTERM)
            }
        }
    }

    /// The configuration `deskwatch run` gets: the default rule pack with every alert routed to
    /// the webhook, the source polled every 5 seconds, the status server on a free port.
    static func writeConfig(in folder: URL, simulatorURL: String, hookURL: String, rulesFolder: String) throws -> String {
        let rules = URL(fileURLWithPath: rulesFolder, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).path
        let keyFile = folder.appendingPathComponent("secret_key").path
        try key.write(toFile: keyFile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyFile)
        let config = folder.appendingPathComponent("deskwatch.yaml").path
        try """
        state: state.sqlite
        rules: "\(rules)"
        sources:
          - {name: bench, sdkappid: 1400000000, endpoint: "\(simulatorURL)", identifier: admin, secret_key_file: secret_key, pace: 1000,
             poll_every: \(pollEvery)s, lookback: 10m, backfill: 7d}
        schedules:
          business-hours: {timezone: Asia/Shanghai, days: mon-fri, hours: "09:00-18:00"}
        receivers:
          hook: {type: webhook, url: "\(hookURL)"}
        routes:
          - receivers: [hook]
        status: {listen: "127.0.0.1:0"}
        log: {format: json}
        """.write(toFile: config, atomically: true, encoding: .utf8)
        return config
    }

    /// The status server's base URL, from the monitor's log.
    static func statusAddress(in log: URL, of process: Process) async throws -> String {
        while process.isRunning {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") where line.contains("status server listening") {
                if let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let address = object["address"] as? String
                {
                    return address
                }
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw BenchFailure(message: "deskwatch run stopped:\n\((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
    }

    /// The value of the first line of a Prometheus exposition that starts with `name` and a space.
    static func metric(_ exposition: String, _ name: String) -> Double {
        let line = exposition.split(separator: "\n").first { $0.hasPrefix(name + " ") }
        return line.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
    }

    /// A loopback webhook receiver that records when each body arrived.
    static func withReceiver(_ arrivals: Arrivals, _ body: (String) async throws -> Void) async throws {
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            var request = request
            let bytes = try await request.collectBody(upTo: 1 << 20)
            let text = String(decoding: bytes.readableBytesView, as: UTF8.self)
            arrivals.bodies.withLock { $0.append((Date().timeIntervalSince1970, text)) }
            return Response(status: .ok)
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) },
            logger: Logger(label: "receiver", factory: { _ in SwiftLogNoOpLogHandler() }))
        let services = ServiceGroup(
            configuration: .init(services: [app], logger: Logger(label: "receiver", factory: { _ in SwiftLogNoOpLogHandler() })))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { return }
            try await body("http://127.0.0.1:\(port)/hook")
            await services.triggerGracefulShutdown()
        }
    }

    /// A line of /proc/<pid>/status in MB.
    static func status(_ pid: Int32, _ field: String) -> Double {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") } ?? ""
        let kilobytes = Double(line.split(separator: " ").dropFirst().first { Double($0) != nil } ?? "0") ?? 0
        return kilobytes / 1024
    }

    /// The CPU time (user and system) a process has used so far, in seconds.
    static func processCPU(_ pid: Int32) -> Double {
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        // The fields after the command name (which may hold spaces): state is the first, utime the 12th.
        let fields = stat.split(separator: ")").last?.split(separator: " ") ?? []
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}

/// What the benchmark's webhook received: arrival time (Unix seconds) and body.
final class Arrivals: Sendable {
    let bodies = Mutex<[(Double, String)]>([])
}
