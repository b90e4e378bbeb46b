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

/// Ingestion against the simulator over loopback: after each scenario the store holds exactly
/// the records the simulator shows (same keys, same content).
struct IngestTests {
    static let key = "ingest-test-key-0123456789abcdef"
    static let start = 1_764_028_800

    /// A simulator on a clock the test moves, and what is needed to poll it.
    struct Rig {
        let simulator: DeskSimulator
        let store: SessionStore
        let health = SourceHealthBoard()

        init(_ configure: (inout Scenario) -> Void = { _ in }) throws {
            var scenario = Scenario(application: .init(sdkAppID: 1_400_000_000, identifiers: ["admin"], secretKey: IngestTests.key), seed: 21)
            scenario.traffic.perHour = 400
            scenario.history = .seconds(3 * 86_400)
            configure(&scenario)
            simulator = DeskSimulator(scenario: scenario, clock: SimulatedClock(fixedAt: IngestTests.start))
            store = try SessionStore.inMemory()
        }

        func poller(
            _ url: String, name: String = "cn", key: String = IngestTests.key, lookback: Duration = .seconds(1800), pace: Double = 2000,
            realWaits: Bool = false
        ) -> SourcePoller {
            let source = DeskSource(
                name: name, sdkAppID: 1_400_000_000, identifier: "admin", secretKey: Secret(key), baseURL: url, pace: pace)
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            let client = DeskClient(
                source: source, http: CurlHTTPClient(),
                retryPolicy: RetryPolicy(maxAttempts: 8, initialBackoff: .milliseconds(1), maximumBackoff: .milliseconds(10)),
                logger: logger, sleep: { try await Task.sleep(for: realWaits ? $0 : min($0, .milliseconds(20))) },
                observe: health.observer(for: name))
            return SourcePoller(
                client: client, store: store, lookback: lookback, backfill: .seconds(6 * 3600), sliceLength: .seconds(3600), health: health,
                logger: logger)
        }

        /// What the simulator shows of `from...to` now, as stored sessions of `source`.
        func expected(from: Int, to: Int, source: String = "cn") -> [Session] {
            simulator.visibleRecords(start: from, end: to).map { Session($0, source: source) }
                .sorted { ($0.timestamp, $0.sessionID) < ($1.timestamp, $1.sessionID) }
        }

        func stored(from: Int, to: Int, source: String = "cn") throws -> [Session] {
            try store.sessions(source: source, from: from, to: to)
        }

        var now: Int { simulator.clock.now }
    }

    @Test func backfillsOnFirstStartThenKeepsUpWithSteadyTraffic() async throws {
        let rig = try Rig()
        try await SimulatorServer.withRunning(rig.simulator) { url in
            let poller = rig.poller(url)
            let first = try await poller.poll(now: rig.now)
            #expect(first.from == IngestTests.start - 6 * 3600 + 1)
            #expect(first.inserted > 2000)
            for _ in 0..<5 {
                rig.simulator.clock.advance(by: 300)
                try await poller.poll(now: rig.now)
            }
        }
        let from = IngestTests.start - 6 * 3600 + 1
        #expect(try rig.stored(from: from, to: rig.now) == rig.expected(from: from, to: rig.now))
        let health = rig.health.health(of: "cn")
        #expect(health.polls == 6)
        #expect(health.lastError == nil)
        #expect(health.inserted == (try rig.store.sessionCount()))
        #expect(health.lag(now: rig.now).map { $0 < 120 } == true)
    }

    @Test func picksUpRecordsThatArriveLateWithinTheLookback() async throws {
        let rig = try Rig { $0.publicationLag = .init(minimum: .seconds(10), maximum: .seconds(120), lateShare: 0.2, lateMaximum: .seconds(1500)) }
        try await SimulatorServer.withRunning(rig.simulator) { url in
            let poller = rig.poller(url)
            for _ in 0..<12 {
                try await poller.poll(now: rig.now)
                rig.simulator.clock.advance(by: 240)
            }
            try await poller.poll(now: rig.now)
        }
        // Every record whose lag is within the lookback has shown up by now and must be stored.
        let from = IngestTests.start - 6 * 3600 + 1
        let settled = rig.now - 1800
        #expect(try rig.stored(from: from, to: settled) == rig.expected(from: from, to: settled))
        #expect(try rig.stored(from: from, to: rig.now) == rig.expected(from: from, to: rig.now))
    }

    @Test func updatesRecordsWhoseRatingArrivesLater() async throws {
        let rig = try Rig { $0.ratings = .init(rated: 0.8, lateShare: 0.5, lateAfter: .seconds(900)) }
        let updated = try await SimulatorServer.withRunning(rig.simulator) { url in
            let poller = rig.poller(url)
            try await poller.poll(now: rig.now)
            var updated = 0
            for _ in 0..<6 {
                rig.simulator.clock.advance(by: 300)
                updated += try await poller.poll(now: rig.now).updated
            }
            return updated
        }
        #expect(updated > 0)
        let from = IngestTests.start - 6 * 3600 + 1
        #expect(try rig.stored(from: from, to: rig.now) == rig.expected(from: from, to: rig.now))
    }

    @Test func losesNothingWhenRecordsAppearBetweenPageReads() async throws {
        let rig = try Rig()
        // Late records land at the front of the last slice while its second page is read.
        let added = Mutex(false)
        rig.simulator.setRequestHook { _, query in
            guard query.offset == 100,
                added.withLock({ done in
                    defer { done = true }; return !done
                })
            else { return }
            rig.simulator.add(Self.lateRecords(at: query.startTimestamp))
        }
        _ = try await SimulatorServer.withRunning(rig.simulator) { url in
            try await rig.poller(url).poll(now: rig.now)
        }
        let from = IngestTests.start - 6 * 3600 + 1
        let stored = try rig.stored(from: from, to: rig.now)
        #expect(stored == rig.expected(from: from, to: rig.now))
        #expect(stored.filter { $0.sessionID.hasPrefix("between-") }.count == 250)
    }

    static func lateRecords(at timestamp: Int) -> [SimulatedSession] {
        (0..<250).map { index in
            SimulatedSession(
                record: SessionRecord(
                    sessionID: String(format: "between-%03d", index), agentGroupID: "3070", endStatus: .userEndedSession,
                    timestamp: timestamp + index % 7),
                visibleAt: IngestTests.start - 10)
        }
    }

    /// Every second page of a long read sees new records appear in front of it, so a whole
    /// slice never reads completely; its halves, which need fewer pages, do.
    @Test func splitsASliceThatKeepsChangingUntilItReadsCompletely() async throws {
        let rig = try Rig()
        let counter = Mutex(0)
        rig.simulator.setRequestHook { _, query in
            guard query.offset >= 100 else { return }
            let index = counter.withLock { count in
                count += 1
                return count
            }
            rig.simulator.add([
                SimulatedSession(
                    record: SessionRecord(
                        sessionID: "grow-\(index)", agentGroupID: "3067", endStatus: .userEndedSession, timestamp: query.startTimestamp),
                    visibleAt: IngestTests.start - 10)
            ])
        }
        let report = try await SimulatorServer.withRunning(rig.simulator) { url in try await rig.poller(url).poll(now: rig.now) }
        let from = IngestTests.start - 6 * 3600 + 1
        #expect(try rig.stored(from: from, to: rig.now) == rig.expected(from: from, to: rig.now))
        #expect(try rig.store.cursor(source: "cn")?.coveredUntil == rig.now)
        #expect(report.pages > 40)
    }

    @Test func aCursorAheadOfTheClockDoesNotSkipThePresent() async throws {
        let rig = try Rig()
        try await rig.store.ingest([], source: "cn", coveredUntil: IngestTests.start + 86_400, now: IngestTests.start)
        let range = try rig.poller("http://127.0.0.1:9").range(now: IngestTests.start)
        #expect(range == (IngestTests.start - 1800 + 1)...IngestTests.start)
    }

    @Test func survivesEveryFaultClassAndStoresExactlyWhatTheAPIShows() async throws {
        let rig = try Rig {
            $0.faults = .init(internalError: 0.05, rateLimited: 0.03, http500: 0.03, slow: 0.01, slowDelay: .milliseconds(200), truncated: 0.03)
        }
        rig.simulator.enqueueFaults([.apiError(141002), .apiError(141009), .httpStatus(500), .truncated, .garbage, .apiError(70001)])
        try await SimulatorServer.withRunning(rig.simulator) { url in
            let poller = rig.poller(url)
            try await poller.poll(now: rig.now)
            rig.simulator.clock.advance(by: 600)
            try await poller.poll(now: rig.now)
        }
        let from = IngestTests.start - 6 * 3600 + 1
        #expect(try rig.stored(from: from, to: rig.now) == rig.expected(from: from, to: rig.now))
        let health = rig.health.health(of: "cn")
        #expect(health.retries >= 6)
        #expect(health.apiCalls["141002", default: 0] >= 1)
        #expect(health.apiCalls["invalid_response", default: 0] >= 2)
    }

    /// The simulator answers 141009 above 20 requests per second; a back-fill at the source's
    /// pace of 15 per second never sees one.
    @Test func backfillsAtTheSourcesPaceWithoutTrippingTheRateLimit() async throws {
        let rig = try Rig { $0.rateLimitPerSecond = 20 }
        try await SimulatorServer.withRunning(rig.simulator) { url in
            let client = rig.poller(url, pace: 15, realWaits: true)
            try await client.poll(now: rig.now)
        }
        let health = rig.health.health(of: "cn")
        #expect(health.apiCalls["ok", default: 0] > 20)
        #expect(health.apiCalls["141009"] == nil)
        let from = IngestTests.start - 6 * 3600 + 1
        #expect(try rig.stored(from: from, to: rig.now) == rig.expected(from: from, to: rig.now))
    }

    @Test func aFailingSourceDoesNotStallTheOthers() async throws {
        let rig = try Rig()
        let outcomes = try await SimulatorServer.withRunning(rig.simulator) { url in
            await PollCycle.run([rig.poller(url, name: "good"), rig.poller(url, name: "bad", key: "wrong-key-0123456789")], now: rig.now)
        }
        guard case .polled = outcomes[0], case .failed(let source, let error) = outcomes[1] else {
            Issue.record("expected the good source to poll and the bad one to fail: \(outcomes)")
            return
        }
        #expect(source == "bad")
        #expect("\(error)".contains("secret_key"))
        let from = IngestTests.start - 6 * 3600 + 1
        #expect(try rig.stored(from: from, to: rig.now, source: "good") == rig.expected(from: from, to: rig.now, source: "good"))
        #expect(try rig.store.sessionCount(source: "bad") == 0)
        #expect(try rig.store.cursor(source: "bad") == nil)
        let bad = rig.health.health(of: "bad")
        #expect(bad.lastError?.kind == "configuration")
        #expect(bad.failedPolls == 1)
    }
}
