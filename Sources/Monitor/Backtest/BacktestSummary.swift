import Rules

/// What a ``Backtest`` found, rule by rule, and how much it replayed.
public struct BacktestSummary: Sendable, Hashable, Codable {
    /// The first evaluation time (Unix seconds).
    public var from: Int
    /// The end of the range (Unix seconds).
    public var to: Int
    /// Sessions replayed (including those before `from` that warm the windows).
    public var records: Int
    /// The earliest `Timestamp` replayed, `nil` when no session was.
    public var firstRecord: Int?
    /// Sessions handed in but outside the replayed span, so not counted.
    public var skipped: Int
    /// Sessions that arrived after a later evaluation had already run; they were counted late.
    public var outOfOrder: Int
    /// Evaluation times (every rule is evaluated at each).
    public var evaluations: Int
    /// One entry per rule, in load order.
    public var rules: [RuleSummary]

    /// What one rule did over the range.
    public struct RuleSummary: Sendable, Hashable, Codable {
        /// The rule's name.
        public var rule: String
        /// Its severity.
        public var severity: Severity
        /// How often an alert fired.
        public var fired: Int
        /// How often a firing alert resolved.
        public var resolved: Int
        /// Alerts still firing at the end of the range.
        public var firingAtEnd: Int
        /// How often the condition started holding and the alert waited for `for`.
        public var pending: Int
        /// How often a pending alert was cancelled before it fired.
        public var cancelled: Int
        /// Repeated notifications of firing alerts.
        public var repeated: Int
        /// `each` rules: how many reports were sent.
        public var reported: Int
        /// `each` rules: the sessions behind the reports.
        public var reportedSessions: Int
        /// Messages receivers would have got (firing, repeated, resolved, reported).
        public var messages: Int
        /// Groups that fired at least once.
        public var groupsFired: Int
        /// Seconds of firing, summed over groups (an alert still firing at the end counts up to `to`).
        public var firingSeconds: Int
        /// The longest single firing, in seconds.
        public var longestFiringSeconds: Int
    }

    /// Counts transitions as they happen; kept small (one entry per firing group).
    struct Tally: Sendable {
        var from: Int
        var to: Int
        var records = 0
        var firstRecord: Int?
        var skipped = 0
        var outOfOrder = 0
        var evaluations = 0
        var entries: [RuleSummary]
        var index: [String: Int] = [:]
        var firingSince: [String: [[AlertGroup.Label]: Int]] = [:]
        var groupsFired: [String: Set<[AlertGroup.Label]>] = [:]

        init(rules: [Rule], from: Int, to: Int) {
            self.from = from
            self.to = to
            entries = rules.map {
                RuleSummary(
                    rule: $0.name, severity: $0.severity, fired: 0, resolved: 0, firingAtEnd: 0, pending: 0, cancelled: 0, repeated: 0,
                    reported: 0, reportedSessions: 0, messages: 0, groupsFired: 0, firingSeconds: 0, longestFiringSeconds: 0)
            }
            for (position, rule) in rules.enumerated() { index[rule.name] = position }
        }

        mutating func count(_ transition: Transition) {
            guard let position = index[transition.rule] else { return }
            if transition.notifies { entries[position].messages += 1 }
            switch transition.event {
            case .pending: entries[position].pending += 1
            case .cancelled: entries[position].cancelled += 1
            case .repeated: entries[position].repeated += 1
            case .reported:
                entries[position].reported += 1
                entries[position].reportedSessions += max(transition.sessionCount, transition.sample.count)
            case .firing:
                entries[position].fired += 1
                firingSince[transition.rule, default: [:]][transition.group.labels] = transition.at
                groupsFired[transition.rule, default: []].insert(transition.group.labels)
            case .resolved:
                entries[position].resolved += 1
                let started = firingSince[transition.rule]?.removeValue(forKey: transition.group.labels) ?? transition.firedAt
                if let started { addFiring(position, seconds: transition.at - started) }
            }
        }

        private mutating func addFiring(_ position: Int, seconds: Int) {
            entries[position].firingSeconds += seconds
            entries[position].longestFiringSeconds = max(entries[position].longestFiringSeconds, seconds)
        }

        func summary() -> BacktestSummary {
            var rules = entries
            for (position, entry) in rules.enumerated() {
                let open = firingSince[entry.rule] ?? [:]
                rules[position].firingAtEnd = open.count
                for started in open.values {
                    let seconds = to - started
                    rules[position].firingSeconds += seconds
                    rules[position].longestFiringSeconds = max(rules[position].longestFiringSeconds, seconds)
                }
                rules[position].groupsFired = groupsFired[entry.rule]?.count ?? 0
            }
            return BacktestSummary(
                from: from, to: to, records: records, firstRecord: firstRecord, skipped: skipped, outOfOrder: outOfOrder, evaluations: evaluations,
                rules: rules)
        }
    }
}
