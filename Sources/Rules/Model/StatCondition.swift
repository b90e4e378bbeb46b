/// `stat:` — a statistic of `Duration` or `SatisfactionSelected`.
public struct StatCondition: Sendable, Hashable, Codable {
    /// The numeric field (`Duration` or `SatisfactionSelected`; unrated sessions never count).
    public var field: SessionField
    /// Which statistic.
    public var statistic: Statistic
    /// The threshold on the statistic itself, when not comparing.
    public var bound: Bound?
    /// When set, the statistic is compared with the same statistic in the reference window.
    public var reference: Reference?
    /// The factor for a comparison.
    public var factor: Double
    /// The direction for a comparison.
    public var direction: Direction
    /// No verdict with fewer values in the window (and in the reference window).
    public var minSample: Int

    /// Creates a stat condition.
    public init(
        field: SessionField, statistic: Statistic, bound: Bound? = nil, reference: Reference? = nil, factor: Double = 1,
        direction: Direction = .up, minSample: Int = 1
    ) {
        self.field = field
        self.statistic = statistic
        self.bound = bound
        self.reference = reference
        self.factor = factor
        self.direction = direction
        self.minSample = minSample
    }
}
