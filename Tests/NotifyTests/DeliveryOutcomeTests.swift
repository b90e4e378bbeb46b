import Foundation
import Notify
import Testing
import Transport

/// How each target's answer is read: success, throttling to wait out, and failures to keep as
/// dead letters.
struct DeliveryOutcomeTests {
    private let url = Secret("https://example.invalid/hook")

    private func response(_ status: Int, _ body: String, headers: [HTTPHeader] = []) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: Data(body.utf8))
    }

    @Test func readsTheErrorCodesChinaTargetsPutInAnHTTP200() {
        let wecom = NotificationTarget.wecom(WeComTarget(url: url))
        #expect(wecom.outcome(of: response(200, #"{"errcode":0,"errmsg":"ok"}"#)) == .delivered)
        #expect(
            wecom.outcome(of: response(200, #"{"errcode":45009,"errmsg":"api freq out of limit"}"#))
                == .retry(reason: "errcode 45009: api freq out of limit", after: .seconds(60)))
        #expect(
            wecom.outcome(of: response(200, #"{"errcode":93000,"errmsg":"invalid webhook url"}"#))
                == .permanent(reason: "errcode 93000: invalid webhook url"))
        let dingtalk = NotificationTarget.dingtalk(DingTalkTarget(url: url))
        #expect(
            dingtalk.outcome(of: response(200, #"{"errcode":130101,"errmsg":"send too fast"}"#))
                == .retry(reason: "errcode 130101: send too fast", after: .seconds(600)))
        #expect(
            dingtalk.outcome(of: response(200, #"{"errcode":310000,"errmsg":"sign not match"}"#))
                == .permanent(reason: "errcode 310000: sign not match"))
        let feishu = NotificationTarget.feishu(FeishuTarget(url: url))
        #expect(feishu.outcome(of: response(200, #"{"code":0,"msg":"success"}"#)) == .delivered)
        #expect(feishu.outcome(of: response(200, #"{"code":19021,"msg":"sign match fail"}"#)) == .permanent(reason: "code 19021: sign match fail"))
        #expect(
            feishu.outcome(of: response(200, #"{"code":11232,"msg":"frequency limited"}"#))
                == .retry(reason: "code 11232: frequency limited", after: .seconds(60)))
        #expect(
            feishu.outcome(of: response(200, #"{"code":9499,"msg":"too many request","data":{}}"#))
                == .retry(reason: "code 9499: too many request", after: .seconds(60)))
        #expect(feishu.outcome(of: response(200, #"{"code":9499,"msg":"Bad Request","data":{}}"#)) == .permanent(reason: "code 9499: Bad Request"))
        // Its frequency limit is waited out whatever the HTTP status.
        #expect(
            feishu.outcome(of: response(400, #"{"code":11232,"msg":"frequency limited"}"#))
                == .retry(reason: "HTTP 400 code 11232: frequency limited", after: .seconds(60)))
        #expect(
            feishu.outcome(of: response(400, #"{"code":19021,"msg":"sign match fail"}"#))
                == .permanent(reason: #"HTTP 400 {"code":19021,"msg":"sign match fail"}"#))
    }

    @Test func honoursRetryAfterInTheHeaderOrTheBody() {
        let slack = NotificationTarget.slack(SlackTarget(url: url))
        #expect(
            slack.outcome(of: response(429, "rate_limited", headers: [HTTPHeader(name: "Retry-After", value: "30")]))
                == .retry(reason: "HTTP 429 rate_limited", after: .seconds(30)))
        // As a date, counted from the answer's own Date: the local clock does not matter.
        let dated = [
            HTTPHeader(name: "Date", value: "Wed, 25 Nov 2026 12:57:03 GMT"), HTTPHeader(name: "Retry-After", value: "Wed, 25 Nov 2026 12:58:33 GMT"),
        ]
        #expect(slack.outcome(of: response(429, "rate_limited", headers: dated)) == .retry(reason: "HTTP 429 rate_limited", after: .seconds(90)))
        #expect(
            slack.outcome(of: response(429, "rate_limited", headers: [HTTPHeader(name: "Retry-After", value: "Wed, 25 Nov 2026 12:58:33 GMT")]))
                == .retry(reason: "HTTP 429 rate_limited", after: nil))
        #expect(
            slack.outcome(of: response(503, "maintenance", headers: [HTTPHeader(name: "Retry-After", value: "120")]))
                == .retry(reason: "HTTP 503 maintenance", after: .seconds(120)))
        let telegram = NotificationTarget.telegram(TelegramTarget(botToken: Secret("123:abc"), chatID: "-1"))
        #expect(
            telegram.outcome(of: response(429, #"{"ok":false,"parameters":{"retry_after":7}}"#))
                == .retry(reason: #"HTTP 429 {"ok":false,"parameters":{"retry_after":7}}"#, after: .seconds(7)))
        #expect(
            telegram.outcome(of: response(200, #"{"ok":false,"description":"Bad Request: chat not found"}"#))
                == .permanent(reason: "Bad Request: chat not found"))
    }

    @Test func retriesServerErrorsAndGivesUpOnOtherClientErrors() {
        let slack = NotificationTarget.slack(SlackTarget(url: url))
        #expect(slack.outcome(of: response(503, "busy")) == .retry(reason: "HTTP 503 busy", after: nil))
        #expect(slack.outcome(of: response(404, "channel_not_found")) == .permanent(reason: "HTTP 404 channel_not_found"))
        #expect(slack.outcome(of: response(200, "ok")) == .delivered)
        #expect(NotificationTarget.outcome(of: TransportError(kind: .timedOut, message: "timeout", url: "https://x")).isRetry)
        #expect(!NotificationTarget.outcome(of: TransportError(kind: .tls, message: "bad certificate", url: "https://x")).isRetry)
    }
}

extension DeliveryOutcome {
    fileprivate var isRetry: Bool {
        if case .retry = self { return true }
        return false
    }
}
