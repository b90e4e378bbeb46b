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

    /// Evaluates every rule at `now` and saves the alert state with the transitions before
    /// returning them: whatever is done with a transition afterwards, the store already knows it
    /// happened.
    ///
    /// When the save fails, the alert states go back to what they were, so the same transitions
    /// happen again at the next evaluation instead of being lost.
    public func evaluate(at now: Int) throws -> [Transition] {
        let (before, transitions, after) = engine.withLock { engine in
            let before = engine.state
            let transitions = engine.evaluate(at: now)
            return (before, transitions, engine.state)
        }
        do {
            try store.saveEvaluation(state: after, transitions: transitions, evaluatedAt: now)
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
        let outcome = engine.withLock { $0.reload(rules: rules, schedules: schedules, at: now) }
        let rebuilt = Set(outcome.rebuilt)
        if !rebuilt.isEmpty {
            let lookback = rules.filter { rebuilt.contains($0.name) }.map(\.lookback).max() ?? 0
            try store.forEachSession(source: nil, from: now - lookback, to: now + 86_400) { sessions in
                engine.withLock { $0.backfill(sessions, rules: rebuilt) }
            }
            if let oldest = try store.oldestTimestamp() { engine.withLock { $0.setHistoryStart(oldest) } }
        }
        let state = engine.withLock { $0.state }
        try store.saveEvaluation(state: state, transitions: outcome.resolved, evaluatedAt: now)
        return outcome
    }

    /// Each rule's groups with their state and last value against the threshold.
    public var status: [RuleStatus] { engine.withLock { $0.status } }
}
