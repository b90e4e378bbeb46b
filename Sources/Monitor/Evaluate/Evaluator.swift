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

    /// Builds the engine for `rules`, feeds it the stored sessions its windows need at `now`,
    /// and restores the alert state the last evaluation saved.
    public init(rules: [Rule], schedules: [String: Schedule] = [:], store: SessionStore, now: Int) throws {
        self.store = store
        var engine = Engine(rules: rules, schedules: schedules, options: EngineOptions(correctionHorizon: 0))
        let lookback = rules.map(\.lookback).max() ?? 0
        try store.forEachSession(source: nil, from: now - lookback, to: now + 86_400) { engine.upsert($0) }
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
    /// transitions, and one outbox message per receiver for the transitions that notify (the
    /// receivers named by each rule's `notify:`), before returning the transitions: whatever
    /// happens afterwards, the store already knows what happened and who must be told.
    ///
    /// When the save fails, the alert states go back to what they were, so the same transitions
    /// happen again at the next evaluation instead of being lost.
    public func evaluate(at now: Int) throws -> [Transition] {
        let (before, transitions, after, receivers) = engine.withLock { engine in
            let before = engine.state
            let transitions = engine.evaluate(at: now)
            let receivers = Dictionary(engine.rules.map { ($0.name, $0.receivers) }, uniquingKeysWith: { first, _ in first })
            return (before, transitions, engine.state, receivers)
        }
        let outbox = Self.messages(for: transitions, receivers: receivers, at: now)
        do {
            try store.saveEvaluation(state: after, transitions: transitions, outbox: outbox, evaluatedAt: now)
        } catch {
            engine.withLock { $0.restore(before) }
            throw error
        }
        return transitions
    }

    /// Swaps in a new rule set at `now`. Rules whose definition did not change keep their windows
    /// and alert states; new and changed rules are filled from the stored sessions of their
    /// look-back. The "resolved" transitions of alerts under changed or removed rules are saved
    /// with the new state and returned, so no alert is left open in the receivers' chats.
    @discardableResult
    public func reload(rules: [Rule], schedules: [String: Schedule]? = nil, now: Int) throws -> Engine.ReloadOutcome {
        let (outcome, previousReceivers) = engine.withLock { engine in
            let previous = Dictionary(engine.rules.map { ($0.name, $0.receivers) }, uniquingKeysWith: { first, _ in first })
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
        let (state, receivers) = engine.withLock { engine in
            (engine.state, Dictionary(engine.rules.map { ($0.name, $0.receivers) }, uniquingKeysWith: { first, _ in first }))
        }
        // Removed rules are no longer in the engine: their receivers come from the old set.
        let allReceivers = receivers.merging(previousReceivers, uniquingKeysWith: { new, _ in new })
        try store.saveEvaluation(
            state: state, transitions: outcome.resolved, outbox: Self.messages(for: outcome.resolved, receivers: allReceivers, at: now),
            evaluatedAt: now)
        return outcome
    }

    /// One message per receiver with every notifying transition of this evaluation that its
    /// rules send there, in the order they happened.
    static func messages(for transitions: [Transition], receivers: [String: [String]], at now: Int) -> [NewOutboxMessage] {
        var byReceiver: [String: [Transition]] = [:]
        var order: [String] = []
        for transition in transitions where transition.notifies {
            for receiver in receivers[transition.rule] ?? [] {
                if byReceiver[receiver] == nil { order.append(receiver) }
                byReceiver[receiver, default: []].append(transition)
            }
        }
        return order.map { NewOutboxMessage(receiver: $0, transitions: byReceiver[$0] ?? [], createdAt: now) }
    }

    /// The rules evaluated now.
    public var rules: [Rule] { engine.withLock { $0.rules } }

    /// Each rule's groups with their state and last value against the threshold.
    public var status: [RuleStatus] { engine.withLock { $0.status } }
}
