import DeskAPI
import Foundation
import Simulator

/// Benchmarks, run in a release build:
///
///     swift run -c release deskwatch-bench [decode|ingest|store-size|rules-engine|backtest-store|daemon]...
///         [--seconds N] [--records N] [--days N] [--rules FOLDER] [--store FILE]
///
/// - `decode`: decoding API pages of 100 records into `SessionRecord`s on one core (records per
///   second). The pages come from the simulator's traffic generator, so they hold realistic text
///   (non-ASCII names, nicknames, ids).
/// - `ingest`: a back-fill from the simulator over loopback HTTP through the real client and
///   poller into an SQLite store on disk: HTTP, decode and upsert (records per second).
/// - `store-size`: the size of the state database per million sessions, indexes included.
/// - `rules-engine`: a generated month (`--days`, default 30) at one session per second, with an
///   incident a day, fed to the engine with the whole default rule pack (`--rules`, default
///   `rules`, so run it from the repository root) evaluated every minute; records already in memory
///   (records per second, evaluations per second, peak RSS).
/// - `backtest-store`: the same month written to a state database file, then backtested from it
///   end to end (records per second, peak RSS). Run each of these two in its own process for its
///   own peak RSS. With `--store FILE` the database is kept in FILE and an existing one is
///   read again instead of written, so the backtest can be repeated without the two minutes of
///   writing.
/// - `daemon`: `deskwatch run` (the release binary next to this one, in its own process) on 7 days
///   of stored history at one session per second with the default rule pack, against the
///   simulator and a webhook receiver in this process: start to ready, the monitor's resident
///   memory and CPU, time per evaluation, and the time from a record becoming visible to its alert
///   arriving at the webhook (`--seconds`, at least 90, is how long it runs after it is ready).
@main
enum Bench {
    static func main() async throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        var seconds = 5.0
        if let index = arguments.firstIndex(of: "--seconds"), index + 1 < arguments.count, let value = Double(arguments[index + 1]) {
            seconds = value
            arguments.removeSubrange(index...(index + 1))
        }
        var records = 1_000_000
        if let index = arguments.firstIndex(of: "--records"), index + 1 < arguments.count, let value = Int(arguments[index + 1]) {
            records = value
            arguments.removeSubrange(index...(index + 1))
        }
        var days = 30
        if let index = arguments.firstIndex(of: "--days"), index + 1 < arguments.count, let value = Int(arguments[index + 1]), value > 0 {
            days = value
            arguments.removeSubrange(index...(index + 1))
        }
        var rulesFolder = "rules"
        if let index = arguments.firstIndex(of: "--rules"), index + 1 < arguments.count {
            rulesFolder = arguments[index + 1]
            arguments.removeSubrange(index...(index + 1))
        }
        var storePath: String?
        if let index = arguments.firstIndex(of: "--store"), index + 1 < arguments.count {
            storePath = arguments[index + 1]
            arguments.removeSubrange(index...(index + 1))
        }
        let selected = arguments.isEmpty ? ["decode"] : arguments
        for name in selected {
            switch name {
            case "decode": try decodePages(seconds: seconds)
            case "ingest": try await IngestBenchmark.run(records: min(records, 300_000))
            case "store-size": try StoreSizeBenchmark.run(records: records)
            case "rules-engine": try RulesBenchmark.engineOnly(days: days, rulesFolder: rulesFolder)
            case "backtest-store": try RulesBenchmark.fromStore(days: days, rulesFolder: rulesFolder, keeping: storePath)
            case "daemon": try await DaemonBenchmark.run(rulesFolder: rulesFolder, seconds: max(seconds, 90))
            default:
                FileHandle.standardError.write(
                    Data("unknown benchmark \(name); available: decode, ingest, store-size, rules-engine, backtest-store, daemon\n".utf8))
                exit(2)
            }
        }
    }

    static func decodePages(seconds: Double) throws {
        var scenario = Scenario()
        scenario.traffic.perHour = 6000
        let generator = TrafficGenerator(scenario: scenario, start: 1_764_000_000)
        var records: [SessionRecord] = []
        var bucket = TrafficGenerator.bucket(of: 1_764_000_000) - 1
        while records.count < 10_000 {
            records += generator.sessions(inBucket: bucket).map(\.record)
            bucket -= 1
        }
        let encoder = JSONEncoder()
        let pages = try stride(from: 0, to: 10_000, by: 100).map { start in
            try encoder.encode(CDRListPage(totalCount: 10_000, records: Array(records[start..<start + 100])))
        }
        let bytes = pages.reduce(0) { $0 + $1.count }
        let decoder = JSONDecoder()
        var decoded = 0
        var checksum = 0
        let clock = ContinuousClock()
        let started = clock.now
        let deadline = started.advanced(by: .milliseconds(Int64(seconds * 1000)))
        while clock.now < deadline {
            for page in pages {
                let result = try decoder.decode(CDRListPage.self, from: page)
                decoded += result.records.count
                checksum &+= result.records.last?.duration ?? 0
            }
        }
        let elapsed = (clock.now - started).seconds
        print(
            String(
                format: "decode: %.0f records/s (%.1f MB/s of JSON, %d pages of 100, %.1f s, checksum %d)",
                Double(decoded) / elapsed, Double(bytes) * Double(decoded) / 10_000 / elapsed / 1e6, pages.count, elapsed, checksum))
    }
}
