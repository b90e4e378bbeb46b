/// `each:` — every matching session is reported.
public struct EachCondition: Sendable, Hashable, Codable {
    /// At most this many sessions are listed in one message; the rest are counted.
    public var maxListed: Int

    /// Creates an each condition.
    public init(maxListed: Int = 20) {
        self.maxListed = maxListed
    }
}
