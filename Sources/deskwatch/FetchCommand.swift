import ArgumentParser
import DeskAPI
import Foundation
import Logging
import Monitor
import Store
import Transport

/// `deskwatch fetch`: export session records as JSON Lines.
struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Export session records of a time range as JSON Lines (one record per line, API field names).",
        discussion: """
            TIME is Unix seconds, ISO 8601 (2026-11-24T08:00:00+08:00 or 2026-11-24), now, or now-2h. \
            Both ends are inclusive. Records come from the API, read in slices at the source's pace \
            with a progress line on standard error, or with --from-store from the state database.
            """
    )

    @Option(help: "Configuration file.") var config: String
    @Option(help: "Source to read (default: the only one configured).") var source: String?
    @Option(help: "Start of the range (inclusive).") var from: TimeArgument
    @Option(help: "End of the range (inclusive).") var to: TimeArgument
    @Option(help: "Output file (default: standard output). Written under a temporary name and moved into place when complete.")
    var out: String?
    @Option(help: "Slice length for long ranges, e.g. 1h.") var slice: String = "1h"
    @Flag(help: "Export what the state database (`state:`) holds instead of calling the API.") var fromStore = false
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel: String = "warning"

    func validate() throws {
        guard from.unixSeconds <= to.unixSeconds else { throw ValidationError("--from is after --to") }
        guard TimeArgument.parseDuration(slice) != nil else { throw ValidationError("--slice \(slice) is not a duration (e.g. 30m, 1h)") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level \(logLevel) is not a level") }
    }

    func run() async throws {
        let logger = CommandLogging.logger(label: "deskwatch.fetch", level: logLevel)
        let loaded = try CommandConfig.load(config)
        let chosen = try CommandConfig.pick(source: source, in: loaded)
        if fromStore {
            try exportFromStore(loaded, source: chosen.name)
            return
        }
        let client = DeskClient(
            source: chosen.deskSource(), http: CurlHTTPClient(configuration: chosen.httpConfiguration), logger: logger)
        let exporter = RecordExporter(client: client, sliceLength: TimeArgument.parseDuration(slice) ?? 3600)
        let writer = try JSONLinesWriter(path: out)
        let progress = ProgressLine(enabled: to.unixSeconds - from.unixSeconds > exporter.sliceLength)
        do {
            let result = try await exporter.export(
                from: from.unixSeconds, to: to.unixSeconds,
                write: { try writer.write($0) },
                progress: { progress.update($0) })
            try writer.finish()
            progress.finish(result, destination: out)
        } catch {
            writer.abandon()
            progress.clear()
            throw CommandFailure(message: "fetch failed: \(error)")
        }
    }
}

extension FetchCommand {
    /// Writes the stored sessions of `source` in the range, in `Timestamp` order.
    func exportFromStore(_ config: DeskwatchConfig, source: String) throws {
        let store = try CommandConfig.openStore(config)
        let writer = try JSONLinesWriter(path: out)
        var count = 0
        do {
            try store.forEachSession(source: source, from: from.unixSeconds, to: to.unixSeconds) { sessions in
                try writer.write(sessions.map(SessionRecord.init))
                count += sessions.count
            }
            try writer.finish()
        } catch {
            writer.abandon()
            throw CommandFailure(message: "fetch failed: \(error)")
        }
        if out != nil {
            var err = StandardError()
            print("exported \(count) stored records into \(out ?? "")", to: &err)
        }
    }
}

/// The progress line of a long export, on standard error.
final class ProgressLine {
    private let enabled: Bool
    private let interactive = isatty(STDERR_FILENO) == 1
    private var lastPrinted = ContinuousClock.now - .seconds(10)
    private var err = StandardError()

    init(enabled: Bool) { self.enabled = enabled }

    func update(_ progress: RecordExporter.Progress) {
        guard enabled, ContinuousClock.now - lastPrinted >= .seconds(interactive ? 0.2 : 5) else { return }
        lastPrinted = .now
        let line = "fetched \(progress.records) records up to \(Self.format(progress.sliceEnd)) (\(Int(progress.fraction * 100))%)"
        print(interactive ? "\r\u{1B}[K" + line : line, terminator: interactive ? "" : "\n", to: &err)
    }

    func clear() {
        if enabled, interactive { print("\r\u{1B}[K", terminator: "", to: &err) }
    }

    func finish(_ progress: RecordExporter.Progress, destination: String?) {
        clear()
        if progress.incompleteSlices > 0 {
            print(
                "warning: \(progress.incompleteSlices) slice(s) kept changing while they were read; records that arrived meanwhile may be missing. Run the export again to pick them up.",
                to: &err)
        }
        if enabled || destination != nil {
            print(
                "fetched \(progress.records) records from \(Self.format(progress.from)) to \(Self.format(progress.to))"
                    + (destination.map { " into \($0)" } ?? ""), to: &err)
        }
    }

    static func format(_ unix: Int) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(unix)))
    }
}

/// A command that failed in a way already explained by its message; exits 1.
struct CommandFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
