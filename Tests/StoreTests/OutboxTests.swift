import Rules
import Store
import Testing

/// The outbox: written with the alert state, delivered per receiver in order, retried, and kept
/// as dead letters.
struct OutboxTests {
    private func transition(_ rule: String, _ event: AlertEvent, at time: Int) -> Transition {
        Transition(
            rule: rule, severity: .critical, group: AlertGroup(), event: event, from: .inactive, to: event == .resolved ? .inactive : .firing,
            at: time, measurement: Measurement(verdict: .holds, value: 1, threshold: "≥ 1"))
    }

    private func enqueue(_ store: SessionStore, _ messages: [NewOutboxMessage], at time: Int) throws {
        try store.saveEvaluation(state: EngineState(), transitions: messages.flatMap(\.transitions), outbox: messages, evaluatedAt: time)
    }

    @Test func aReceiversLaterMessagesWaitBehindItsOldest() throws {
        let store = try SessionStore.inMemory()
        try enqueue(
            store,
            [
                NewOutboxMessage(receiver: "chat", transitions: [transition("r", .firing, at: 100)], createdAt: 100),
                NewOutboxMessage(receiver: "mail", transitions: [transition("r", .firing, at: 100)], createdAt: 100),
            ], at: 100)
        try enqueue(store, [NewOutboxMessage(receiver: "chat", transitions: [transition("r", .resolved, at: 200)], createdAt: 200)], at: 200)

        let due = try store.dueMessages(now: 200)
        #expect(due.map(\.receiver) == ["chat", "mail"])
        #expect(due.first?.transitions.map(\.event) == [.firing])

        // The firing to chat fails and waits for a retry: the resolve must not overtake it.
        let firing = try #require(due.first)
        try store.markForRetry(firing.id, error: "HTTP 503", nextAttemptAt: 260)
        #expect(try store.dueMessages(now: 230).map(\.receiver) == ["mail"])
        #expect(try store.dueMessages(now: 260).first?.transitions.map(\.event) == [.firing])

        try store.markDelivered(firing.id, at: 260)
        #expect(try store.dueMessages(now: 260).first { $0.receiver == "chat" }?.transitions.map(\.event) == [.resolved])
        #expect(try store.outboxDepth() == 2)
    }

    @Test func theSameEventsForTheSameReceiverAreStoredOnce() throws {
        let store = try SessionStore.inMemory()
        let message = NewOutboxMessage(receiver: "chat", transitions: [transition("r", .firing, at: 100)], createdAt: 100)
        try enqueue(store, [message], at: 100)
        try enqueue(store, [message], at: 101)
        #expect(try store.outboxMessages().count == 1)
    }

    @Test func aDeadLetterKeepsTheTargetsWordsAndUnblocksTheReceiver() throws {
        let store = try SessionStore.inMemory()
        try enqueue(
            store,
            [NewOutboxMessage(receiver: "chat", transitions: [transition("a", .firing, at: 100)], createdAt: 100)], at: 100)
        try enqueue(
            store,
            [NewOutboxMessage(receiver: "chat", transitions: [transition("b", .firing, at: 110)], createdAt: 110)], at: 110)
        let first = try #require(try store.dueMessages(now: 120).first)
        try store.markDead(first.id, error: "errcode 93000: invalid webhook url", at: 120)

        let dead = try store.outboxMessages(state: .dead)
        #expect(dead.map(\.lastError) == ["errcode 93000: invalid webhook url"])
        #expect(dead.first?.attempts == 1)
        #expect(try store.dueMessages(now: 120).first?.transitions.map(\.rule) == ["b"])
    }
}
