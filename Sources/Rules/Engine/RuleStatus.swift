/// What the status page shows for one rule: each group's state and its last value against the
/// threshold.
public struct RuleStatus: Sendable, Hashable, Codable {
    /// One group.
    public struct GroupStatus: Sendable, Hashable, Codable {
        /// The group.
        public var group: AlertGroup
        /// Its alert state.
        public var state: AlertState
        /// The measurement of the last evaluation, if any.
        public var measurement: Measurement?
    }

    /// The rule's name.
    public var rule: String
    /// The rule's severity.
    public var severity: Severity
    /// The rule's description.
    public var description: String
    /// The rule's ``Rule/definitionHash``.
    public var definitionHash: String
    /// Groups, firing first, then pending, then the rest.
    public var groups: [GroupStatus]
}
