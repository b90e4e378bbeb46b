import Rules

extension AlertMessage {
    /// One alert of a message: one rule and group at one event.
    public struct Alert: Sendable, Hashable {
        /// The transition's stable id.
        public var id: String
        /// The rule's name.
        public var rule: UntrustedText
        /// What happened (firing, repeated, resolved, reported).
        public var event: AlertEvent
        /// The rule's severity.
        public var severity: Severity
        /// The group's labels (`AgentGroupId` → `g1`), for routers that match on them.
        public var labels: [AlertGroup.Label]
        /// The group as people read it: `Queue` → `Online customer service (g1)`.
        public var display: [DisplayLabel]
        /// What happened, in one line with the numbers.
        public var headline: UntrustedText
        /// The measured value as text (`15%`), and the threshold (`> 10%`).
        public var value: String
        /// The threshold as text; empty when there is none.
        public var threshold: String
        /// When the alert started firing (Unix seconds).
        public var since: Int
        /// The evaluation time of the event (Unix seconds).
        public var at: Int
        /// On resolve: how long it lasted, in seconds.
        public var lasted: Int?
        /// A few sessions behind it.
        public var sample: [SampleLine]
        /// How many sessions are behind it in all (at least `sample.count`).
        public var sessionCount: Int

        /// Creates an alert.
        public init(
            id: String, rule: UntrustedText, event: AlertEvent, severity: Severity, labels: [AlertGroup.Label] = [],
            display: [DisplayLabel] = [], headline: UntrustedText, value: String = "", threshold: String = "", since: Int, at: Int,
            lasted: Int? = nil, sample: [SampleLine] = [], sessionCount: Int = 0
        ) {
            self.id = id
            self.rule = rule
            self.event = event
            self.severity = severity
            self.labels = labels
            self.display = display
            self.headline = headline
            self.value = value
            self.threshold = threshold
            self.since = since
            self.at = at
            self.lasted = lasted
            self.sample = sample
            self.sessionCount = max(sessionCount, sample.count)
        }

        /// Whether the alert ended.
        public var isResolved: Bool { event == .resolved }
    }

}

extension AlertMessage.Alert {
    /// A key that stays the same for the rule and group across firing, repeats and resolve (a
    /// thread key, a fingerprint).
    public var key: String {
        AlertMessage.digest(([rule.raw] + labels.map { "\($0.field.rawValue)=\($0.value)" }).joined(separator: "\n"))
    }
}
