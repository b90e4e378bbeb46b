import DeskAPI
import Foundation
import Logging
import Monitor
import Notify
import Rules
import Store
import Synchronization
import Testing
import Transport

/// Delivery from the outbox to a real HTTP receiver on loopback that answers as scripted.
struct DispatcherTests {
    func transition(_ event: AlertEvent, at time: Int, rule: String = "no-agents-online") -> Transition {
        Transition(
            rule: rule, severity: .critical, group: AlertGroup(), event: event, from: event == .resolved ? .firing : .pending,
            to: event == .resolved ? .inactive : .firing, at: time, measurement: Measurement(verdict: .holds, value: 3, threshold: "≥ 1"))
    }

    func enqueue(_ store: SessionStore, receiver: String, _ event: AlertEvent, at time: Int, rule: String = "no-agents-online") throws {
        try store.saveEvaluation(
            state: EngineState(), transitions: [],
            outbox: [NewOutboxMessage(receiver: receiver, transitions: [transition(event, at: time, rule: rule)], createdAt: time)],
            evaluatedAt: time)
    }

    private func dispatcher(_ store: SessionStore, _ url: String, http: CurlHTTPClient) -> OutboxDispatcher {
        func webhook(_ path: String) -> any MessageDeliverer {
            HTTPDeliverer(target: .webhook(WebhookTarget(url: Secret(url + path))), http: http)
        }
        return OutboxDispatcher(
            store: store,
            deliverers: [
                "chat": webhook("/chat"), "bad": webhook("/bad"),
                "wecom": HTTPDeliverer(target: .wecom(WeComTarget(url: Secret(url + "/wecom"))), http: http),
            ],
            policy: DeliveryPolicy(backoff: RetryPolicy(maxAttempts: .max, initialBackoff: .seconds(10), maximumBackoff: .seconds(60))),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    @Test func retriesTransientFailuresKeepsOrderAndKeepsPermanentOnesAsDeadLetters() async throws {
        let store = try SessionStore.inMemory()
        try enqueue(store, receiver: "chat", .firing, at: 1000)
        try enqueue(store, receiver: "chat", .resolved, at: 1001)
        try enqueue(store, receiver: "bad", .firing, at: 1000)
        try enqueue(store, receiver: "wecom", .firing, at: 1000)
        try enqueue(store, receiver: "nobody", .firing, at: 1000)
        let receiver = LoopbackReceiver([
            "/chat": [.status(503, "try later"), .status(200, "ok")],
            "/bad": [.status(400, "invalid_payload")],
            "/wecom": [.status(200, #"{"errcode":93000,"errmsg":"invalid webhook url"}"#)],
        ])

        try await receiver.run { url in
            let http = CurlHTTPClient()
            let dispatcher = dispatcher(store, url, http: http)
            let first = try await dispatcher.deliverDue(now: 1002)
            #expect(first == OutboxDispatcher.Round(delivered: 0, retried: 1, dead: 3))
            // The resolve waits behind the firing that is waiting for its retry.
            #expect(try await dispatcher.deliverDue(now: 1005) == OutboxDispatcher.Round())
            #expect(try await dispatcher.deliverDue(now: 1100).delivered == 1)
            #expect(try await dispatcher.deliverDue(now: 1100).delivered == 1)
        }

        let chat = receiver.bodies("/chat")
        #expect(chat.count == 3)
        #expect(chat[1].contains("firing") && !chat[1].contains("\"resolved\""))
        #expect(chat[2].contains("resolved"))
        let dead = try store.outboxMessages(state: .dead)
        #expect(dead.map(\.receiver).sorted() == ["bad", "nobody", "wecom"])
        #expect(dead.first { $0.receiver == "bad" }?.lastError == "HTTP 400 invalid_payload")
        #expect(dead.first { $0.receiver == "wecom" }?.lastError == "errcode 93000: invalid webhook url")
        #expect(dead.first { $0.receiver == "nobody" }?.lastError?.contains("no receiver named 'nobody'") == true)
        #expect(try store.outboxDepth() == 0)
    }

    @Test func givesUpAMessageOlderThanItsMaxAge() async throws {
        let store = try SessionStore.inMemory()
        try enqueue(store, receiver: "chat", .firing, at: 1000)
        let receiver = LoopbackReceiver(["/chat": [.status(503, "down")]])
        _ = try await receiver.run { url in
            try await dispatcher(store, url, http: CurlHTTPClient()).deliverDue(now: 1000 + 86_400)
        }
        #expect(try store.outboxMessages(state: .dead).first?.lastError == "expired after 1 attempts: HTTP 503 down")
    }

    @Test func honoursRetryAfter() async throws {
        let store = try SessionStore.inMemory()
        try enqueue(store, receiver: "chat", .firing, at: 1000)
        let receiver = LoopbackReceiver(["/chat": [.status(429, #"{"retry_after": 300}"#)]])
        _ = try await receiver.run { url in
            try await dispatcher(store, url, http: CurlHTTPClient()).deliverDue(now: 1000)
        }
        #expect(try store.outboxMessages().first?.nextAttemptAt == 1300)
    }

    @Test func messagesWrittenWithinGroupWaitGoOutAsOne() async throws {
        let store = try SessionStore.inMemory()
        try enqueue(store, receiver: "chat", .firing, at: 1000)
        try enqueue(store, receiver: "chat", .resolved, at: 1030)
        try enqueue(store, receiver: "chat", .firing, at: 1100)
        let receiver = LoopbackReceiver(["/chat": [.status(200, "ok")]])
        try await receiver.run { (url: String) async throws in
            let dispatcher = OutboxDispatcher(
                store: store,
                deliverers: ["chat": HTTPDeliverer(target: .webhook(WebhookTarget(url: Secret(url + "/chat"))), http: CurlHTTPClient())],
                policy: DeliveryPolicy(groupWait: .seconds(60)), logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
            #expect(try await dispatcher.deliverDue(now: 1030) == OutboxDispatcher.Round())
            #expect(try await dispatcher.deliverDue(now: 1060).delivered == 1)
            #expect(try store.outboxDepth() == 1)
            #expect(try await dispatcher.deliverDue(now: 1160).delivered == 1)
        }
        let bodies = receiver.received.map(\.body)
        try #require(bodies.count == 2)
        let first = try JSONSerialization.jsonObject(with: Data(bodies[0].utf8)) as? [String: Any]
        #expect((first?["alerts"] as? [[String: Any]])?.map { $0["event"] as? String } == ["firing", "resolved"])
        #expect(try store.outboxMessages(state: .delivered).count == 3)
    }

    @Test func aReceiversRateLimitSpacesItsMessages() async throws {
        let store = try SessionStore.inMemory()
        try enqueue(store, receiver: "chat", .firing, at: 1000)
        try enqueue(store, receiver: "chat", .resolved, at: 1001)
        let receiver = LoopbackReceiver(["/chat": [.status(200, "ok")]])
        let clock = ManualClock()
        try await receiver.run { (url: String) async throws in
            let dispatcher = OutboxDispatcher(
                store: store,
                deliverers: ["chat": HTTPDeliverer(target: .webhook(WebhookTarget(url: Secret(url + "/chat"))), http: CurlHTTPClient())],
                policy: DeliveryPolicy(minimumInterval: ["chat": .seconds(3)]),
                logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }), clock: clock.now)
            #expect(try await dispatcher.deliverDue(now: 1002).delivered == 1)
            clock.advance(.milliseconds(2999))
            #expect(try await dispatcher.deliverDue(now: 1002) == OutboxDispatcher.Round())
            clock.advance(.milliseconds(1))
            #expect(try await dispatcher.deliverDue(now: 1002).delivered == 1)
        }
        #expect(receiver.received.count == 2)
    }

    @Test func eachTargetsRateLimitComesFromItsType() {
        func interval(_ type: ReceiverConfig.Kind) -> Duration { ReceiverConfig(name: "r", type: type, target: .console).minimumInterval }
        #expect(interval(.wecom) == .seconds(3))
        #expect(interval(.dingtalk) == .seconds(3))
        #expect(interval(.slack) == .seconds(1))
        #expect(interval(.webhook) == .zero)
    }
}
