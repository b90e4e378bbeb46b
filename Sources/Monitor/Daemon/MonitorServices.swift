import DeskAPI
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

extension MonitorDaemon {
    /// The services of `deskwatch run`, for one `ServiceGroup`: a poller per source, the
    /// evaluator, the dispatcher and the reloader (the status server is added by the caller).
    public func services(evaluateEvery: Duration = .seconds(30), watchRules: Bool = true) -> [any Service] {
        var services: [any Service] = pollers.indices.map { PollingService(daemon: self, index: $0) }
        services.append(EvaluationService(daemon: self, every: evaluateEvery))
        services.append(DeliveryService(daemon: self))
        if configPath != nil { services.append(ReloadService(daemon: self, watch: watchRules)) }
        return services
    }
}

/// Polls one source every `poll_every` (of the monitor's clock) until the group shuts down; a
/// poll under way when the shutdown begins is cancelled (what it stored so far stays, and the
/// next start reads on from the last stored slice).
struct PollingService: Service {
    let daemon: MonitorDaemon
    let index: Int

    func run() async throws {
        let (poller, every) = daemon.pollers[index]
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            let started = ContinuousClock.now
            _ = await cancelWhenGracefulShutdown { await daemon.poll(poller) }
            let interval = daemon.clock.realDuration(every.seconds)
            await Wakeup.pause(max(.zero, interval - (ContinuousClock.now - started)))
        }
    }
}

/// Evaluates the rules when new sessions arrive and at least every `every` (of the monitor's
/// clock), sends the firing alerts to Alertmanager receivers again every minute, prunes the
/// sessions past the retention once an hour, and gives malloc's free pages back every minute.
struct EvaluationService: Service {
    let daemon: MonitorDaemon
    let every: Duration

    func run() async throws {
        var lastPrune: Int?
        var lastRefresh: Int?
        var lastTrim = ContinuousClock.now
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            do {
                try daemon.evaluate()
            } catch {
                daemon.logger.error("evaluation failed; it is tried again", metadata: ["error": "\(error)"])
            }
            let now = daemon.clock.now()
            if lastRefresh.map({ now - $0 >= MonitorDaemon.alertmanagerRefresh }) ?? true {
                lastRefresh = now
                await daemon.refreshAlertmanagers()
            }
            if lastPrune.map({ now - $0 >= 3600 }) ?? true {
                lastPrune = now
                await daemon.prune()
            }
            if ContinuousClock.now - lastTrim >= ProcessMemory.trimEvery {
                lastTrim = .now
                ProcessMemory.giveBackFreePages()
            }
            await daemon.sessionsArrived.wait(upTo: daemon.clock.realDuration(every.seconds))
        }
    }
}

/// Delivers the outbox: at once when the evaluator wrote new messages, otherwise every second for
/// the retries that came due. A send under way when the shutdown begins finishes (its outcome is
/// recorded) before the service returns.
struct DeliveryService: Service {
    let daemon: MonitorDaemon

    func run() async throws {
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            var delivered = 0
            do {
                delivered = try await daemon.deliver().delivered
            } catch {
                daemon.logger.error("delivery round failed; it is tried again", metadata: ["error": "\(error)"])
            }
            // A receiver that just took a message may have the next one waiting.
            if delivered > 0 { continue }
            await daemon.messagesWaiting.wait(upTo: .seconds(1))
        }
    }
}

/// Reloads the configuration and rules on SIGHUP and when a rule file or the configuration
/// changes on disk (checked every 2 seconds; a change is taken once the files stopped changing).
struct ReloadService: Service {
    let daemon: MonitorDaemon
    let watch: Bool

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in signals.cancelOnGracefulShutdown() {
                    daemon.logger.info("SIGHUP: reloading")
                    daemon.reloadFromDisk()
                }
            }
            if watch {
                group.addTask {
                    var seen = fingerprint()
                    while !Task.isCancelled, !Task.isShuttingDownGracefully {
                        await Wakeup.pause(.seconds(2))
                        let now = fingerprint()
                        guard now != seen else { continue }
                        // Wait for an editor to finish writing.
                        await Wakeup.pause(.milliseconds(300))
                        seen = fingerprint()
                        daemon.logger.info("a rule file or the configuration changed: reloading")
                        daemon.reloadFromDisk()
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// The configuration file and every rule file with their modification times and sizes.
    private func fingerprint() -> [String] {
        let files = FileManager.default
        var paths = daemon.configPath.map { [$0] } ?? []
        for path in daemon.plan.config.rules {
            var isDirectory: ObjCBool = false
            guard files.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            paths.append(path)
            if isDirectory.boolValue, let names = try? files.contentsOfDirectory(atPath: path) {
                paths += names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { path + "/" + $0 }
            }
        }
        return paths.map { path in
            let attributes = try? files.attributesOfItem(atPath: path)
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            let size = (attributes?[.size] as? NSNumber)?.intValue ?? -1
            return "\(path) \(modified) \(size)"
        }
    }
}
