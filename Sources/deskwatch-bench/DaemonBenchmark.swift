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

/// The monitor as `deskwatch run` runs it, on 7 days of stored history at one session per second
/// (about 600,000 records) with the whole default rule pack: start to ready, resident memory in
/// steady state, CPU per evaluation, and the time from a record becoming visible in the simulator
/// to its alert arriving at a webhook receiver. The simulator runs in real time in the same
/// process (so the memory figure includes it).
enum DaemonBenchmark {
    static let key = "bench-key-0123456789abcdef"
    static let pollEvery = 5

    static func run(rulesFolder: String, seconds: Double) async throws {
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
                let source = SourceConfig(
                    name: "bench", sdkAppID: 1_400_000_000, location: .endpoint(url), identifier: "admin", secretKey: Secret(key), pace: 1e6,
                    pollEvery: .seconds(pollEvery), lookback: .seconds(600), backfill: .seconds(7 * 86_400))
                let fillStore = try SessionStore.open(path: statePath)
                let filler = SourcePoller(
                    client: DeskClient(source: source.deskSource(), http: CurlHTTPClient(), logger: logger), store: fillStore,
                    lookback: .seconds(600), backfill: .seconds(7 * 86_400), health: SourceHealthBoard(), logger: logger)
                let filled = try await filler.poll(now: Int(Date().timeIntervalSince1970))
                print("daemon: \(filled.inserted) records of history stored")

                let plan: MonitorPlan = try plan(source: source, hookURL: hookURL, rulesFolder: rulesFolder)
                let clock = ContinuousClock()
                let started = clock.now
                let store = try SessionStore.open(path: statePath)
                let daemon = try MonitorDaemon(plan: plan, store: store, clock: .system, logger: logger)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await MonitorRunner.run(daemon, status: plan.config.status, evaluateEvery: .seconds(30), logger: logger) }
                    while !daemon.readiness().isEmpty { try await Task.sleep(for: .milliseconds(20)) }
                    let ready = clock.now - started
                    print(
                        String(format: "daemon: start to ready %.2f s (opening the store, warming 7 days of windows, the first poll)", ready.seconds))

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
                    try await Task.sleep(for: .seconds(max(0, seconds - 60)))
                    print(String(format: "daemon: resident memory %.1f MB now, peak %.1f MB (with the simulator)", rss("VmRSS"), rss("VmHWM")))
                    var cpu: [Double] = []
                    for _ in 0..<20 {
                        let before = threadCPU()
                        try daemon.evaluate()
                        cpu.append(threadCPU() - before)
                    }
                    cpu.sort()
                    print(
                        String(
                            format: "daemon: CPU per evaluation cycle (11 rules): median %.1f ms, max %.1f ms", cpu[cpu.count / 2] * 1000,
                            (cpu.last ?? 0) * 1000))
                    group.cancelAll()
                }
            }
        }
    }

    /// The default rule pack sending every alert to the webhook.
    static func plan(source: SourceConfig, hookURL: String, rulesFolder: String) throws -> MonitorPlan {
        let receivers = [ReceiverConfig(name: "hook", type: .webhook, target: .http(.webhook(WebhookTarget(url: Secret(hookURL)))))]
        let config = DeskwatchConfig(
            sources: [source], state: "state.sqlite", receiverNames: ["hook"], receivers: receivers, schedules: RulesBenchmark.schedules,
            status: StatusConfig(enabled: false))
        let rules = try RulesBenchmark.loadRules(rulesFolder).map { rule in
            var rule = rule
            rule.receivers = ["hook"]
            return rule
        }
        return MonitorPlan(config: config, rules: rules)
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

    /// A line of /proc/self/status in MB.
    static func rss(_ field: String) -> Double {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") } ?? ""
        let kilobytes = Double(line.split(separator: " ").dropFirst().first { Double($0) != nil } ?? "0") ?? 0
        return kilobytes / 1024
    }

    /// The calling thread's CPU time in seconds.
    static func threadCPU() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// What the benchmark's webhook received: arrival time (Unix seconds) and body.
final class Arrivals: Sendable {
    let bodies = Mutex<[(Double, String)]>([])
}
