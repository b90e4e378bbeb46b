import DeskAPI
import Foundation
import Monitor
import Rules
import Simulator
import Store
import Testing

/// `deskwatch ingest --once` as a real child process against the simulator.
struct IngestCommandTests {
    static let key = "ingest-cli-test-key-0123456789abcdef"

    /// A simulator whose clock stands a little before real time, with traffic that starts
    /// inside the back-fill of any run of the test.
    private func simulator(perHour: Double, backfill: Int) -> DeskSimulator {
        var scenario = Scenario(application: .init(sdkAppID: 1_400_000_000, identifiers: ["admin"], secretKey: Self.key), seed: 31)
        scenario.traffic.perHour = perHour
        scenario.history = .seconds(backfill - 600)
        let now = Int(Date().timeIntervalSince1970) / 60 * 60 - 60
        return DeskSimulator(scenario: scenario, clock: SimulatedClock(fixedAt: now))
    }

    private func config(_ folder: TemporaryFolder, url: String, backfill: Int) throws -> String {
        try folder.write("secret_key", Self.key)
        return try folder.write(
            "deskwatch.yaml",
            """
            state: state.sqlite
            sources:
              - name: sim
                sdkappid: 1400000000
                endpoint: \(url)
                identifier: admin
                secret_key_file: secret_key
                pace: 1000
                backfill: \(backfill)s
            """)
    }

    private func expectStoreMatches(_ simulator: DeskSimulator, folder: TemporaryFolder) throws {
        let store = try SessionStore.open(path: folder.url.appendingPathComponent("state.sqlite").path)
        #expect(try store.integrityCheck() == "ok")
        let now = simulator.clock.now
        let expected = simulator.visibleRecords(start: 0, end: now).map { Session($0, source: "sim") }
        let stored = try store.sessions(source: "sim", from: 0, to: now + 86_400)
        #expect(stored.count == expected.count)
        #expect(stored == expected.sorted { ($0.timestamp, $0.sessionID) < ($1.timestamp, $1.sessionID) })
        #expect(try store.sessionCount() == expected.count)
    }

    @Test func storesEveryRecordOnceAndReportsWhatItDid() async throws {
        let backfill = 6 * 3600
        let simulator = simulator(perHour: 600, backfill: backfill)
        let folder = try TemporaryFolder()
        let (first, second) = try await SimulatorServer.withRunning(simulator) { url in
            let path = try config(folder, url: url, backfill: backfill)
            return (
                try await CommandRunner.run(["ingest", "--config", path, "--once"]),
                try await CommandRunner.run(["ingest", "--config", path, "--once"])
            )
        }
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("sim: \(simulator.visibleRecords(start: 0, end: simulator.clock.now).count) new, 0 updated"))
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("sim: 0 new, 0 updated"))
        try expectStoreMatches(simulator, folder: folder)
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.url.appendingPathComponent("state.sqlite").path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    /// Kill -9 at random moments of a long back-fill, many times, then let a run finish: the
    /// store has every record once, none missing, and SQLite finds nothing wrong with it.
    @Test func survivesBeingKilledAtRandomMomentsOfIngestion() async throws {
        let backfill = 2 * 86_400
        let simulator = simulator(perHour: 2500, backfill: backfill)
        let folder = try TemporaryFolder()
        var generator = SystemRandomNumberGenerator()
        let (killed, final) = try await SimulatorServer.withRunning(simulator) { url in
            let path = try config(folder, url: url, backfill: backfill)
            // Kill runs at random moments until eight of them died mid-way (a run that finishes
            // before its kill still counts as a run, not as a kill).
            var killed = 0
            var runs = 0
            while killed < 8, runs < 40 {
                runs += 1
                let delay = Duration.milliseconds(Int.random(in: 30...900, using: &generator))
                let result = try await CommandRunner.run(["ingest", "--config", path, "--once"], killAfter: delay)
                if result.status == SIGKILL { killed += 1 }
            }
            return (killed, try await CommandRunner.run(["ingest", "--config", path, "--once"]))
        }
        #expect(killed >= 4, "the runs finished before they could be killed; the test needs more traffic")
        #expect(final.status == 0, "\(final.stderr)")
        try expectStoreMatches(simulator, folder: folder)
    }

    @Test func refusesToRunWithoutAStatePath() async throws {
        let folder = try TemporaryFolder()
        try folder.write("secret_key", Self.key)
        let path = try folder.write(
            "deskwatch.yaml",
            """
            sources:
              - {name: sim, sdkappid: 1400000000, endpoint: "http://127.0.0.1:9", identifier: admin, secret_key_file: secret_key}
            """)
        let result = try await CommandRunner.run(["ingest", "--config", path, "--once"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("state:"))
    }

    @Test func exportsWhatTheStoreHolds() async throws {
        let backfill = 3 * 3600
        let simulator = simulator(perHour: 300, backfill: backfill)
        let folder = try TemporaryFolder()
        let exported = try await SimulatorServer.withRunning(simulator) { url in
            let path = try config(folder, url: url, backfill: backfill)
            _ = try await CommandRunner.run(["ingest", "--config", path, "--once"])
            return try await CommandRunner.run(["fetch", "--config", path, "--from-store", "--from", "0", "--to", "now"])
        }
        #expect(exported.status == 0, "\(exported.stderr)")
        let records = try exported.stdout.split(separator: "\n").map { try JSONDecoder().decode(SessionRecord.self, from: Data($0.utf8)) }
        #expect(records == simulator.visibleRecords(start: 0, end: simulator.clock.now))
    }
}
