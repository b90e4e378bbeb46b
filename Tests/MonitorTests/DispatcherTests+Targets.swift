import Foundation
import Logging
import Monitor
import Notify
import Rules
import Store
import Synchronization
import Testing
import Transport

/// Real time for the dispatcher's rate limits that moves only when a test moves it.
final class ManualClock: Sendable {
    private let instant = Mutex(ContinuousClock.now)

    /// The current instant.
    @Sendable func now() -> ContinuousClock.Instant { instant.withLock { $0 } }

    /// Moves the clock on by `duration`.
    func advance(_ duration: Duration) { instant.withLock { $0 += duration } }
}

/// How one receiver type's service answers, in its own words: success, throttling, a server
/// error and the refusal of a wrong key or signature.
struct TargetBehaviour: Sendable, CustomTestStringConvertible {
    /// The receiver type.
    var type: ReceiverConfig.Kind
    /// The receiver's settings in `deskwatch.yaml` besides `type:`, for a service at a base URL.
    var settings: @Sendable (_ base: String) -> String
    /// Where the requests arrive, below the base URL.
    var path: String
    /// The credential in the URL, which no recorded error may show.
    var secret: String?
    /// Its answer when it took the message.
    var success: LoopbackReceiver.Answer
    /// Its answer when it is sent too much (or, for Alertmanager, when it is not ready).
    var throttled: LoopbackReceiver.Answer
    /// The error that answer leaves on the message.
    var throttledError: String
    /// How long that answer asks to wait, in seconds, when it says.
    var wait: Int?
    /// A server error of the service.
    var serverError: LoopbackReceiver.Answer
    /// The error that answer leaves on the message.
    var serverErrorText: String
    /// Its refusal of a wrong key, token or signature.
    var refusal: LoopbackReceiver.Answer
    /// The error that refusal leaves on the dead letter.
    var refusalError: String

    var testDescription: String { type.rawValue }

    static let all: [TargetBehaviour] = [
        TargetBehaviour(
            type: .wecom, settings: { #"url: "\#($0)/cgi-bin/webhook/send?key=693a91f6-7a0c-4bc4-97a0-0ec2e1fa5aaa""# },
            path: "/cgi-bin/webhook/send", secret: "693a91f6-7a0c-4bc4-97a0-0ec2e1fa5aaa",
            success: .status(200, #"{"errcode":0,"errmsg":"ok"}"#),
            throttled: .status(200, #"{"errcode":45009,"errmsg":"api freq out of limit"}"#),
            throttledError: "errcode 45009: api freq out of limit", wait: 60,
            serverError: .status(502, "<html><body><h1>502 Bad Gateway</h1></body></html>"),
            serverErrorText: "HTTP 502 <html><body><h1>502 Bad Gateway</h1></body></html>",
            refusal: .status(200, #"{"errcode":93000,"errmsg":"invalid webhook url, hint: [1730390400_33_a7c1e2]"}"#),
            refusalError: "errcode 93000: invalid webhook url, hint: [1730390400_33_a7c1e2]"),
        TargetBehaviour(
            type: .dingtalk,
            settings: { #"url: "\#($0)/robot/send?access_token=9f3c2b7e0d1a4c5b8e6f", secret: "SEC0123456789abcdef""# },
            path: "/robot/send", secret: "9f3c2b7e0d1a4c5b8e6f", success: .status(200, #"{"errcode":0,"errmsg":"ok"}"#),
            throttled: .status(200, #"{"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"}"#),
            throttledError: "errcode 130101: send too fast, exceed 20 times per minute", wait: 600,
            serverError: .status(502, "<html><body><h1>502 Bad Gateway</h1></body></html>"),
            serverErrorText: "HTTP 502 <html><body><h1>502 Bad Gateway</h1></body></html>",
            refusal: .status(200, #"{"errcode":310000,"errmsg":"sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]"}"#),
            refusalError: "errcode 310000: sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]"),
        TargetBehaviour(
            type: .feishu, settings: { #"url: "\#($0)/open-apis/bot/v2/hook/4c2b8e1f-0a3d-4e5f-9b6c-7d8e9f0a1b2c""# },
            path: "/open-apis/bot/v2/hook/4c2b8e1f-0a3d-4e5f-9b6c-7d8e9f0a1b2c", secret: "4c2b8e1f-0a3d-4e5f-9b6c-7d8e9f0a1b2c",
            success: .status(200, #"{"StatusCode":0,"StatusMessage":"success","code":0,"data":{},"msg":"success"}"#),
            throttled: .status(200, #"{"code":11232,"data":{},"msg":"frequency limited psm[lark.oapi.app_platform_runtime]"}"#),
            throttledError: "code 11232: frequency limited psm[lark.oapi.app_platform_runtime]", wait: 60,
            serverError: .status(500, "Internal Server Error"), serverErrorText: "HTTP 500 Internal Server Error",
            refusal: .status(200, #"{"code":19001,"data":{},"msg":"param invalid: incoming webhook access token invalid"}"#),
            refusalError: "code 19001: param invalid: incoming webhook access token invalid"),
        TargetBehaviour(
            type: .lark, settings: { #"url: "\#($0)/open-apis/bot/v2/hook/8d7c6b5a-4f3e-2d1c-0b9a-8f7e6d5c4b3a", secret: "demo""# },
            path: "/open-apis/bot/v2/hook/8d7c6b5a-4f3e-2d1c-0b9a-8f7e6d5c4b3a", secret: "8d7c6b5a-4f3e-2d1c-0b9a-8f7e6d5c4b3a",
            success: .status(200, #"{"code":0,"data":{},"msg":"success"}"#),
            throttled: .status(200, #"{"code":9499,"msg":"too many request","data":{}}"#), throttledError: "code 9499: too many request",
            wait: 60, serverError: .status(503, "Service Unavailable"), serverErrorText: "HTTP 503 Service Unavailable",
            refusal: .status(200, #"{"code":19021,"data":{},"msg":"sign match fail or timestamp is not within one hour from current time"}"#),
            refusalError: "code 19021: sign match fail or timestamp is not within one hour from current time"),
        TargetBehaviour(
            type: .slack, settings: { #"url: "\#($0)/services/T0A1B2C3D/B0E4F5G6H/q9W8e7R6t5Y4u3I2o1P0a9S8""# },
            path: "/services/T0A1B2C3D/B0E4F5G6H/q9W8e7R6t5Y4u3I2o1P0a9S8", secret: "q9W8e7R6t5Y4u3I2o1P0a9S8", success: .status(200, "ok"),
            throttled: .respond(status: 429, headers: [("Retry-After", "30")], body: "rate_limited"), throttledError: "HTTP 429 rate_limited",
            wait: 30, serverError: .status(500, "internal_error"), serverErrorText: "HTTP 500 internal_error",
            refusal: .status(403, "invalid_token"), refusalError: "HTTP 403 invalid_token"),
        TargetBehaviour(
            type: .teams,
            settings: { #"url: "\#($0)/workflows/7f1d2c3b/triggers/manual/paths/invoke?api-version=1&sv=1.0&sig=Zx9Yw8Vu7Ts6Rq5Po4""# },
            path: "/workflows/7f1d2c3b/triggers/manual/paths/invoke", secret: "Zx9Yw8Vu7Ts6Rq5Po4", success: .status(202, ""),
            throttled: .respond(
                status: 429, headers: [("Retry-After", "18")],
                body: #"{"error":{"code":"WorkflowTriggeredTooManyTimes","message":"Rate limit is exceeded. Try again in 18 seconds."}}"#),
            throttledError:
                #"HTTP 429 {"error":{"code":"WorkflowTriggeredTooManyTimes","message":"Rate limit is exceeded. Try again in 18 seconds."}}"#,
            wait: 18, serverError: .status(502, "Bad Gateway"), serverErrorText: "HTTP 502 Bad Gateway",
            refusal: .status(
                401, #"{"error":{"code":"DirectApiInvalidAuthorizationSignature","message":"The provided authorization signature is not valid."}}"#),
            refusalError:
                #"HTTP 401 {"error":{"code":"DirectApiInvalidAuthorizationSignature","message":"The provided authorization signature is not valid."}}"#
        ),
        TargetBehaviour(
            type: .discord, settings: { #"url: "\#($0)/api/webhooks/1234567890/aBcD-eFgH_iJkL-mNoP""# },
            path: "/api/webhooks/1234567890/aBcD-eFgH_iJkL-mNoP", secret: "aBcD-eFgH_iJkL-mNoP", success: .status(204, ""),
            throttled: .status(429, #"{"message": "You are being rate limited.", "retry_after": 42.5, "global": false}"#),
            throttledError: #"HTTP 429 {"message": "You are being rate limited.", "retry_after": 42.5, "global": false}"#, wait: 43,
            serverError: .status(502, "error code: 502"), serverErrorText: "HTTP 502 error code: 502",
            refusal: .status(401, #"{"message": "Invalid Webhook Token", "code": 50027}"#),
            refusalError: #"HTTP 401 {"message": "Invalid Webhook Token", "code": 50027}"#),
        TargetBehaviour(
            type: .telegram, settings: { #"bot_token: "123456:AAE-x9y8z7w6", chat_id: -1001234567890, api_url: "\#($0)""# },
            path: "/bot123456:AAE-x9y8z7w6/sendMessage", secret: "AAE-x9y8z7w6",
            success: .status(200, #"{"ok":true,"result":{"message_id":42,"chat":{"id":-1001234567890,"type":"supergroup"},"date":1730390400}}"#),
            throttled: .status(
                429, #"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 35","parameters":{"retry_after":35}}"#),
            throttledError:
                #"HTTP 429 {"ok":false,"error_code":429,"description":"Too Many Requests: retry after 35","parameters":{"retry_after":35}}"#,
            wait: 35, serverError: .status(502, "Bad Gateway"), serverErrorText: "HTTP 502 Bad Gateway",
            refusal: .status(401, #"{"ok":false,"error_code":401,"description":"Unauthorized"}"#),
            refusalError: #"HTTP 401 {"ok":false,"error_code":401,"description":"Unauthorized"}"#),
        TargetBehaviour(
            type: .googlechat, settings: { #"url: "\#($0)/v1/spaces/AAAA1234/messages?key=AIzaSyD-k3y&token=t0k3n-5ecret""# },
            path: "/v1/spaces/AAAA1234/messages", secret: "t0k3n-5ecret",
            success: .status(200, #"{"name":"spaces/AAAA1234/messages/abc.abc","sender":{"type":"BOT"}}"#),
            throttled: .status(
                429, #"{"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}}"#),
            throttledError:
                #"HTTP 429 {"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}}"#,
            wait: nil, serverError: .status(503, #"{"error":{"code":503,"message":"The service is currently unavailable.","status":"UNAVAILABLE"}}"#),
            serverErrorText: #"HTTP 503 {"error":{"code":503,"message":"The service is currently unavailable.","status":"UNAVAILABLE"}}"#,
            refusal: .status(
                400, #"{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT"}}"#),
            refusalError:
                #"HTTP 400 {"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT"}}"#),
        TargetBehaviour(
            type: .webhook, settings: { #"url: "\#($0)/hooks/deskwatch""# }, path: "/hooks/deskwatch", secret: nil,
            success: .status(200, #"{"status":"accepted"}"#),
            throttled: .respond(status: 429, headers: [("Retry-After", "120")], body: "slow down"), throttledError: "HTTP 429 slow down",
            wait: 120, serverError: .status(500, "internal error"), serverErrorText: "HTTP 500 internal error",
            refusal: .status(401, "unauthorized: unknown bearer token"), refusalError: "HTTP 401 unauthorized: unknown bearer token"),
        TargetBehaviour(
            type: .alertmanager, settings: { #"url: "\#($0)""# }, path: "/api/v2/alerts", secret: nil, success: .status(200, ""),
            throttled: .status(503, "Service Unavailable"), throttledError: "HTTP 503 Service Unavailable", wait: nil,
            serverError: .status(500, #"{"code":500,"message":"failed to put alerts"}"#),
            serverErrorText: #"HTTP 500 {"code":500,"message":"failed to put alerts"}"#,
            refusal: .status(400, #"{"code":400,"message":"start time must be before end time"}"#),
            refusalError: #"HTTP 400 {"code":400,"message":"start time must be before end time"}"#),
    ]
}

extension DispatcherTests {
    @Test func everyHTTPReceiverTypeHasItsServiceDescribed() {
        let described = Set(TargetBehaviour.all.map(\.type))
        #expect(described == Set(ReceiverConfig.Kind.allCases).subtracting([.email, .console]))
    }

    /// Each receiver type configured as a user would, against a loopback service that answers
    /// like it: its own throttling (waited out as long as it asks), a server error and a
    /// connection reset are retried until the message goes through, once; the messages after it
    /// follow in order at the type's rate limit; a wrong key leaves dead letters with the
    /// service's own words; and the outbox ends empty.
    @Test(arguments: TargetBehaviour.all)
    func deliversToEachTargetThroughItsOwnAnswers(_ target: TargetBehaviour) async throws {
        let store = try SessionStore.inMemory()
        try enqueue(store, receiver: "ops", .firing, at: 1000, rule: "noagents")
        try enqueue(store, receiver: "ops", .resolved, at: 1001, rule: "noagents")
        try enqueue(store, receiver: "ops", .firing, at: 1002, rule: "abandoned")
        try enqueue(store, receiver: "wrong-key", .firing, at: 1000, rule: "noagents")
        try enqueue(store, receiver: "wrong-key", .resolved, at: 1001, rule: "noagents")
        let receiver = LoopbackReceiver([
            "/ops" + target.path: [target.throttled, target.serverError, .reset, target.success],
            "/wrong-key" + target.path: [target.refusal],
        ])
        let clock = ManualClock()

        try await receiver.run { base in
            let config = try DeskwatchConfig.load(
                yaml: ReceiverConfigTests.sources + """
                    receivers:
                      ops: {type: \(target.type.rawValue), \(target.settings(base + "/ops"))}
                      wrong-key: {type: \(target.type.rawValue), \(target.settings(base + "/wrong-key"))}
                    """,
                file: "deskwatch.yaml", baseDirectory: "/etc/deskwatch", environment: ReceiverConfigTests.environment)
            let http = CurlHTTPClient()
            let dispatcher = OutboxDispatcher(
                store: store,
                deliverers: Dictionary(
                    uniqueKeysWithValues: config.receivers.map {
                        ($0.name, MonitorDaemon.defaultDeliverer(for: $0, http: http, rules: { [:] }, externalURL: nil))
                    }),
                policy: DeliveryPolicy(minimumInterval: Dictionary(uniqueKeysWithValues: config.receivers.map { ($0.name, $0.minimumInterval) })),
                logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }), clock: clock.now)
            let interval = try #require(config.receivers.first).minimumInterval
            func waiting() throws -> OutboxMessage { try #require(try store.outboxMessages(receiver: "ops", state: .pending).first) }

            // Throttled: the message waits as long as the service asks, and not a second less.
            #expect(try await dispatcher.deliverDue(now: 1010) == OutboxDispatcher.Round(retried: 1, dead: 1))
            var message = try waiting()
            #expect(message.lastError == target.throttledError)
            if let wait = target.wait { #expect(message.nextAttemptAt >= 1010 + wait) }
            clock.advance(interval)
            #expect(try await dispatcher.deliverDue(now: message.nextAttemptAt - 1) == OutboxDispatcher.Round(dead: 1))
            #expect(receiver.bodies("/ops" + target.path).count == 1)

            // A server error, then a connection reset: retried with back-off.
            clock.advance(interval)
            #expect(try await dispatcher.deliverDue(now: message.nextAttemptAt) == OutboxDispatcher.Round(retried: 1))
            message = try waiting()
            #expect(message.lastError == target.serverErrorText)
            clock.advance(interval)
            #expect(try await dispatcher.deliverDue(now: message.nextAttemptAt) == OutboxDispatcher.Round(retried: 1))
            message = try waiting()
            #expect(message.lastError?.hasPrefix("connectionLost for http://127.0.0.1:") == true)
            if let secret = target.secret { #expect(message.lastError?.contains(secret) == false) }

            // Delivered; the next message waits for the type's rate limit, then follows.
            let now = message.nextAttemptAt
            clock.advance(interval)
            #expect(try await dispatcher.deliverDue(now: now) == OutboxDispatcher.Round(delivered: 1))
            if interval > .zero {
                clock.advance(interval - .milliseconds(1))
                #expect(try await dispatcher.deliverDue(now: now) == OutboxDispatcher.Round())
                clock.advance(.milliseconds(1))
            }
            #expect(try await dispatcher.deliverDue(now: now) == OutboxDispatcher.Round(delivered: 1))
            clock.advance(interval)
            #expect(try await dispatcher.deliverDue(now: now) == OutboxDispatcher.Round(delivered: 1))
            #expect(try await dispatcher.deliverDue(now: now + 86_400) == OutboxDispatcher.Round())
        }

        // The service took each message once, in order: the resolve after its firing.
        let bodies = receiver.bodies("/ops" + target.path)
        try #require(bodies.count == 6)
        let taken = bodies.suffix(3).map { body in
            ["noagents", "abandoned"].first { body.contains($0) }.map { $0 + (body.contains("Resolved") ? " resolved" : " firing") }
        }
        #expect(taken == ["noagents firing", "noagents resolved", "abandoned firing"])
        #expect(try store.outboxMessages(receiver: "ops", state: .delivered).count == 3)
        let dead = try store.outboxMessages(receiver: "wrong-key", state: .dead)
        #expect(dead.map(\.lastError) == [target.refusalError, target.refusalError])
        #expect(receiver.bodies("/wrong-key" + target.path).count == 2)
        #expect(try store.outboxDepth() == 0)
    }
}
