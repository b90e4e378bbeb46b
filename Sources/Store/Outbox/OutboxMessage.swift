import Rules

/// A message for one receiver, as the outbox keeps it until it is delivered or given up.
///
/// The message id is stable (the transitions it carries and the receiver), so a message written
/// twice is stored once, and a receiver that de-duplicates by it sees a crash-time resend as the
/// same message.
public struct OutboxMessage: Sendable, Equatable {
    public enum State: String, Sendable, Equatable {
        /// Waiting to be sent (again).
        case pending
        /// The target accepted it.
        case delivered
        /// Given up: a permanent failure, or too old; kept as a dead letter.
        case dead
    }

    /// The row id, ordering the messages of a receiver.
    public var id: Int64
    public var messageID: String
    public var receiver: String
    /// The alert events the message tells about.
    public var transitions: [Transition]
    public var createdAt: Int
    public var nextAttemptAt: Int
    public var attempts: Int
    public var state: State
    /// The target's own words for the last failure.
    public var lastError: String?
    public var finishedAt: Int?

    /// Creates a message as the outbox would hold it.
    public init(
        id: Int64, messageID: String, receiver: String, transitions: [Transition], createdAt: Int, nextAttemptAt: Int, attempts: Int = 0,
        state: State = .pending, lastError: String? = nil, finishedAt: Int? = nil
    ) {
        self.id = id
        self.messageID = messageID
        self.receiver = receiver
        self.transitions = transitions
        self.createdAt = createdAt
        self.nextAttemptAt = nextAttemptAt
        self.attempts = attempts
        self.state = state
        self.lastError = lastError
        self.finishedAt = finishedAt
    }
}

/// A message about to be written to the outbox.
public struct NewOutboxMessage: Sendable, Equatable {
    public var receiver: String
    public var transitions: [Transition]
    public var createdAt: Int

    public init(receiver: String, transitions: [Transition], createdAt: Int) {
        self.receiver = receiver
        self.transitions = transitions
        self.createdAt = createdAt
    }

    /// `receiver` and the ids of the transitions: the same events for the same receiver give the
    /// same id.
    public var messageID: String {
        ([receiver] + transitions.map(\.id).sorted()).joined(separator: "\n")
    }
}
