import DeskAPI
import Foundation
import Logging
import Monitor
import Rules
import Simulator
import Store
import Transport

/// A back-fill through the whole ingestion path: simulator over loopback HTTP, the client with
/// its paging, decoding, and upserts into an SQLite file.
enum IngestBenchmark {
    static func run(records target: Int) async throws {
        let now = 1_764_028_800
        let hours = 6
        var scenario = Scenario(application: .init(sdkAppID: 1_400_000_000, identifiers: ["admin"], secretKey: "bench-key"), seed: 9)
        scenario.traffic.perHour = Double(target) / Double(hours)
        scenario.history = .seconds(hours * 3600)
        let simulator = DeskSimulator(scenario: scenario, clock: SimulatedClock(fixedAt: now))
        let expected = simulator.visibleRecords(start: now - hours * 3600 + 1, end: now).count

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deskwatch-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SessionStore.open(path: folder.appendingPathComponent("state.sqlite").path)
        var logger = Logger(label: "bench")
        logger.logLevel = .error

        let (elapsed, report) = try await SimulatorServer.withRunning(simulator) { url in
            let source = DeskSource(
                name: "bench", sdkAppID: 1_400_000_000, identifier: "admin", secretKey: Secret("bench-key"), baseURL: url, pace: 1e6)
            let poller = SourcePoller(
                client: DeskClient(source: source, http: CurlHTTPClient(), logger: logger), store: store, lookback: .seconds(1800),
                backfill: .seconds(hours * 3600), sliceLength: .seconds(3600), health: SourceHealthBoard(), logger: logger)
            let clock = ContinuousClock()
            let started = clock.now
            let report = try await poller.poll(now: now)
            return (clock.now - started, report)
        }
        let stored = try store.sessionCount()
        guard stored == expected else {
            print("ingest: stored \(stored) records, expected \(expected)")
            exit(1)
        }
        print(
            String(
                format: "ingest: %.0f records/s end to end (%d records, %d pages over loopback HTTP, %.2f s)",
                Double(report.inserted) / elapsed.seconds, report.inserted, report.pages, elapsed.seconds))
    }
}

/// The state database's size per million sessions, indexes included.
enum StoreSizeBenchmark {
    static func run(records target: Int) throws {
        var scenario = Scenario(seed: 10)
        scenario.traffic.perHour = 3600
        scenario.history = .seconds(Double(target) / 3600 * 3600 * 1.5 + 86_400)
        let generator = TrafficGenerator(scenario: scenario, start: 1_764_028_800)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deskwatch-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("state.sqlite").path
        let clock = ContinuousClock()
        let started = clock.now
        do {
            let store = try SessionStore.open(path: path)
            var bucket = TrafficGenerator.bucket(of: 1_764_028_800)
            var count = 0
            var batch: [Session] = []
            while count < target {
                for session in generator.sessions(inBucket: bucket) where count < target {
                    batch.append(Session(session.record, source: "bench"))
                    count += 1
                }
                bucket -= 1
                if batch.count >= 5000 || count == target {
                    try store.ingest(batch, source: "bench", now: 1)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            _ = try store.integrityCheck()
        }
        let elapsed = clock.now - started
        let bytes = try FileManager.default.contentsOfDirectory(atPath: folder.path).reduce(0) { total, name in
            total + ((try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)[.size] as? Int) ?? 0)
        }
        print(
            String(
                format: "store-size: %.0f MB per million sessions (%d sessions in %.1f MB, written at %.0f records/s)",
                Double(bytes) / 1e6 / (Double(target) / 1e6), target, Double(bytes) / 1e6, Double(target) / elapsed.seconds))
    }
}
