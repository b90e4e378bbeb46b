import DeskAPI

/// How long and how often a message is retried before it becomes a dead letter.
public struct DeliveryPolicy: Sendable {
    /// Back-off between attempts (grows exponentially, with jitter).
    public var backoff: RetryPolicy
    /// A message still undelivered this long after it was written is given up (`max_age`).
    public var maxAge: Duration
    /// A receiver's message waits this long (monitor clock) for later ones, which then go out with
    /// it as one message (`defaults.group_wait`).
    public var groupWait: Duration
    /// The shortest real time between two sends to a receiver, by receiver name: the target's
    /// documented rate limit.
    public var minimumInterval: [String: Duration]

    public init(
        backoff: RetryPolicy = RetryPolicy(maxAttempts: .max, initialBackoff: .seconds(10), maximumBackoff: .seconds(600)),
        maxAge: Duration = .seconds(86_400), groupWait: Duration = .zero, minimumInterval: [String: Duration] = [:]
    ) {
        self.backoff = backoff
        self.maxAge = maxAge
        self.groupWait = groupWait
        self.minimumInterval = minimumInterval
    }
}
