/// Settings of an ``Engine``.
public struct EngineOptions: Sendable, Hashable {
    /// How long after a session's end a changed copy of it can still correct the windows, in
    /// seconds. The engine keeps the sessions of this span (not more) to take the old copy out;
    /// it should be at least the poller's `lookback`. A change that arrives later is counted as a
    /// new session. 0 keeps nothing: for callers that pass the old copy with
    /// ``Engine/upsert(_:replacing:)`` or feed each session once (a backtest).
    public var correctionHorizon: Int

    /// Creates engine options.
    public init(correctionHorizon: Int = 2 * 3600) {
        self.correctionHorizon = correctionHorizon
    }
}
