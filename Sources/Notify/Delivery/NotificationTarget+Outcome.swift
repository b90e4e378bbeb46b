import Foundation
import Transport

extension NotificationTarget {
    /// Reads the target's answer: HTTP status, `Retry-After`, and the error fields that some
    /// targets put in an HTTP 200 body (`errcode`, `code`, `ok`).
    public func outcome(of response: HTTPResponse) -> DeliveryOutcome {
        let excerpt = Self.excerpt(response.body)
        switch response.status {
        case 200..<300:
            break
        case 408, 429, 500..<600:
            return .retry(reason: "HTTP \(response.status) \(excerpt)", after: Self.retryAfter(response))
        default:
            // A Feishu bot's frequency limit is the same answer whatever the HTTP status.
            if case .feishu = self, case .retry(let reason, let after) = feishuOutcome(of: response) {
                return .retry(reason: "HTTP \(response.status) \(reason)", after: after)
            }
            return .permanent(reason: "HTTP \(response.status) \(excerpt)")
        }
        let object = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any]
        switch self {
        case .wecom, .dingtalk:
            guard let code = (object?["errcode"] as? NSNumber)?.intValue, code != 0 else { return .delivered }
            let message = object?["errmsg"] as? String ?? ""
            switch code {
            case 45009: return .retry(reason: "errcode \(code): \(message)", after: .seconds(60))
            case 130101: return .retry(reason: "errcode \(code): \(message)", after: .seconds(600))
            default: return .permanent(reason: "errcode \(code): \(message)")
            }
        case .feishu:
            return feishuOutcome(of: response)
        case .telegram:
            guard let ok = object?["ok"] as? Bool, !ok else { return .delivered }
            return .permanent(reason: "\(object?["description"] as? String ?? "refused")")
        default:
            return .delivered
        }
    }

    /// A Feishu/Lark answer's `code` (or `StatusCode`): 0 is delivered, its frequency limits are
    /// waited out, anything else is refused.
    private func feishuOutcome(of response: HTTPResponse) -> DeliveryOutcome {
        let object = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any]
        guard let code = (object?["code"] as? NSNumber)?.intValue ?? (object?["StatusCode"] as? NSNumber)?.intValue, code != 0 else {
            return .delivered
        }
        let message = object?["msg"] as? String ?? object?["StatusMessage"] as? String ?? ""
        // 11232 is the bot's frequency limit; 9499 is a bad request unless it says "too many request".
        let throttled = code == 11232 || (code == 9499 && message.lowercased().contains("too many request"))
        return throttled ? .retry(reason: "code \(code): \(message)", after: .seconds(60)) : .permanent(reason: "code \(code): \(message)")
    }

    /// What a transport failure means for delivery: a timeout or lost connection may pass; a
    /// TLS failure or an invalid request will not.
    public static func outcome(of error: TransportError) -> DeliveryOutcome {
        error.isTransient ? .retry(reason: error.description, after: nil) : .permanent(reason: error.description)
    }

    /// `Retry-After` in seconds or as an HTTP date (counted from the answer's own `Date`, so a
    /// clock that differs from the server's does not matter), or Discord's and Telegram's
    /// `retry_after` in the body. At most a day.
    static func retryAfter(_ response: HTTPResponse) -> Duration? {
        if let header = response.header("Retry-After")?.trimmingCharacters(in: .whitespaces) {
            if let seconds = Double(header), seconds >= 0 { return .milliseconds(Int64(min(seconds, 86_400) * 1000)) }
            if let until = TimeText.httpDate(header),
                let date = response.header("Date").flatMap({ TimeText.httpDate($0.trimmingCharacters(in: .whitespaces)) })
            {
                return .seconds(min(max(until - date, 0), 86_400))
            }
        }
        let object = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any]
        let value = (object?["retry_after"] as? NSNumber) ?? ((object?["parameters"] as? [String: Any])?["retry_after"] as? NSNumber)
        guard let seconds = value?.doubleValue, seconds >= 0 else { return nil }
        return .milliseconds(Int64(min(seconds, 86_400) * 1000))
    }

    /// The first 200 characters of a body, on one line.
    static func excerpt(_ body: Data) -> String {
        let text = String(decoding: body.prefix(800), as: UTF8.self)
        let line = text.unicodeScalars.map { $0.value < 0x20 ? " " : String($0) }.joined()
        return line.count > 200 ? String(line.prefix(200)) + "…" : line
    }
}
