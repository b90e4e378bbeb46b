/// What a client should do about a failed call, following the vendor's error-code table.
public enum FailureClass: Sendable, Equatable {
    /// A transient failure: back off with jitter and try the same call again.
    case retry
    /// The service is rate limiting: wait at least `minimumWait`, then continue at a slower pace.
    case slowDown(minimumWait: Duration)
    /// The UserSig was refused in a way a fresh one may fix: regenerate it once and retry.
    case renewSignature
    /// The configuration is wrong; nothing changes until an operator fixes `setting`.
    case configuration(setting: String, hint: String)
    /// The request itself was refused as malformed; retrying the same request cannot help.
    case rejected(hint: String)

    /// Whether another attempt may succeed without anyone changing the configuration.
    public var isRetryable: Bool {
        switch self {
        case .retry, .slowDown, .renewSignature: true
        case .configuration, .rejected: false
        }
    }

    /// A short stable name for logs and metrics.
    public var name: String {
        switch self {
        case .retry: "transient"
        case .slowDown: "rate_limited"
        case .renewSignature: "signature_renewal"
        case .configuration: "configuration"
        case .rejected: "rejected"
        }
    }

    /// Classifies an API error code (`ErrorCode` of a response whose `ActionStatus` is FAIL).
    public static func forAPIError(code: Int) -> FailureClass {
        switch code {
        case 141002, 60008:
            return .retry
        case 141009, 60007, 60011, 60018, 60019:
            return .slowDown(minimumWait: .seconds(2))
        case 70050:
            return .slowDown(minimumWait: .seconds(60))
        case 70001, 60004, 60005:
            return .renewSignature
        case 141000:
            return .configuration(setting: "sdkappid", hint: "the application is not a Desk (contact center) application")
        case 60006, 60012:
            return .configuration(setting: "sdkappid", hint: "the SDKAppID is invalid or missing")
        case 60016, 60017:
            return .configuration(setting: "sdkappid", hint: "the application or this request is disabled on the vendor's side")
        case 60020:
            return .configuration(setting: "sdkappid", hint: "the application's plan has expired")
        case 60021:
            return .configuration(setting: "sdkappid", hint: "this host's IP address is not on the application's allow-list")
        case 60010:
            return .configuration(setting: "identifier", hint: "the identifier is not an App administrator account")
        case 70003, 70009:
            return .configuration(setting: "secret_key", hint: "the UserSig does not verify: the secret key is wrong for this application")
        case 70013:
            return .configuration(setting: "identifier", hint: "the UserSig was made for another identifier")
        case 70014:
            return .configuration(setting: "sdkappid", hint: "the UserSig was made for another SDKAppID")
        case 70016, 70020:
            return .configuration(
                setting: "region", hint: "the key or application was not found: the application may live in another region")
        case 60002, 60003, 60009:
            return .rejected(hint: "the API refused the request as malformed")
        case 141004:
            return .rejected(hint: "the API refused a parameter (time range, Limit or Offset)")
        default:
            return .rejected(hint: "an error code deskwatch does not know")
        }
    }

    /// Classifies an HTTP status other than 200.
    public static func forHTTPStatus(_ status: Int) -> FailureClass {
        switch status {
        case 429: .slowDown(minimumWait: .seconds(2))
        case 500...599, 408: .retry
        case 401, 403: .configuration(setting: "sdkappid", hint: "the API refused access (HTTP \(status))")
        case 404: .configuration(setting: "region", hint: "the API path was not found (HTTP 404): check the region or endpoint")
        default: .rejected(hint: "unexpected HTTP status \(status)")
        }
    }
}

/// Names of the API error codes, for messages.
public enum DeskErrorCodes {
    /// A short English meaning of a known code, or `nil`.
    public static func meaning(of code: Int) -> String? {
        switch code {
        case 141000: "not a Desk application"
        case 141002: "internal error"
        case 141004: "invalid parameter"
        case 141009: "rate limited"
        case 60002: "HTTP parse error"
        case 60003: "invalid JSON in request"
        case 60004: "account or signature error"
        case 60005: "signature error"
        case 60006: "SDKAppID invalid"
        case 60007: "call rate exceeded"
        case 60008: "request timed out on the server"
        case 60009: "invalid request"
        case 60010: "identifier is not an App administrator"
        case 60011: "call rate exceeded"
        case 60012: "SDKAppID missing"
        case 60016: "SDKAppID disabled"
        case 60017: "request disabled"
        case 60018, 60019: "call rate exceeded"
        case 60020: "plan expired"
        case 60021: "source IP not allowed"
        case 70001: "UserSig expired"
        case 70003: "UserSig unparsable"
        case 70009: "UserSig verification failed"
        case 70013: "UserSig identifier mismatch"
        case 70014: "UserSig SDKAppID mismatch"
        case 70016: "key not found"
        case 70020: "application not found"
        case 70050: "UserSig verification failed too often; rate limited"
        default: nil
        }
    }
}
