import Rules

/// Replays sessions in time order at simulated time: what the rules would have fired over past
/// records.
///
/// Sessions are fed from ``feedStart`` (the start of the range minus the largest rule lookback,
/// so windows and reference windows are warm when the range starts), and the rules are evaluated
/// at every whole minute from the start of the range to its end. Before a session is added, every
/// evaluation time earlier than its `Timestamp` is evaluated, so at time `T` the engine knows
/// exactly the sessions that had ended by `T`. Memory depends on the rules' windows and groups,
/// not on the length of the range: sessions are not kept.
///
/// ```swift
/// var backtest = Backtest(rules: ruleSet.rules, schedules: config.schedules, from: from, to: to)
/// for session in sessionsInTimeOrder { backtest.feed(session) { print($0) } }
/// let summary = backtest.finish { print($0) }
/// ```
public struct Backtest: Sendable {
    /// The first evaluation time (the start of the range, rounded up to a whole minute).
    public let from: Int
    /// The end of the range (inclusive).
    public let to: Int
    /// The earliest `Timestamp` that is fed: `from` minus the largest rule lookback.
    public let feedStart: Int
    private var engine: Engine
    private var nextEvaluation: Int
    private var tally: BacktestSummary.Tally

    /// Creates a backtest of `rules` over `from...to` (Unix seconds); `schedules` are the named
    /// schedules the rules refer to (a rule whose schedule is not given is always active).
    public init(rules: [Rule], schedules: [String: Schedule], from: Int, to: Int) {
        let first = Self.ceilingToMinute(from)
        self.from = first
        self.to = to
        self.feedStart = first - (rules.map(\.lookback).max() ?? 0)
        self.nextEvaluation = first
        // No history start is declared: the earliest session fed is the start of the data, so a
        // reference window (last week) that lies before the data gives no verdict rather than a
        // comparison with nothing.
        self.engine = Engine(rules: rules, schedules: schedules, options: EngineOptions(correctionHorizon: 0))
        self.tally = BacktestSummary.Tally(rules: rules, from: first, to: to)
    }

    private static func ceilingToMinute(_ time: Int) -> Int {
        let remainder = ((time % 60) + 60) % 60
        return remainder == 0 ? time : time - remainder + 60
    }

    /// Whether a session with this `Timestamp` is part of the replay.
    public func wants(_ timestamp: Int) -> Bool { timestamp >= feedStart && timestamp <= to }

    /// Feeds one session: first evaluates every minute before its `Timestamp` (handing each
    /// transition to `emit`), then adds it to the windows. Sessions outside
    /// `feedStart...to` are skipped; a session older than the last evaluation is still counted
    /// (as a late record would be) and reported in the summary.
    public mutating func feed(_ session: Session, emit: (Transition) throws -> Void) rethrows {
        guard wants(session.timestamp) else {
            tally.skipped += 1
            return
        }
        try advance(before: session.timestamp, emit: emit)
        if nextEvaluation > from, session.timestamp <= nextEvaluation - 60 { tally.outOfOrder += 1 }
        engine.upsert(session)
        tally.records += 1
        if tally.firstRecord.map({ session.timestamp < $0 }) ?? true { tally.firstRecord = session.timestamp }
    }

    /// Evaluates every minute from the next evaluation time up to (excluding) `time`.
    private mutating func advance(before time: Int, emit: (Transition) throws -> Void) rethrows {
        while nextEvaluation < time, nextEvaluation <= to {
            let transitions = engine.evaluate(at: nextEvaluation)
            tally.evaluations += 1
            for transition in transitions {
                tally.count(transition)
                try emit(transition)
            }
            nextEvaluation += 60
        }
    }

    /// Evaluates the rest of the range and returns the summary per rule.
    public mutating func finish(emit: (Transition) throws -> Void) rethrows -> BacktestSummary {
        try advance(before: to + 1, emit: emit)
        return tally.summary()
    }
}
