import DeskAPI
import Foundation
import Logging
import Notify
import Rules
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
    /// When each receiver was last sent to (real time), for its rate limit.
    private let lastSend = Mutex<[String: ContinuousClock.Instant]>([:])
    private let observe: @Sendable (_ receiver: String, _ result: String) -> Void
    private let clock: @Sendable () -> ContinuousClock.Instant

    /// - Parameters:
    ///   - observe: told the receiver and the result (`sent`, `retried`, `dead`) of every attempt,
    ///     after it is recorded.
    ///   - clock: the real time the receivers' rate limits are measured in.
    public init(
        store: SessionStore, deliverers: [String: any MessageDeliverer], policy: DeliveryPolicy = DeliveryPolicy(), logger: Logger,
        observe: @escaping @Sendable (_ receiver: String, _ result: String) -> Void = { _, _ in },
        clock: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        self.store = store
        self.deliverers = deliverers
        self.policy = policy
        self.logger = logger
        self.observe = observe
        self.clock = clock
    }

    /// Sends `transitions` to `receiver` now, outside the outbox (nothing is recorded): for
    /// re-sending what a receiver already knows.
    public func send(_ transitions: [Transition], to receiver: String, now: Int) async -> DeliveryOutcome {
        guard let deliverer = deliverers[receiver] else { return .permanent(reason: "no receiver named '\(receiver)' is configured") }
        let message = OutboxMessage(
            id: 0, messageID: "refresh-\(receiver)-\(now)", receiver: receiver, transitions: transitions, createdAt: now, nextAttemptAt: now)
        return await deliverer.deliver(message, now: now)
    }

    /// The receivers messages can be delivered to.
    public var receivers: Set<String> { Set(deliverers.keys) }

    /// Tries each receiver's oldest due message once, receivers in parallel. A receiver is skipped
    /// while its message waits out `group_wait` or while the receiver's rate limit holds it back;
    /// the messages of a receiver written within `group_wait` of its oldest one go out with it as
    /// one message.
    @discardableResult
    public func deliverDue(now: Int) async throws -> Round {
        let started = clock()
        let groupWait = Int(policy.groupWait.components.seconds)
        var batches: [(OutboxMessage, [OutboxMessage])] = []
        for message in try store.dueMessages(now: now) {
            if groupWait > 0, now < message.createdAt + groupWait { continue }
            if let interval = policy.minimumInterval[message.receiver], let last = lastSend.withLock({ $0[message.receiver] }),
                started - last < interval
            {
                continue
            }
            var batch = [message]
            if groupWait > 0 {
                batch += try store.outboxMessages(receiver: message.receiver, state: .pending, limit: 50)
                    .filter { $0.id != message.id && $0.createdAt <= message.createdAt + groupWait }
            }
            batches.append((message, batch))
        }
        let outcomes = await withTaskGroup(of: (OutboxMessage, [OutboxMessage], DeliveryOutcome).self) { group in
            for (message, batch) in batches {
                group.addTask { [deliverers] in
                    guard let deliverer = deliverers[message.receiver] else {
                        return (message, batch, .permanent(reason: "no receiver named '\(message.receiver)' is configured"))
                    }
                    var merged = message
                    if batch.count > 1 {
                        merged.transitions = batch.flatMap(\.transitions)
                        merged.messageID = batch.map(\.messageID).joined(separator: "+")
                    }
                    return (message, batch, await deliverer.deliver(merged, now: now))
                }
            }
            var outcomes: [(OutboxMessage, [OutboxMessage], DeliveryOutcome)] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
        // The rate limit counts from the end of each send.
        let finished = clock()
        lastSend.withLock { sends in for (message, _, _) in outcomes { sends[message.receiver] = finished } }
        var round = Round()
        for (message, batch, outcome) in outcomes {
            var metadata: Logger.Metadata = ["notify.receiver": "\(message.receiver)", "notify.message": "\(message.id)"]
            switch outcome {
            case .delivered:
                for delivered in batch { try store.markDelivered(delivered.id, at: now) }
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
                for given in batch { try store.markDead(given.id, error: reason, at: now) }
                round.dead += 1
                observe(message.receiver, "dead")
                logger.error("message cannot be delivered; kept as a dead letter", metadata: metadata)
            }
        }
        return round
    }
}
