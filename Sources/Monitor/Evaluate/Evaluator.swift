import Notify
import Rules
import Store
import Synchronization

/// The rule engine as the monitor runs it: warmed from the store when it starts, fed with what
/// the pollers store, evaluated at each step, and its alert state saved together with the
/// transitions it produced.
///
/// Because the state is saved after every evaluation and restored at start, a restart neither
/// forgets a firing alert nor announces it again.
public final class Evaluator: Sendable {
    private let store: SessionStore
    private let engine: Mutex<Engine>
    private let router: Mutex<AlertRouter>

    /// Builds the engine for `rules`, feeds it the stored sessions its windows need at `now`,
    /// and restores the alert state the last evaluation saved. `router` holds the `routes:` and
    /// `inhibit:` of the configuration.
    public init(rules: [Rule], schedules: [String: Schedule] = [:], router: AlertRouter = AlertRouter(), store: SessionStore, now: Int) throws {
        self.store = store
        self.router = Mutex(router)
        var engine = Engine(rules: rules, schedules: schedules, options: EngineOptions(correctionHorizon: 0))
        let lookback = rules.map(\.lookback).max() ?? 0
        try store.replay(source: nil, from: now - lookback, to: now + 86_400) { engine.upsert($0) }
        if let oldest = try store.oldestTimestamp() { engine.setHistoryStart(oldest) }
        engine.restore(try store.loadEngineState())
        self.engine = Mutex(engine)
    }

    /// Feeds sessions the store has just taken in (new ones, and changed ones with the copy they
    /// replaced, so the windows are corrected).
    public func apply(_ changes: [SessionChange]) {
        engine.withLock { engine in
            for change in changes { engine.upsert(change.new, replacing: change.old) }
        }
    }

    /// Evaluates every rule at `now` and saves, in one transaction, the alert state, the
    /// transitions, and one outbox message per receiver for the transitions that notify and are
    /// not muted (see ``route(_:rules:router:silences:firing:at:announced:)``), before returning
    /// the transitions: whatever happens afterwards, the store already knows what happened and
    /// who must be told.
    ///
    /// An alert that fired while muted and is still firing is announced once the mute ends: a
    /// `firing` transition at `now`, dated from when it fired (see
    /// ``unannouncedFirings(besides:state:at:)``), saved and returned with the others.
    ///
    /// When the save fails, the alert states go back to what they were, so the same transitions
    /// happen again at the next evaluation instead of being lost.
    public func evaluate(at now: Int) throws -> [Transition] {
        let (before, evaluated, after, rules) = engine.withLock { engine in
            let before = engine.state
            let transitions = engine.evaluate(at: now)
            return (before, transitions, engine.state, engine.rules)
        }
        do {
            let late = try unannouncedFirings(besides: evaluated, state: after, at: now)
            var routed = try route(evaluated + late, rules: rules, state: after, at: now)
            // An alert still muted stays as it is: nothing is recorded until its mute ends.
            let stillMuted = Set(late.map(\.id)).intersection(routed.muted.keys)
            for id in stillMuted { routed.muted[id] = nil }
            let transitions = evaluated + late.filter { !stillMuted.contains($0.id) }
            try store.saveEvaluation(state: after, transitions: transitions, outbox: routed.outbox, muted: routed.muted, evaluatedAt: now)
            return transitions
        } catch {
            engine.withLock { $0.restore(before) }
            throw error
        }
    }

    /// The alerts firing in `state` that fired while muted and of which no firing or repeat has
    /// been sent since (``SessionStore/wasAnnounced(_:)``), each as a copy of its muted firing
    /// at `now`, with the value measured now and a reason that says when it fired and what muted
    /// it. Alerts with a transition in `evaluated` are left to it.
    ///
    /// It is decided from the store, so a restart neither forgets nor repeats an announcement;
    /// the caller drops those still muted.
    private func unannouncedFirings(besides evaluated: [Transition], state: EngineState, at now: Int) throws -> [Transition] {
        struct Key: Hashable {
            var rule: String
            var labels: [AlertGroup.Label]
        }
        let handled = Set(evaluated.map { Key(rule: $0.rule, labels: $0.group.labels) })
        var firedAt: [Key: Int] = [:]
        for entry in state.rules {
            for group in entry.groups where group.alert.status == .firing {
                let key = Key(rule: entry.rule, labels: group.group.labels)
                if let at = group.alert.firedAt, !handled.contains(key) { firedAt[key] = at }
            }
        }
        guard let oldest = firedAt.values.min() else { return [] }
        var late: [Transition] = []
        for (firing, mutedBy) in try store.mutedFirings(since: oldest)
        where firedAt[Key(rule: firing.rule, labels: firing.group.labels)] == firing.at {
            var transition = firing
            transition.from = .firing
            transition.to = .firing
            transition.at = now
            transition.firedAt = firing.at
            transition.reason = "fired at \(TimeText.utc(firing.at)) while muted (\(mutedBy))"
            if try !store.wasAnnounced(transition) { late.append(transition) }
        }
        guard !late.isEmpty else { return [] }
        let status = engine.withLock { $0.status }
        for index in late.indices {
            let group = status.first { $0.rule == late[index].rule }?.groups.first { $0.group.labels == late[index].group.labels }
            if let measurement = group?.measurement { late[index].measurement = measurement }
        }
        return late
    }

    /// Swaps in a new rule set at `now`. Rules whose definition did not change keep their windows
    /// and alert states; new and changed rules are filled from the stored sessions of their
    /// look-back. The "resolved" transitions of alerts under changed or removed rules are saved
    /// with the new state and returned, so no alert is left open in the receivers' chats.
    /// A new `router` replaces the routes and inhibition rules.
    @discardableResult
    public func reload(rules: [Rule], schedules: [String: Schedule]? = nil, router: AlertRouter? = nil, now: Int) throws -> Engine.ReloadOutcome {
        if let router { self.router.withLock { $0 = router } }
        let (outcome, previousRules) = engine.withLock { engine in
            let previous = engine.rules
            return (engine.reload(rules: rules, schedules: schedules, at: now), previous)
        }
        let rebuilt = Set(outcome.rebuilt)
        if !rebuilt.isEmpty {
            let lookback = rules.filter { rebuilt.contains($0.name) }.map(\.lookback).max() ?? 0
            try store.forEachSession(source: nil, from: now - lookback, to: now + 86_400) { sessions in
                engine.withLock { $0.backfill(sessions, rules: rebuilt) }
            }
            if let oldest = try store.oldestTimestamp() { engine.withLock { $0.setHistoryStart(oldest) } }
        }
        let (state, currentRules) = engine.withLock { engine in (engine.state, engine.rules) }
        // Removed rules are no longer in the engine: their receivers and labels come from the
        // old set.
        let current = Set(currentRules.map(\.name))
        let routed = try route(outcome.resolved, rules: currentRules + previousRules.filter { !current.contains($0.name) }, state: state, at: now)
        try store.saveEvaluation(state: state, transitions: outcome.resolved, outbox: routed.outbox, muted: routed.muted, evaluatedAt: now)
        return outcome
    }

    /// Every alert firing now, as a `repeated` event, for each of `receivers` that it is routed to
    /// (silences and inhibition apply): what an Alertmanager must be sent again and again, or it
    /// takes the alert for resolved.
    public func firingAlerts(for receivers: Set<String>, at now: Int) throws -> [String: [Transition]] {
        let (state, rules, status) = engine.withLock { engine in (engine.state, engine.rules, engine.status) }
        var transitions: [Transition] = []
        for rule in status {
            for group in rule.groups where group.state.status == .firing {
                transitions.append(
                    Transition(
                        rule: rule.rule, severity: rule.severity, group: group.group, event: .repeated, from: .firing, to: .firing, at: now,
                        measurement: group.measurement ?? Measurement(verdict: .holds), firedAt: group.state.firedAt))
            }
        }
        let routed = try route(transitions, rules: rules, state: state, at: now)
        var byReceiver: [String: [Transition]] = [:]
        for message in routed.outbox where receivers.contains(message.receiver) { byReceiver[message.receiver] = message.transitions }
        return byReceiver
    }

    /// Routes transitions of `rules` with the alerts that fire in `state`, the silences in the
    /// store and the configured router.
    private func route(_ transitions: [Transition], rules: [Rule], state: EngineState, at now: Int) throws -> Routed {
        guard transitions.contains(where: \.notifies) else { return Routed(outbox: [], muted: [:]) }
        let byName = Dictionary(rules.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let firing = state.rules.flatMap { entry in
            entry.groups.filter { $0.alert.status == .firing }.compactMap { byName[entry.rule]?.alertLabels(for: $0.group) }
        }
        return try Self.route(
            transitions, rules: byName, router: router.withLock { $0 }, silences: try store.silences(at: now), firing: firing, at: now,
            announced: { try store.wasAnnounced($0) })
    }

    /// The outbox messages of one evaluation, and why the transitions left out were muted.
    struct Routed: Sendable, Equatable {
        /// One message per receiver.
        var outbox: [NewOutboxMessage]
        /// Why, by transition id.
        var muted: [String: String]
    }

    /// One message per receiver with every notifying transition of this evaluation sent there, in
    /// the order they happened. Each transition goes to its rule's `notify:` and the receivers of
    /// the matching routes (``AlertRouter/receivers(notify:labels:)``), unless a silence or a
    /// firing alert mutes it (``AlertRouter/muting(_:silences:firing:at:)``): then it is sent to
    /// no one and listed in ``Routed/muted``.
    ///
    /// A resolve is the exception: when receivers were told about the alert (`announced`: a
    /// firing or repeat of it went out), its resolve goes out even if muted now, so no alert is
    /// left open in their chats; the resolve of an alert that was muted all along is muted too.
    static func route(
        _ transitions: [Transition], rules: [String: Rule], router: AlertRouter, silences: [Silence], firing: [[String: String]], at now: Int,
        announced: (Transition) throws -> Bool
    ) rethrows -> Routed {
        var byReceiver: [String: [Transition]] = [:]
        var order: [String] = []
        var muted: [String: String] = [:]
        for transition in transitions where transition.notifies {
            let rule = rules[transition.rule]
            let labels =
                rule?.alertLabels(for: transition.group) ?? [Rule.alertNameLabel: transition.rule, Rule.severityLabel: transition.severity.rawValue]
            if let muting = router.muting(labels, silences: silences, firing: firing, at: now) {
                let mustClose = transition.event == .resolved ? try announced(transition) : false
                if !mustClose {
                    muted[transition.id] = muting.description
                    continue
                }
            }
            for receiver in router.receivers(notify: rule?.receivers ?? [], labels: labels) {
                if byReceiver[receiver] == nil { order.append(receiver) }
                byReceiver[receiver, default: []].append(transition)
            }
        }
        return Routed(outbox: order.map { NewOutboxMessage(receiver: $0, transitions: byReceiver[$0] ?? [], createdAt: now) }, muted: muted)
    }

    /// The rules evaluated now.
    public var rules: [Rule] { engine.withLock { $0.rules } }

    /// Each rule's groups with their state and last value against the threshold.
    public var status: [RuleStatus] { engine.withLock { $0.status } }
}
