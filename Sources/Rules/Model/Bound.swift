/// A threshold with its direction: `above: 10`, `at_least: 3`, `below: 80%`, `at_most: 2`.
public struct Bound: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Which side of the limit meets the bound.
    public enum Relation: String, Sendable, Hashable, Codable, CaseIterable {
        /// Strictly greater than the limit.
        case above
        /// Greater than or equal to the limit.
        case atLeast = "at_least"
        /// Strictly less than the limit.
        case below
        /// Less than or equal to the limit.
        case atMost = "at_most"

        /// Whether a larger value is the direction that meets the bound.
        public var isUpper: Bool { self == .above || self == .atLeast }

        /// The symbol used in messages.
        public var symbol: String {
            switch self {
            case .above: ">"
            case .atLeast: "≥"
            case .below: "<"
            case .atMost: "≤"
            }
        }
    }

    /// The direction.
    public var relation: Relation
    /// The limit.
    public var limit: Double

    /// Creates a bound.
    public init(_ relation: Relation, _ limit: Double) {
        self.relation = relation
        self.limit = limit
    }

    /// Whether `value` meets the bound.
    @inline(__always)
    public func isMet(by value: Double) -> Bool {
        switch relation {
        case .above: value > limit
        case .atLeast: value >= limit
        case .below: value < limit
        case .atMost: value <= limit
        }
    }

    /// `> 10`, `≤ 2` and so on.
    public var description: String { "\(relation.symbol) \(NumberText.format(limit))" }
}
