/// One test case.
public struct RuleTestCase: Sendable {
    /// A session to feed, with the time it becomes visible to the engine.
    public struct Feed: Sendable {
        /// The session as the engine receives it.
        public var session: Session
        /// When the engine first sees it (Unix seconds); a later copy with the same id replaces it.
        public var arrival: Int
    }

    /// An expected line of the timeline: `1h5m rule{Field=value} event [value=…]`.
    public struct ExpectedEvent: Sendable, Hashable {
        /// The evaluation time (Unix seconds).
        public var at: Int
        /// The rule name.
        public var rule: String
        /// The group, `Field=value` pairs joined by commas; empty for no groups.
        public var labels: String
        /// The event.
        public var event: AlertEvent
        /// The measured value as shown (`12.5%`), when the line checks it.
        public var value: String?
        /// Where it was written.
        public var line: Int?
    }

    /// The alerts expected to be firing and pending right after an evaluation.
    public struct StateCheck: Sendable {
        /// The evaluation time (Unix seconds).
        public var at: Int
        /// Alerts expected to be firing, as `rule{Field=value}`.
        public var firing: [String]
        /// Alerts expected to be pending.
        public var pending: [String]
        /// Where it was written.
        public var line: Int?
    }

    /// The case's name, shown in the report.
    public var name: String
    /// Only these rules' events are compared; empty for all.
    public var rules: [String]
    /// The time offsets are counted from.
    public var start: Int
    /// The sessions, in file order.
    public var feeds: [Feed]
    /// Evaluation times (Unix seconds).
    public var evaluations: [Int]
    /// Which events the timeline lists: only those that send a message, or also pending/cancelled.
    public var allEvents: Bool
    /// The expected timeline; `nil` when the case does not check one.
    public var expected: [ExpectedEvent]?
    /// Checks of the firing and pending alerts at given times.
    public var stateChecks: [StateCheck]
    /// Where it was written.
    public var line: Int?
}
