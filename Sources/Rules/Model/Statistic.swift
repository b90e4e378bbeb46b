/// A statistic over a numeric field.
public enum Statistic: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The average.
    case mean
    /// The middle value (the lower middle for an even count).
    case median
    /// The smallest value.
    case min
    /// The largest value.
    case max
    /// A percentile, 1-99 (`p90`).
    case percentile(Int)

    /// `mean`, `median`, `p90`, …
    public var description: String {
        switch self {
        case .mean: "mean"
        case .median: "median"
        case .min: "min"
        case .max: "max"
        case .percentile(let value): "p\(value)"
        }
    }

    /// Reads `mean`, `median`, `min`, `max` or `pNN` (NN in 1…99).
    public init?(text: String) {
        switch text {
        case "mean", "average": self = .mean
        case "median": self = .median
        case "min": self = .min
        case "max": self = .max
        default:
            guard text.hasPrefix("p"), let value = Int(text.dropFirst()), (1...99).contains(value) else { return nil }
            self = .percentile(value)
        }
    }
}
