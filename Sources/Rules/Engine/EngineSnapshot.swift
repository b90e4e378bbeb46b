/// Everything the monitor takes from the engine after an evaluation: the alert states to persist
/// and the status page's view of every rule and group.
public struct EngineSnapshot: Sendable, Hashable, Codable {
    /// The alert states, for the store (and ``Engine/restore(_:)`` after a restart).
    public var state: EngineState
    /// Every rule's groups with their state and last value against the threshold.
    public var status: [RuleStatus]

    /// Creates a snapshot.
    public init(state: EngineState, status: [RuleStatus]) {
        self.state = state
        self.status = status
    }
}
