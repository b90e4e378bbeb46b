/// `count:` — how many sessions in the window.
public struct CountCondition: Sendable, Hashable, Codable {
    /// Only sessions that also match this are counted.
    public var of: Predicate
    /// The threshold.
    public var bound: Bound

    /// Creates a count condition.
    public init(of: Predicate = .always, bound: Bound) {
        self.of = of
        self.bound = bound
    }
}
