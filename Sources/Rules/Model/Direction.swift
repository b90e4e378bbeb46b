/// Which way a change must go to count as a spike.
public enum Direction: String, Sendable, Hashable, Codable, CaseIterable {
    /// The current value is at least `factor` times the reference.
    case up
    /// The current value is at most the reference divided by `factor`.
    case down
    /// Either.
    case both
}
