import Transport

/// A call to the session-record API that did not succeed, with what to do about it.
///
/// The description names the source, what went wrong, the (redacted) URL, and for
/// configuration problems the setting to fix. It never contains the UserSig or the secret key.
public struct DeskAPIError: Error, Sendable, CustomStringConvertible {
    public enum Failure: Error, Sendable {
        /// The API answered `ActionStatus` FAIL with this code and message.
        case api(code: Int, info: String)
        /// The HTTP status was not 200.
        case http(status: Int, excerpt: String)
        /// HTTP 200 with a body that is not a valid response.
        case invalidResponse(reason: String, excerpt: String)
        /// The request did not complete (timeout, connection refused, TLS, ...).
        case transport(TransportError)
    }

    /// The source the call was made for.
    public var source: String
    public var failure: Failure
    /// What the client did or what an operator should do.
    public var failureClass: FailureClass
    /// The URL of the last attempt, with the UserSig redacted.
    public var url: String
    /// How many attempts were made before giving up.
    public var attempts: Int
    /// Set when the UserSig was renewed and still refused.
    public var afterSignatureRenewal: Bool = false

    /// The API error code, or `nil` when the failure was not an API answer.
    public var apiCode: Int? {
        if case .api(let code, _) = failure { return code }
        return nil
    }

    /// A short label for metrics: the API code, `http_NNN`, `invalid_json`, or the transport kind.
    public var resultLabel: String { failure.resultLabel }

    public var description: String {
        var text = "source '\(source)': \(failure) from \(url)"
        text += attempts == 1 ? " (1 attempt)" : " (\(attempts) attempts)"
        switch failureClass {
        case .configuration(let setting, let hint):
            text += ": \(hint)"
            if afterSignatureRenewal { text += "; a fresh UserSig was refused too" }
            text += ". Fix `\(setting)` of source '\(source)' in the configuration."
        case .renewSignature:
            text += ": a fresh UserSig was refused too. Check `secret_key`, `identifier` and this host's clock."
        case .rejected(let hint):
            text += ": \(hint)."
        case .retry:
            text += ": giving up for now; the next poll tries again."
            if case .transport(let error) = failure, error.kind == .couldNotResolve {
                text += " If the host name is wrong, fix the source's `region` or `endpoint`."
            }
        case .slowDown:
            text += ": still rate limited; the pace has been lowered."
        }
        return text
    }
}

extension DeskAPIError.Failure: CustomStringConvertible {
    public var description: String {
        switch self {
        case .api(let code, let info):
            let meaning = DeskErrorCodes.meaning(of: code).map { " (\($0))" } ?? ""
            let detail = info.isEmpty ? "" : ": \(Excerpt.make(info))"
            return "API error \(code)\(meaning)\(detail)"
        case .http(let status, let excerpt):
            return "HTTP \(status)" + (excerpt.isEmpty ? "" : " with body \(excerpt)")
        case .invalidResponse(let reason, let excerpt):
            return "invalid response (\(reason))" + (excerpt.isEmpty ? "" : ", body begins \(excerpt)")
        case .transport(let error):
            return error.description
        }
    }

    var resultLabel: String {
        switch self {
        case .api(let code, _): String(code)
        case .http(let status, _): "http_\(status)"
        case .invalidResponse: "invalid_response"
        case .transport(let error): "transport_\(error.kindLabel)"
        }
    }
}

extension TransportError {
    /// A short stable name of the kind, for metrics.
    var kindLabel: String {
        switch kind {
        case .timedOut: "timeout"
        case .couldNotResolve: "resolve"
        case .couldNotConnect: "connect"
        case .tls: "tls"
        case .responseTooLarge: "too_large"
        case .tooManyRedirects: "redirects"
        case .connectionLost: "connection_lost"
        case .cancelled: "cancelled"
        case .invalidRequest: "invalid_request"
        case .other: "other"
        }
    }
}

/// Short, single-line, quoted excerpts of response bodies for error messages.
enum Excerpt {
    static let limit = 160

    static func make(_ text: String) -> String {
        // A proxy's error page may echo the request URL: never let it carry the UserSig out.
        let text = URLRedaction.redactParameters(inText: text)
        var out = ""
        for scalar in text.unicodeScalars.prefix(limit) {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value): out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        if text.unicodeScalars.count > limit { out += "…" }
        return "\"\(out)\""
    }

    static func make(_ bytes: some Collection<UInt8>) -> String {
        make(String(decoding: bytes.prefix(limit * 4), as: UTF8.self))
    }
}
