import DeskAPI
import Foundation
import Logging
import Notify
import Store
import Synchronization

/// Delivers the outbox: per receiver, its oldest pending message, in order, so a resolve never
/// overtakes its firing; transient failures are retried with back-off (honouring the target's
/// own wait) until `max_age`, permanent ones become dead letters with the target's words.
///
/// Every outcome is written to the store before the next message of that receiver is tried, so
/// a crash costs at most the one message in flight being sent twice.
public final class OutboxDispatcher: Sendable {
    /// What one round did.
    public struct Round: Sendable, Equatable {
        public var delivered: Int
        public var retried: Int
        public var dead: Int

        public init(delivered: Int = 0, retried: Int = 0, dead: Int = 0) {
            self.delivered = delivered
            self.retried = retried
            self.dead = dead
        }
    }

    private let store: SessionStore
    private let deliverers: [String: any MessageDeliverer]
    private let policy: DeliveryPolicy
    private let logger: Logger
    private let random = Mutex(SystemRandomNumberGenerator())
    private let observe: @Sendable (_ receiver: String, _ result: String) -> Void

    /// - Parameter observe: told the receiver and the result (`sent`, `retried`, `dead`) of every
    ///   attempt, after it is recorded.
    public init(
        store: SessionStore, deliverers: [String: any MessageDeliverer], policy: DeliveryPolicy = DeliveryPolicy(), logger: Logger,
        observe: @escaping @Sendable (_ receiver: String, _ result: String) -> Void = { _, _ in }
    ) {
        self.store = store
        self.deliverers = deliverers
        self.policy = policy
        self.logger = logger
        self.observe = observe
    }

    /// The receivers messages can be delivered to.
    public var receivers: Set<String> { Set(deliverers.keys) }

    /// Tries each receiver's oldest due message once, receivers in parallel.
    @discardableResult
    public func deliverDue(now: Int) async throws -> Round {
        let due = try store.dueMessages(now: now)
        let outcomes = await withTaskGroup(of: (OutboxMessage, DeliveryOutcome).self) { group in
            for message in due {
                group.addTask { [deliverers] in
                    guard let deliverer = deliverers[message.receiver] else {
                        return (message, .permanent(reason: "no receiver named '\(message.receiver)' is configured"))
                    }
                    return (message, await deliverer.deliver(message, now: now))
                }
            }
            var outcomes: [(OutboxMessage, DeliveryOutcome)] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
        var round = Round()
        for (message, outcome) in outcomes {
            var metadata: Logger.Metadata = ["notify.receiver": "\(message.receiver)", "notify.message": "\(message.id)"]
            switch outcome {
            case .delivered:
                try store.markDelivered(message.id, at: now)
                round.delivered += 1
                observe(message.receiver, "sent")
                logger.info("message delivered", metadata: metadata)
            case .retry(let reason, let after):
                metadata["notify.error"] = "\(reason)"
                if Duration.seconds(now - message.createdAt) >= policy.maxAge {
                    try store.markDead(message.id, error: "expired after \(message.attempts + 1) attempts: \(reason)", at: now)
                    round.dead += 1
                    observe(message.receiver, "dead")
                    logger.error("message given up: too old", metadata: metadata)
                } else {
                    var wait = random.withLock { policy.backoff.backoff(forRetry: message.attempts + 1, using: &$0) }
                    if let after { wait = max(wait, after) }
                    try store.markForRetry(message.id, error: reason, nextAttemptAt: now + Int(wait.seconds.rounded(.up)))
                    round.retried += 1
                    observe(message.receiver, "retried")
                    logger.warning("delivery failed; will retry", metadata: metadata)
                }
            case .permanent(let reason):
                metadata["notify.error"] = "\(reason)"
                try store.markDead(message.id, error: reason, at: now)
                round.dead += 1
                observe(message.receiver, "dead")
                logger.error("message cannot be delivered; kept as a dead letter", metadata: metadata)
            }
        }
        return round
    }
}
