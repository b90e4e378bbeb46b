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
    public func evaluate(at now: Int) throws -> [Transition] {
        let (transitions, state) = engine.withLock { engine in (engine.evaluate(at: now), engine.state) }
        try store.saveEvaluation(state: state, transitions: transitions, evaluatedAt: now)
        return transitions
    }

    /// Each rule's groups with their state and last value against the threshold.
    public var status: [RuleStatus] { engine.withLock { $0.status } }
}
