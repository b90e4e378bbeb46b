import DeskAPI
import Foundation
import Logging
import Simulator
import Synchronization
import Transport

/// A log handler that keeps every line, so tests can look for secrets in them.
final class CapturedLog: Sendable {
    private let lines = Mutex<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    func logger(label: String = "test") -> Logger {
        var logger = Logger(label: label) { _ in Handler(log: self) }
        logger.logLevel = .trace
        return logger
    }

    fileprivate func append(_ line: String) { lines.withLock { $0.append(line) } }

    private struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            log.append("\(event.level) \(event.message) \(merged.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " "))")
        }
    }
}

/// Events the client reported.
final class EventLog: Sendable {
    private let events = Mutex<[DeskClientEvent]>([])

    var all: [DeskClientEvent] { events.withLock { $0 } }
    func record(_ event: DeskClientEvent) { events.withLock { $0.append(event) } }

    var retries: [FailureClass] {
        all.compactMap { if case .retry(let failureClass, _, _) = $0 { failureClass } else { nil } }
    }
    var callResults: [String] {
        all.compactMap { if case .call(let result, _) = $0 { result } else { nil } }
    }
    var renewals: Int { all.filter { if case .signatureRenewed = $0 { true } else { false } }.count }
}

enum Fixture {
    static let key = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"
    static let appID = 1_400_000_000
    /// A fixed simulated "now": 2026-11-25T00:00:00Z.
    static let now = 1_764_028_800

    /// A scenario with steady traffic and no faults, on a clock that stands still at ``now``.
    static func simulator(perHour: Double = 600, configure: (inout Scenario) -> Void = { _ in }) -> DeskSimulator {
        var scenario = Scenario(application: .init(sdkAppID: appID, identifiers: ["admin"], secretKey: key), seed: 7)
        scenario.traffic.perHour = perHour
        configure(&scenario)
        return DeskSimulator(scenario: scenario, clock: SimulatedClock(fixedAt: now))
    }

    static func source(_ baseURL: String, key: String = Fixture.key, appID: Int = Fixture.appID, identifier: String = "admin") -> DeskSource {
        DeskSource(name: "test", sdkAppID: appID, identifier: identifier, secretKey: Secret(key), baseURL: baseURL, pace: 1000)
    }

    /// Retries quickly, so fault tests take milliseconds.
    static let fastRetry = RetryPolicy(maxAttempts: 4, initialBackoff: .milliseconds(5), maximumBackoff: .milliseconds(20))

    static func client(
        _ baseURL: String, key: String = Fixture.key, appID: Int = Fixture.appID, identifier: String = "admin", timeout: Duration = .seconds(10),
        log: CapturedLog = CapturedLog(), events: EventLog = EventLog(),
        wallClock: @escaping @Sendable () -> Int = { Int(Date().timeIntervalSince1970) }
    ) -> DeskClient {
        DeskClient(
            source: source(baseURL, key: key, appID: appID, identifier: identifier),
            http: CurlHTTPClient(configuration: HTTPClientConfiguration(connectTimeout: .seconds(2), timeout: timeout)),
            retryPolicy: fastRetry,
            logger: log.logger(),
            wallClock: wallClock,
            sleep: { try await Task.sleep(for: min($0, .milliseconds(50))) },
            observe: { events.record($0) })
    }
}
