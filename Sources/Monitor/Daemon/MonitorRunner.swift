import Logging
import ServiceLifecycle
import UnixSignals

/// Runs a ``MonitorDaemon``'s services and its status server in one `ServiceGroup` until SIGTERM
/// or SIGINT (or until the caller's task is cancelled).
public enum MonitorRunner {
    /// - Parameters:
    ///   - extraServices: run in the same group (the demo's simulator).
    ///   - stopAfter: shut down gracefully after this long (real time), as if SIGTERM came.
    ///   - onStatusServer: called with the port the status server listens on.
    public static func run(
        _ daemon: MonitorDaemon, status: StatusConfig, extraServices: [any Service] = [], evaluateEvery: Duration = .seconds(30),
        stopAfter: Duration? = nil, logger: Logger, onStatusServer: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        var services = (extraServices + daemon.services(evaluateEvery: evaluateEvery)).map {
            ServiceGroupConfiguration.ServiceConfiguration(service: $0)
        }
        if status.enabled {
            services.append(.init(service: StatusServer.service(daemon, config: status, logger: logger, onRunning: onStatusServer)))
        }
        if let stopAfter {
            services.append(.init(service: Timer(duration: stopAfter), successTerminationBehavior: .gracefullyShutdownGroup))
        }
        var configuration = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        // Past this, what still runs is cancelled: a send in flight stays in the outbox.
        configuration.maximumGracefulShutdownDuration = .seconds(10)
        let group = ServiceGroup(configuration: configuration)
        logger.info(
            "deskwatch started",
            metadata: [
                "sources": "\(daemon.plan.config.sources.count)", "rules": "\(daemon.plan.rules.count)",
                "receivers": "\(daemon.plan.config.receivers.count)",
            ])
        try await group.run()
        logger.info("deskwatch stopped")
    }
}

/// Returns after a time (or at a graceful shutdown), ending the group it belongs to.
private struct Timer: Service {
    let duration: Duration

    func run() async throws {
        await Wakeup.pause(duration)
    }
}
