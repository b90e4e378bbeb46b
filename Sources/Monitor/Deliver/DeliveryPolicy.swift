import DeskAPI

/// How long and how often a message is retried before it becomes a dead letter.
public struct DeliveryPolicy: Sendable {
    /// Back-off between attempts (grows exponentially, with jitter).
    public var backoff: RetryPolicy
    /// A message still undelivered this long after it was written is given up (`max_age`).
    public var maxAge: Duration

    public init(
        backoff: RetryPolicy = RetryPolicy(maxAttempts: .max, initialBackoff: .seconds(10), maximumBackoff: .seconds(600)),
        maxAge: Duration = .seconds(86_400)
    ) {
        self.backoff = backoff
        self.maxAge = maxAge
    }
}
