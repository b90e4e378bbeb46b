/// `spike:` — the count against a reference window.
public struct SpikeCondition: Sendable, Hashable, Codable {
    /// Only sessions that also match this are counted.
    public var of: Predicate
    /// The reference window.
    public var reference: Reference
    /// How many times larger (up) or smaller (down) the current count must be.
    public var factor: Double
    /// Which way.
    public var direction: Direction
    /// No verdict when the current window has fewer sessions.
    public var minCurrent: Int
    /// No verdict when the reference window has fewer sessions.
    public var minReference: Int

    /// Creates a spike condition.
    public init(
        of: Predicate = .always, reference: Reference, factor: Double, direction: Direction = .up, minCurrent: Int = 0,
        minReference: Int = 0
    ) {
        self.of = of
        self.reference = reference
        self.factor = factor
        self.direction = direction
        self.minCurrent = minCurrent
        self.minReference = minReference
    }
}
