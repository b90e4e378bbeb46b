import ArgumentParser
import DeskAPI
import Foundation
import Logging
import Monitor
import Store
import Transport

/// `deskwatch ingest --once`: one poll of every source into the store.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Poll every configured source once into the state database, then exit (for cron and tests).",
        discussion: """
            Each source is read from its cursor minus `lookback` up to now (or `backfill` back on its \
            first poll), slice by slice; every slice is committed together with the cursor, so an \
            interrupted run loses nothing and duplicates nothing. Sessions older than `retention` \
            are pruned afterwards. Exits 1 when any source failed.
            """
    )

    @Option(help: "Configuration file.") var config: String
    @Flag(help: "Poll once and exit (continuous polling is `deskwatch run`).") var once = false
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel: String = "info"

    func validate() throws {
        guard once else { throw ValidationError("pass --once: continuous polling is part of `deskwatch run`") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level \(logLevel) is not a level") }
    }

    func run() async throws {
        let logger = CommandLogging.logger(label: "deskwatch.ingest", level: logLevel)
        let loaded = try CommandConfig.load(config)
        let store = try CommandConfig.openStore(loaded)
        let health = SourceHealthBoard(sources: loaded.sources.map(\.name))
        let pollers = loaded.sources.map { source in
            SourcePoller(
                client: DeskClient(
                    source: source.deskSource(), http: CurlHTTPClient(configuration: source.httpConfiguration), logger: logger,
                    observe: health.observer(for: source.name)),
                store: store, lookback: source.lookback, backfill: source.backfill, health: health, logger: logger)
        }
        let now = Int(Date().timeIntervalSince1970)
        let outcomes = await PollCycle.run(pollers, now: now)
        var err = StandardError()
        var failed = 0
        for outcome in outcomes {
            switch outcome {
            case .polled(let report):
                let lag = health.health(of: report.source).lag(now: now).map { "\($0)s" } ?? "no records yet"
                print(
                    "\(report.source): \(report.inserted) new, \(report.updated) updated, \(report.pages) pages, "
                        + "\(ProgressLine.format(report.from))…\(ProgressLine.format(report.to)), lag \(lag)",
                    to: &err)
            case .failed(let source, let error):
                failed += 1
                print("\(source): failed: \(error)", to: &err)
            }
        }
        let pruned = try await store.prune(olderThan: now - Int(loaded.retention.seconds))
        if pruned > 0 { print("pruned \(pruned) sessions older than the retention", to: &err) }
        if failed > 0 { throw ExitCode(1) }
    }
}
