/// `absent:` — traffic stopped.
public struct AbsentCondition: Sendable, Hashable, Codable {
    /// Holds when the window has fewer sessions than this (1: none at all).
    public var fewerThan: Int

    /// Creates an absent condition.
    public init(fewerThan: Int = 1) {
        self.fewerThan = fewerThan
    }
}
