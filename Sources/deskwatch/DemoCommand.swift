import ArgumentParser
import ConfigSupport
import Foundation
import Logging
import Monitor
import Rules
import Simulator
import Store
import Transport

/// `deskwatch demo`: the simulator with incidents under way, the monitor on it with the default
/// rule pack, alerts on the terminal and in a mail folder, and the status page.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "See deskwatch at work in a minute: a simulated contact center with incidents, no account or network needed.",
        discussion: """
            Starts the Desk API simulator on a loopback port with a scenario whose incidents are under \
            way (time runs 30 times faster than real time), and the monitor on it with the built-in \
            default rule pack. Alerts appear on this terminal and as .eml files in a mail folder, and \
            the status page shows what is firing. Ctrl-C stops it; the folder with the state database \
            and the mails stays.
            """
    )

    @Option(help: "Status page port (0: pick a free one).") var port: Int = 9464
    @Option(help: "Simulated seconds per real second.") var speed: Double?
    @Option(help: "A scenario file instead of the built-in one (see contrib/scenarios/).") var scenario: String?
    @Option(help: "Folder for the state database and the mails (default: a new folder under the system's temporary folder).")
    var dir: String?
    @Option(help: "Stop after this many real seconds (default: run until Ctrl-C).") var seconds: Double?
    @Option(help: "Log level of the monitor's own log lines (standard error).") var logLevel: String = "warning"

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        if let speed, !(speed > 0 && speed <= 10_000) { throw ValidationError("--speed must be above 0 and at most 10000") }
        if let seconds, !(seconds > 0) { throw ValidationError("--seconds must be above 0") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level \(logLevel) is not a level") }
    }

    func run() async throws {
        var loaded: Scenario
        do {
            loaded = try scenario.map { try Scenario.load(path: $0) } ?? Scenario.parse(yaml: EmbeddedDefaults.demoScenario, file: "demo scenario")
        } catch {
            throw ValidationError("\(error)")
        }
        if let speed { loaded.clock.speed = speed }
        let folder = try workFolder()
        let key = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        let simulator = DeskSimulator(scenario: loaded, secretKey: key)
        let logger = Logger(label: "deskwatch") { LineLogHandler(label: $0, level: Logger.Level(rawValue: logLevel) ?? .warning, format: .logfmt) }
        let plan = try Self.plan(scenario: loaded, folder: folder, key: key, statusPort: port)
        let clock = MonitorClock(speed: simulator.clock.speed) { simulator.clock.now }
        let store = try SessionStore.open(path: folder + "/deskwatch.sqlite")
        let mails = folder + "/mail"

        try await SimulatorServer.withRunning(simulator) { baseURL in
            var running = plan
            running.config.sources[0].location = .endpoint(baseURL)
            let plan = running
            let daemon = try MonitorDaemon(plan: plan, store: store, clock: clock, logger: logger)
            let speed = simulator.clock.speed
            let scenarioName = scenario ?? "the built-in scenario (contrib/scenarios/demo.yaml)"
            try await MonitorRunner.run(
                daemon, status: plan.config.status, evaluateEvery: .seconds(30), stopAfter: seconds.map { .milliseconds(Int64($0 * 1000)) },
                logger: logger
            ) { port in
                // Written straight to the file descriptor, like the console receiver's messages,
                // so the two never come out of order.
                FileHandle.standardOutput.write(
                    Data(
                        """
                        deskwatch demo: a simulated contact center (\(scenarioName)) at \(NumberText.format(speed))x real time,
                        watched with the default rule pack (\(plan.rules.count) rules).

                          status page:  http://127.0.0.1:\(port)/
                          mail folder:  \(mails)  (one .eml file per notification)
                          alerts:       below, as they are sent

                        Ctrl-C stops the demo.


                        """.utf8))
            }
        }
        print("demo stopped; the state database and the mails are in \(folder)")
    }

    /// The folder for the state database and the mails.
    private func workFolder() throws -> String {
        let path =
            dir ?? FileManager.default.temporaryDirectory.appendingPathComponent("deskwatch-demo-\(UUID().uuidString.prefix(8).lowercased())").path
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure(message: "cannot create the folder \(path): \(error.localizedDescription)")
        }
        return path
    }

    /// The configuration the demo runs: one source (the simulator; its address is filled in once
    /// it listens), the built-in rule pack sending every alert to the console and the mail folder,
    /// the business hours the pack's `no-traffic-business-hours` refers to, and the status page.
    static func plan(scenario: Scenario, folder: String, key: String, statusPort: Int) throws -> MonitorPlan {
        let source = SourceConfig(
            name: "demo", sdkAppID: scenario.application.sdkAppID, location: .endpoint("http://127.0.0.1"),
            identifier: scenario.application.identifiers.first ?? "admin", secretKey: Secret(key), pace: 50, pollEvery: .seconds(30),
            lookback: .seconds(600), backfill: .seconds(3 * 3600))
        var businessHours = Schedule(name: "business-hours", timeZone: TimeZone(identifier: "Asia/Shanghai") ?? .gmt)
        businessHours.days = Set(1...5)
        if let hours = try? Schedule.parseRange("09:00-18:00") { businessHours.hours = [hours] }
        let receivers = [
            ReceiverConfig(name: "console", type: .console, target: .console),
            ReceiverConfig(
                name: "mail", type: .email,
                target: .email(
                    EmailReceiver(
                        delivery: .folder(folder + "/mail"), from: "deskwatch@example.com", fromName: "deskwatch demo",
                        to: ["support-leads@example.com"]))),
        ]
        let config = DeskwatchConfig(
            sources: [source], state: folder + "/deskwatch.sqlite", receiverNames: receivers.map(\.name), receivers: receivers,
            schedules: ["business-hours": businessHours],
            status: StatusConfig(port: statusPort, externalURL: statusPort == 0 ? nil : "http://127.0.0.1:\(statusPort)"))
        let ruleSet = RuleSet.load(
            EmbeddedDefaults.ruleSources, options: config.ruleLoadOptions)
        guard !ruleSet.hasErrors else {
            throw CommandFailure(message: "the built-in rules do not load:\n" + ruleSet.diagnostics.map(\.description).joined(separator: "\n"))
        }
        let rules = ruleSet.rules.map { rule in
            var rule = rule
            rule.receivers = ["console", "mail"]
            return rule
        }
        return MonitorPlan(config: config, rules: rules)
    }
}
