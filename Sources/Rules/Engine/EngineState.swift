/// The alert state of every rule and group, for the store to persist and ``Engine/restore(_:)``
/// to load after a restart. Windows are not part of it: they are rebuilt from the stored sessions.
public struct EngineState: Sendable, Hashable, Codable {
    /// The state of one rule.
    public struct RuleEntry: Sendable, Hashable, Codable {
        /// The rule's name.
        public var rule: String
        /// The rule's ``Rule/definitionHash``: state is only restored into the same definition.
        public var definitionHash: String
        /// The groups that are not inactive (or have resolved before).
        public var groups: [GroupEntry]

        /// Creates a rule entry.
        public init(rule: String, definitionHash: String, groups: [GroupEntry]) {
            self.rule = rule
            self.definitionHash = definitionHash
            self.groups = groups
        }
    }

    /// The alert of one group.
    public struct GroupEntry: Sendable, Hashable, Codable {
        /// The group.
        public var group: AlertGroup
        /// Its alert state.
        public var alert: AlertState

        /// Creates a group entry.
        public init(group: AlertGroup, alert: AlertState) {
            self.group = group
            self.alert = alert
        }
    }

    /// One entry per rule.
    public var rules: [RuleEntry]

    /// Creates an engine state.
    public init(rules: [RuleEntry] = []) {
        self.rules = rules
    }
}
