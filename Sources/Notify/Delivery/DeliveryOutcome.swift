/// What became of one attempt to deliver a message, as the delivery policy acts on it.
public enum DeliveryOutcome: Sendable, Equatable {
    /// The target accepted the message.
    case delivered
    /// A failure that may pass (network, 5xx, throttling): try again, not before `after` when the
    /// target said how long to wait.
    case retry(reason: String, after: Duration?)
    /// A failure that will not pass by itself (bad key, bad signature, a 4xx): a dead letter.
    case permanent(reason: String)
}
