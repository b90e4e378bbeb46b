/// What must be true of a rule's window for the rule to hold, one kind per rule.
public enum Condition: Sendable, Hashable, Codable {
    /// The number of sessions (matching `of`, within `where`) meets `bound`.
    case count(CountCondition)
    /// The share of sessions matching `of` among those matching `where` meets `bound`.
    case ratio(RatioCondition)
    /// The count changed by `factor` against a reference window.
    case spike(SpikeCondition)
    /// A statistic of a numeric field meets `bound` (or moved against a reference).
    case stat(StatCondition)
    /// Fewer than `fewerThan` sessions: traffic stopped.
    case absent(AbsentCondition)
    /// Every matching session, reported in one message per group.
    case each(EachCondition)

    /// The kind's name as rule files spell it.
    public var kind: String {
        switch self {
        case .count: "count"
        case .ratio: "ratio"
        case .spike: "spike"
        case .stat: "stat"
        case .absent: "absent"
        case .each: "each"
        }
    }
}
