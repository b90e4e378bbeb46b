import ArgumentParser
import ConfigSupport
import DeskAPI
import Foundation
import Logging
import Monitor
import Rules
import Store
import Transport

/// `deskwatch backtest`: what the rules would have fired over past records.
struct BacktestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Replay past records through rules at simulated time and print the alerts they would have raised.",
        discussion: """
            TIME is Unix seconds, ISO 8601 (2026-11-24T08:00:00+08:00 or 2026-11-24), now, or now-2h. \
            Records are read from --input (JSON Lines as `deskwatch fetch` writes them, - for standard \
            input), from --store (a state database), or otherwise from the API of a source in --config. \
            Reading starts before --from by the largest lookback of the rules (window, reference window \
            and delay), so windows are full when the range starts; the rules are evaluated at every whole \
            minute from --from to --to. With --config, its schedules decide when rules with `active:` \
            run; without it, such rules are always active (a warning says which). Prints the timeline of \
            alert events, then a summary per rule.
            """
    )

    /// How the results are printed.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
    }

    @Option(help: "Rule file or folder (repeatable).") var rules: [String]
    @Option(help: "Start of the range (inclusive).") var from: TimeArgument
    @Option(help: "End of the range (inclusive).") var to: TimeArgument
    @Option(help: "Records as JSON Lines (- for standard input).") var input: String?
    @Option(help: "Records from a state database file.") var store: String?
    @Option(help: "Configuration file: its schedules, and the API source when neither --input nor --store is given.")
    var config: String?
    @Option(help: "Source to read from the API or the store (default: the only one configured; in a store, all).")
    var source: String?
    @Option(help: "Output format: text or json.") var format: Format = .text
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel: String = "warning"

    func validate() throws {
        guard !rules.isEmpty else { throw ValidationError("name the rules with --rules") }
        guard from.unixSeconds <= to.unixSeconds else { throw ValidationError("--from is after --to") }
        guard input == nil || store == nil else { throw ValidationError("read records from --input or from --store, not both") }
        guard input != nil || store != nil || config != nil else {
            throw ValidationError("name where the records come from: --input FILE.jsonl, --store FILE, or --config FILE for the API")
        }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level \(logLevel) is not a level") }
    }

    func run() async throws {
        var err = StandardError()
        let loadedConfig = try config.map { try CommandConfig.load($0) }
        let files = RuleFiles.read(rules)
        var options = RuleLoadOptions()
        if let loadedConfig {
            options = loadedConfig.ruleLoadOptions
        }
        let ruleSet = RuleSet.load(files.sources, options: options)
        let diagnostics = files.diagnostics + ruleSet.diagnostics
        for diagnostic in diagnostics { print(diagnostic, to: &err) }
        guard !diagnostics.contains(where: \.isError) else {
            throw CommandFailure(message: "the rules have errors (see above); `deskwatch check` lists them")
        }
        guard !ruleSet.rules.isEmpty else { throw CommandFailure(message: "no rules found in \(rules.joined(separator: ", "))") }
        let schedules = loadedConfig?.schedules ?? [:]
        for rule in ruleSet.rules {
            if let name = rule.schedule, schedules[name] == nil {
                print(
                    "warning: rule `\(rule.name)` is active on schedule `\(name)`, which is not defined"
                        + (loadedConfig == nil ? " without --config" : " in the configuration") + "; it is evaluated as always active",
                    to: &err)
            }
        }

        var backtest = Backtest(rules: ruleSet.rules, schedules: schedules, from: from.unixSeconds, to: to.unixSeconds)
        let printer = BacktestPrinter(format: format)
        printer.start()
        do {
            if let input {
                try JSONLinesReader(path: input).forEachBatch { records in
                    for record in records { backtest.feed(Session(record, source: source ?? "input"), emit: printer.print) }
                }
            } else if let store {
                try replay(store: store, into: &backtest, printer: printer)
            } else if let loadedConfig {
                try await replayFromAPI(loadedConfig, into: &backtest, printer: printer)
            }
        } catch let failure as CommandFailure {
            printer.flush()
            throw failure
        } catch {
            printer.flush()
            throw CommandFailure(message: "backtest failed: \(error)")
        }
        let summary = backtest.finish(emit: printer.print)
        printer.finish(summary)
        if let first = summary.firstRecord, first > backtest.feedStart + 60 {
            print(
                "note: the records start at \(ProgressLine.format(first)), after \(ProgressLine.format(backtest.feedStart)) "
                    + "(the start of the range minus the rules' longest lookback): windows that reach back before the first record "
                    + "are not full at the start of the range",
                to: &err)
        }
        if summary.records == 0 {
            print("note: no records between \(ProgressLine.format(backtest.feedStart)) and \(ProgressLine.format(backtest.to))", to: &err)
        }
        if summary.outOfOrder > 0 {
            print(
                "warning: \(summary.outOfOrder) records were not in time order; they were counted when they came, as late records would be",
                to: &err)
        }
    }

    private func replay(store path: String, into backtest: inout Backtest, printer: BacktestPrinter) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw CommandFailure(message: "\(path): no such state database file")
        }
        let store: SessionStore
        do {
            store = try SessionStore.open(path: path)
        } catch {
            throw CommandFailure(message: "\(error)")
        }
        try store.replay(source: source, from: backtest.feedStart, to: backtest.to) { backtest.feed($0, emit: printer.print) }
    }

    private func replayFromAPI(_ config: DeskwatchConfig, into backtest: inout Backtest, printer: BacktestPrinter) async throws {
        let chosen = try CommandConfig.pick(source: source, in: config)
        let logger = CommandLogging.logger(label: "deskwatch.backtest", level: logLevel)
        let client = DeskClient(source: chosen.deskSource(), http: CurlHTTPClient(configuration: chosen.httpConfiguration), logger: logger)
        let exporter = RecordExporter(client: client)
        let progress = ProgressLine(enabled: backtest.to - backtest.feedStart > exporter.sliceLength)
        do {
            let result = try await exporter.export(
                from: backtest.feedStart, to: backtest.to,
                write: { records in
                    for record in records.sorted(by: { $0.timestamp < $1.timestamp }) {
                        backtest.feed(Session(record, source: chosen.name), emit: printer.print)
                    }
                },
                progress: { progress.update($0) })
            progress.finish(result, destination: nil)
        } catch {
            progress.clear()
            throw CommandFailure(message: "reading records from \(chosen.name) failed: \(error)")
        }
    }
}
