import ArgumentParser
import Foundation
import Logging
import Monitor
import ServiceLifecycle
import Store

/// `deskwatch run`: the monitor as a long-running service.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the monitor: poll the sources, evaluate the rules, deliver the alerts, serve the status page.",
        discussion: """
            The whole configuration and every rule file are checked before anything starts; with any \
            error, every problem is listed and the exit status is 2. SIGHUP (or a change to a rule \
            file or the configuration) reloads the rules, receivers and schedules; a reload with \
            errors keeps the running set and shows the error on the status page. SIGTERM and SIGINT \
            stop within 10 seconds: a message being sent finishes or stays in the outbox. \
            --once runs one full cycle (poll, evaluate, deliver) and exits: 0, or 1 when a source \
            failed (for cron and tests).
            """
    )

    @Option(help: "Configuration file.") var config: String
    @Flag(help: "Run one cycle (poll, evaluate, deliver) and exit.") var once = false
    @Option(help: "Log level (overrides `log.level`): trace, debug, info, notice, warning, error, critical.") var logLevel: String?
    @Option(help: "Log format (overrides `log.format`): logfmt or json.") var logFormat: String?

    func validate() throws {
        if let logLevel, Logger.Level(rawValue: logLevel) == nil {
            throw ValidationError("--log-level \(logLevel) is not a level: trace, debug, info, notice, warning, error, critical")
        }
        if let logFormat, LogConfig.Format(rawValue: logFormat) == nil {
            throw ValidationError("--log-format \(logFormat) is not a format: logfmt, json")
        }
    }

    func run() async throws {
        ProcessMemory.limitArenas()
        var err = StandardError()
        let plan: MonitorPlan
        do {
            plan = try MonitorPlan.load(configPath: config, environment: ProcessInfo.processInfo.environment)
        } catch {
            for diagnostic in error.diagnostics { print(diagnostic, to: &err) }
            print(
                "deskwatch did not start: \(error.errors.count) problem\(error.errors.count == 1 ? "" : "s") in the configuration and rules", to: &err
            )
            throw ExitCode(2)
        }
        for warning in plan.warnings { print(warning, to: &err) }
        let level = logLevel.flatMap(Logger.Level.init(rawValue:)) ?? plan.config.log.level
        let format = logFormat.flatMap(LogConfig.Format.init(rawValue:)) ?? plan.config.log.format
        let logger = Logger(label: "deskwatch") { LineLogHandler(label: $0, level: level, format: format) }
        let store = try CommandConfig.openStore(plan.config)
        let daemon = try MonitorDaemon(plan: plan, store: store, configPath: config, logger: logger)

        if once {
            let report = try await daemon.runOnce()
            logger.info(
                "cycle done",
                metadata: [
                    "transitions": "\(report.transitions.count)", "delivered": "\(report.delivery.delivered)",
                    "retried": "\(report.delivery.retried)", "dead": "\(report.delivery.dead)", "failed_sources": "\(report.failedSources)",
                ])
            if report.failedSources > 0 { throw ExitCode(1) }
            return
        }
        try await MonitorRunner.run(daemon, status: plan.config.status, logger: logger)
    }
}
