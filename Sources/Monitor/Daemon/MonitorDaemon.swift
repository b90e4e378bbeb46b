import ConfigSupport
import DeskAPI
import Foundation
import Logging
import Notify
import Rules
import Store
import Synchronization
import Transport

/// The monitor, assembled from a ``MonitorPlan``: a poller per source, the evaluator, the outbox
/// dispatcher with a deliverer per receiver, and the state they share (source health, metrics,
/// the last reload's outcome).
///
/// ``runOnce()`` does one full cycle (poll, evaluate, deliver); ``services()`` are the same steps
/// as long-running services for a `ServiceGroup`.
public final class MonitorDaemon: Sendable {
    /// How a receiver's deliverer is made; tests and the demo replace some of them.
    public typealias DelivererFactory =
        @Sendable (ReceiverConfig, _ rules: @escaping @Sendable () -> [String: Rule], _ externalURL: String?) ->
        any MessageDeliverer

    /// The outcome of the last reload, for the status page.
    public struct ReloadStatus: Sendable, Equatable {
        public var lastAttempt: Int?
        public var lastSuccess: Int?
        /// What was wrong with the last attempt, when it failed (the previous rules still run).
        public var error: String?
    }

    /// What one cycle did.
    public struct CycleReport: Sendable {
        public var polls: [PollCycle.Outcome]
        public var transitions: [Transition]
        public var delivery: OutboxDispatcher.Round
        public var failedSources: Int {
            polls.count(where: { if case .failed = $0 { true } else { false } })
        }
    }

    public let store: SessionStore
    public let health: SourceHealthBoard
    public let evaluator: Evaluator
    public let metrics: MonitorMetrics
    public let clock: MonitorClock
    public let logger: Logger
    /// Where the configuration was read from (for reloads); `nil` for a built-in plan.
    public let configPath: String?
    let pollers: [(poller: SourcePoller, every: Duration)]
    let startedAt: Int
    let valueHistory = ValueHistory()
    private let lastSaved = Mutex<Int?>(nil)
    private let state: Mutex<(plan: MonitorPlan, dispatcher: OutboxDispatcher, reload: ReloadStatus)>
    private let makeDeliverer: DelivererFactory
    private let notificationHTTP: any HTTPClient
    /// Signalled when new sessions were stored.
    let sessionsArrived = Wakeup()
    /// Signalled when the outbox has new messages.
    let messagesWaiting = Wakeup()

    /// Opens nothing itself: `store` is open, the clients are made here.
    ///
    /// - Parameters:
    ///   - sourceHTTP: the HTTP client of each source (by default libcurl with the source's
    ///     timeouts and CA file).
    ///   - deliverer: makes each receiver's deliverer; by default HTTP targets over libcurl, mail
    ///     over SMTP or into a folder, and the console on standard output.
    public init(
        plan: MonitorPlan, store: SessionStore, clock: MonitorClock = .system, configPath: String? = nil, logger: Logger,
        sourceHTTP: (@Sendable (SourceConfig) -> any HTTPClient)? = nil, deliverer: DelivererFactory? = nil
    ) throws {
        let now = clock.now()
        self.store = store
        self.clock = clock
        self.logger = logger
        self.configPath = configPath
        self.startedAt = now
        let metrics = MonitorMetrics(version: DeskwatchVersion.current)
        self.metrics = metrics
        let health = SourceHealthBoard(sources: plan.config.sources.map(\.name))
        self.health = health
        let evaluator = try Evaluator(
            rules: plan.rules, schedules: plan.config.schedules, router: plan.config.router, store: store, now: now)
        ProcessMemory.giveBackFreePages()
        self.evaluator = evaluator
        self.pollers = plan.config.sources.map { source in
            let healthObserver = health.observer(for: source.name)
            let name = source.name
            let client = DeskClient(
                source: source.deskSource(), http: sourceHTTP?(source) ?? CurlHTTPClient(configuration: source.httpConfiguration), logger: logger,
                observe: { event in
                    healthObserver(event)
                    if case .call(let result, _) = event { metrics.apiCall(source: name, code: SourceHealthBoard.label(result)) }
                })
            let poller = SourcePoller(
                client: client, store: store, lookback: source.lookback, backfill: source.backfill, health: health, logger: logger,
                onStored: { evaluator.apply($0) })
            return (poller, source.pollEvery)
        }
        self.notificationHTTP = CurlHTTPClient()
        let http = notificationHTTP
        self.makeDeliverer =
            deliverer ?? { receiver, rules, externalURL in
                Self.defaultDeliverer(
                    for: receiver, http: http, rules: rules, externalURL: externalURL,
                    onTemplateError: { receiver, error in
                        metrics.templateFailure(receiver: receiver)
                        logger.error(
                            "the receiver's template failed; the default message was sent",
                            metadata: ["notify.receiver": "\(receiver)", "error": "\(error)"])
                    })
            }
        let dispatcher = Self.dispatcher(plan: plan, store: store, evaluator: evaluator, make: makeDeliverer, metrics: metrics, logger: logger)
        state = Mutex((plan, dispatcher, ReloadStatus()))
        metrics.alerts(evaluator.status)
    }

    /// The deliverer a receiver gets unless the caller says otherwise.
    public static func defaultDeliverer(
        for receiver: ReceiverConfig, http: any HTTPClient, rules: @escaping @Sendable () -> [String: Rule], externalURL: String?,
        onTemplateError: @escaping @Sendable (_ receiver: String, _ error: TemplateError) -> Void = { _, _ in }
    ) -> any MessageDeliverer {
        switch receiver.target {
        case .http(let target):
            HTTPDeliverer(target: target, http: http, rules: rules, externalURL: externalURL, onTemplateError: onTemplateError)
        case .email(let mail): EmailDeliverer(receiver: mail, rules: rules, externalURL: externalURL)
        case .console: ConsoleDeliverer(rules: rules, externalURL: externalURL)
        }
    }

    private static func dispatcher(
        plan: MonitorPlan, store: SessionStore, evaluator: Evaluator, make: DelivererFactory, metrics: MonitorMetrics, logger: Logger
    ) -> OutboxDispatcher {
        let rules: @Sendable () -> [String: Rule] = {
            Dictionary(evaluator.rules.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        }
        var deliverers: [String: any MessageDeliverer] = [:]
        for receiver in plan.config.receivers {
            deliverers[receiver.name] = make(receiver, rules, plan.config.status.externalURL)
        }
        let policy = DeliveryPolicy(
            groupWait: plan.config.defaults.groupWait,
            minimumInterval: Dictionary(plan.config.receivers.map { ($0.name, $0.minimumInterval) }, uniquingKeysWith: { first, _ in first }))
        return OutboxDispatcher(
            store: store, deliverers: deliverers, policy: policy, logger: logger,
            observe: { metrics.delivery(receiver: $0, result: $1, count: 1) })
    }

    /// The plan running now.
    public var plan: MonitorPlan { state.withLock { $0.plan } }

    /// When an evaluation was last saved to the store.
    public var lastEvaluationSaved: Int? { lastSaved.withLock { $0 } }

    /// The outcome of the last reload.
    public var reloadStatus: ReloadStatus { state.withLock { $0.reload } }

    // MARK: - The steps

    /// Polls every source once, concurrently, and feeds what was stored to the evaluator.
    public func poll() async -> [PollCycle.Outcome] {
        let outcomes = await PollCycle.run(pollers.map(\.poller), now: clock.now())
        for outcome in outcomes { record(outcome) }
        return outcomes
    }

    /// Polls one source and feeds what was stored to the evaluator.
    func poll(_ poller: SourcePoller) async -> PollCycle.Outcome {
        let outcome: PollCycle.Outcome
        do {
            outcome = .polled(try await poller.poll(now: clock.now()))
        } catch {
            outcome = .failed(source: poller.source, error: error)
        }
        record(outcome)
        return outcome
    }

    private func record(_ outcome: PollCycle.Outcome) {
        let now = clock.now()
        switch outcome {
        case .polled(let report):
            let lag = health.health(of: report.source).lag(now: now)
            metrics.poll(source: report.source, result: "ok")
            metrics.recordsIngested(source: report.source, inserted: report.inserted, updated: report.updated)
            metrics.ingestionLag(source: report.source, seconds: lag)
            metrics.lastSuccessfulPoll(source: report.source, at: now)
            logger.info(
                "poll",
                metadata: [
                    "desk.source": "\(report.source)", "new": "\(report.inserted)", "updated": "\(report.updated)", "pages": "\(report.pages)",
                    "lag": "\(lag.map { "\($0)s" } ?? "none")",
                ])
            if report.inserted + report.updated > 0 { sessionsArrived.signal() }
        case .failed(let source, _) where Task.isCancelled:
            logger.info("poll interrupted by the shutdown; the next start reads on from what was stored", metadata: ["desk.source": "\(source)"])
        case .failed(let source, let error):
            metrics.poll(source: source, result: "failed")
            metrics.ingestionLag(source: source, seconds: health.health(of: source).lag(now: now))
            logger.error("poll failed", metadata: ["desk.source": "\(source)", "error": "\(error)"])
        }
    }

    /// Evaluates every rule now; the transitions and their outbox messages are saved before this
    /// returns, and the dispatcher is woken when there is something to send.
    @discardableResult
    public func evaluate() throws -> [Transition] {
        let started = ContinuousClock.now
        let now = clock.now()
        let transitions = try evaluator.evaluate(at: now)
        lastSaved.withLock { $0 = now }
        metrics.evaluation(duration: ContinuousClock.now - started)
        metrics.transitions(transitions)
        let status = evaluator.status
        metrics.alerts(status)
        valueHistory.record(status, at: now)
        for transition in transitions {
            logger.notice(
                "alert \(transition.event.rawValue)",
                metadata: [
                    "rule": "\(transition.rule)", "group": "\(transition.group)", "severity": "\(transition.severity.rawValue)",
                    "value": "\(transition.measurement.valueText)", "threshold": "\(transition.measurement.threshold)",
                ])
        }
        if transitions.contains(where: \.notifies) { messagesWaiting.signal() }
        return transitions
    }

    /// Tries each receiver's oldest due message once.
    @discardableResult
    public func deliver() async throws -> OutboxDispatcher.Round {
        let dispatcher = state.withLock { $0.dispatcher }
        let round = try await dispatcher.deliverDue(now: clock.now())
        metrics.outboxDepth(try store.outboxDepth())
        return round
    }

    /// Delivers until nothing is due now (messages waiting for a retry later stay).
    public func deliverAllDue() async throws -> OutboxDispatcher.Round {
        var total = OutboxDispatcher.Round()
        while true {
            let round = try await deliver()
            total.delivered += round.delivered
            total.retried += round.retried
            total.dead += round.dead
            // A round that delivered nothing left only messages that wait for a later retry.
            if round.delivered == 0 { return total }
        }
    }

    /// One full cycle: poll every source, evaluate, deliver what is due (and re-send the firing
    /// alerts to Alertmanager receivers); for `--once`.
    public func runOnce() async throws -> CycleReport {
        let polls = await poll()
        let transitions = try evaluate()
        let delivery = try await deliverAllDue()
        await refreshAlertmanagers()
        return CycleReport(polls: polls, transitions: transitions, delivery: delivery)
    }

    /// How long an alert sent to an Alertmanager stays firing there without being sent again.
    public static let alertmanagerFiringTimeout = 300
    /// How often the firing alerts are sent to Alertmanager receivers again.
    public static let alertmanagerRefresh = 60

    /// Sends every firing alert again to the Alertmanager receivers it is routed to (an
    /// Alertmanager resolves an alert that is not re-sent before its `endsAt`). Best effort: a
    /// failure is logged, and the next refresh tries again.
    public func refreshAlertmanagers() async {
        let receivers = Set(plan.config.receivers.filter { $0.type == .alertmanager }.map(\.name))
        guard !receivers.isEmpty else { return }
        let now = clock.now()
        do {
            let dispatcher = state.withLock { $0.dispatcher }
            for (receiver, transitions) in try evaluator.firingAlerts(for: receivers, at: now) {
                if case .delivered = await dispatcher.send(transitions, to: receiver, now: now) { continue }
                logger.warning("re-sending the firing alerts to an Alertmanager failed", metadata: ["notify.receiver": "\(receiver)"])
            }
        } catch {
            logger.error("re-sending the firing alerts failed", metadata: ["error": "\(error)"])
        }
    }

    /// Removes sessions older than the retention.
    func prune() async {
        let retention = Int(plan.config.retention.seconds)
        do {
            let pruned = try await store.prune(olderThan: clock.now() - retention)
            if pruned > 0 { logger.info("pruned sessions older than the retention", metadata: ["sessions": "\(pruned)"]) }
        } catch {
            logger.error("pruning failed", metadata: ["error": "\(error)"])
        }
    }

    // MARK: - Reload

    /// Swaps in `newPlan`: the rules (unchanged ones keep their state), the schedules and the
    /// receivers. Sources are not swapped: a change to them is logged and needs a restart.
    public func reload(to newPlan: MonitorPlan) throws {
        let now = clock.now()
        let old = plan
        let outcome = try evaluator.reload(
            rules: newPlan.rules, schedules: newPlan.config.schedules, router: newPlan.config.router, now: now)
        if !outcome.rebuilt.isEmpty { ProcessMemory.giveBackFreePages() }
        let dispatcher = Self.dispatcher(plan: newPlan, store: store, evaluator: evaluator, make: makeDeliverer, metrics: metrics, logger: logger)
        var kept = newPlan
        kept.config.sources = old.config.sources
        state.withLock { state in
            state.plan = kept
            state.dispatcher = dispatcher
            state.reload = ReloadStatus(lastAttempt: now, lastSuccess: now, error: nil)
        }
        metrics.reload(succeeded: true)
        metrics.alerts(evaluator.status)
        if newPlan.config.sources.map(\.name) != old.config.sources.map(\.name) {
            logger.warning("the sources changed; they take effect at the next restart")
        }
        logger.notice(
            "reloaded",
            metadata: [
                "rules": "\(newPlan.rules.count)", "kept": "\(outcome.kept.count)", "rebuilt": "\(outcome.rebuilt.count)",
                "removed": "\(outcome.removed.count)",
            ])
        if !outcome.resolved.isEmpty { messagesWaiting.signal() }
    }

    /// Reads the configuration file again and reloads it; on any problem the running rules stay,
    /// and the problem is logged, counted and kept for the status page.
    @discardableResult
    public func reloadFromDisk(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard let configPath else { return false }
        let now = clock.now()
        do {
            let newPlan = try MonitorPlan.load(configPath: configPath, environment: environment)
            try reload(to: newPlan)
            return true
        } catch {
            let text = (error as? ConfigError)?.errors.map(\.description).joined(separator: "\n") ?? "\(error)"
            state.withLock { $0.reload = ReloadStatus(lastAttempt: now, lastSuccess: $0.reload.lastSuccess, error: text) }
            metrics.reload(succeeded: false)
            logger.error("reload failed; the previous rules keep running", metadata: ["error": "\(text)"])
            return false
        }
    }
}

/// The version the binary reports.
public enum DeskwatchVersion {
    public static let current = "0.1.0"
}
