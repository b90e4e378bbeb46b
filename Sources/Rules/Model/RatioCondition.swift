/// `ratio:` — the share of matching sessions.
public struct RatioCondition: Sendable, Hashable, Codable {
    /// The sessions counted as matches.
    public var of: Predicate
    /// The threshold, as a fraction (0.1 for 10 %).
    public var bound: Bound
    /// No verdict with fewer sessions in the window.
    public var minTotal: Int
    /// For an upper bound: no alert with fewer matches.
    public var minMatches: Int
    /// One-sided confidence for the Wilson score bound (0.95), or `nil` to compare the plain share.
    public var confidence: Double?

    /// Creates a ratio condition.
    public init(of: Predicate, bound: Bound, minTotal: Int = 1, minMatches: Int = 0, confidence: Double? = nil) {
        self.of = of
        self.bound = bound
        self.minTotal = minTotal
        self.minMatches = minMatches
        self.confidence = confidence
    }
}
