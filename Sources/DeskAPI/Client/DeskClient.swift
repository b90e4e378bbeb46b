import Foundation
import Logging
import Synchronization
import Transport

/// The client of the session-record API for one source.
///
/// It signs each request with a cached UserSig (renewed before it expires, and once when the API
/// says it expired), puts a fresh `random` in every URL, keeps to the source's pace, retries
/// transient failures with back-off and jitter, slows down on rate limits, and stops with a
/// ``DeskAPIError`` that names the setting to fix on configuration errors.
public final class DeskClient: Sendable {
    public let source: DeskSource
    private let http: any HTTPClient
    private let retryPolicy: RetryPolicy
    private let logger: Logger
    private let wallClock: @Sendable () -> Int
    private let sleep: @Sendable (Duration) async throws -> Void
    private let observe: @Sendable (DeskClientEvent) -> Void
    private let issuer: UserSigIssuer
    private let state: Mutex<State>

    private struct State {
        var pace: PaceSchedule
        var userSig: (value: String, renewAt: Int)?
        var random = SystemRandomNumberGenerator()
    }

    /// - Parameters:
    ///   - wallClock: Unix seconds now; used for UserSig times.
    ///   - sleep: how to wait (back-off and pace); tests may pass a faster one.
    ///   - observe: receives every ``DeskClientEvent``; must return quickly.
    public init(
        source: DeskSource,
        http: any HTTPClient,
        retryPolicy: RetryPolicy = RetryPolicy(),
        logger: Logger = Logger(label: "deskwatch.desk"),
        wallClock: @escaping @Sendable () -> Int = { Int(Date().timeIntervalSince1970) },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        observe: @escaping @Sendable (DeskClientEvent) -> Void = { _ in }
    ) {
        self.source = source
        self.http = http
        self.retryPolicy = retryPolicy
        var logger = logger
        logger[metadataKey: "desk.source"] = .string(source.name)
        self.logger = logger
        self.wallClock = wallClock
        self.sleep = sleep
        self.observe = observe
        self.issuer = UserSigIssuer(sdkAppID: source.sdkAppID, secretKey: source.secretKey.reveal())
        self.state = Mutex(State(pace: PaceSchedule(rate: source.pace)))
    }

    /// The pace in force now, requests per second (lower than configured after rate limiting).
    public var currentPace: Double { state.withLock { $0.pace.rate } }

    /// Fetches one page, retrying as the failure class says.
    public func fetchPage(_ query: CDRListQuery) async throws -> CDRListPage {
        let body = try JSONEncoder().encode(query)
        var attempt = 0
        var renewed = false
        while true {
            try Task.checkCancellation()
            try await waitForSlot()
            attempt += 1
            let url = makeURL()
            let started = ContinuousClock.now
            let failure: DeskAPIError.Failure
            switch await call(url: url, body: body) {
            case .success(let page):
                if !page.invalidRecords.isEmpty {
                    observe(.invalidRecords(page.invalidRecords.count))
                    logger.warning(
                        "records left out because they cannot be read",
                        metadata: ["desk.count": "\(page.invalidRecords.count)", "desk.first": "\(page.invalidRecords[0])"])
                }
                observe(.call(result: "ok", duration: .now - started))
                observe(.page(records: page.records.count))
                state.withLock { $0.pace.recordSuccess() }
                return page
            case .failure(let reason):
                failure = reason
            }
            observe(.call(result: failure.resultLabel, duration: .now - started))
            if case .transport(let error) = failure, error.kind == .cancelled { throw CancellationError() }

            var failureClass = classify(failure)
            if case .configuration("region", let hint) = failureClass {
                failureClass = .configuration(setting: source.locationSetting, hint: hint)
            }
            let error = DeskAPIError(
                source: source.name, failure: failure, failureClass: failureClass,
                url: URLRedaction.redact(url), attempts: attempt, afterSignatureRenewal: renewed)
            switch failureClass {
            case .configuration, .rejected:
                throw error
            case .renewSignature:
                if renewed { throw error }
                renewed = true
                renewUserSig()
                observe(.signatureRenewed)
                logger.notice("UserSig refused; signed a new one", metadata: ["desk.code": "\(error.resultLabel)"])
            case .retry, .slowDown:
                guard attempt < retryPolicy.maxAttempts else { throw error }
                var delay = state.withLock { retryPolicy.backoff(forRetry: attempt, using: &$0.random) }
                if case .slowDown(let minimumWait) = failureClass {
                    delay = max(delay, minimumWait)
                    state.withLock { $0.pace.slowDown(now: .now, minimumWait: minimumWait) }
                }
                observe(.retry(failureClass: failureClass, attempt: attempt, delay: delay))
                logger.warning(
                    "API call failed; retrying",
                    metadata: [
                        "desk.failure": "\(failure)", "desk.class": "\(failureClass.name)",
                        "retry.attempt": "\(attempt)", "retry.delay": "\(delay)",
                    ])
                try await sleep(delay)
            }
        }
    }

    /// Whether to treat a failure as a rate limit, a transient error, and so on.
    private func classify(_ failure: DeskAPIError.Failure) -> FailureClass {
        switch failure {
        case .api(let code, _): FailureClass.forAPIError(code: code)
        case .http(let status, _): FailureClass.forHTTPStatus(status)
        case .invalidResponse: .retry
        case .transport(let error):
            switch error.kind {
            case .tls:
                .configuration(setting: "ca_file", hint: "the TLS connection failed: \(error.message)")
            case .invalidRequest:
                .configuration(setting: "endpoint", hint: "the request URL is not valid")
            default:
                error.isTransient ? .retry : .rejected(hint: error.message)
            }
        }
    }

    private func waitForSlot() async throws {
        let wait = state.withLock { $0.pace.reserve(now: .now) }
        if wait > .zero { try await sleep(wait) }
    }

    private func call(url: String, body: Data) async -> Result<CDRListPage, DeskAPIError.Failure> {
        let request = HTTPRequest(
            method: "POST", url: url, headers: [HTTPHeader(name: "Content-Type", value: "application/json")], body: body)
        let response: HTTPResponse
        do {
            response = try await http.send(request)
        } catch let error as TransportError {
            return .failure(.transport(error))
        } catch is CancellationError {
            return .failure(.transport(TransportError(kind: .cancelled, message: "cancelled", url: url)))
        } catch {
            return .failure(.transport(TransportError(kind: .other, message: "\(error)", url: url)))
        }
        guard response.status == 200 else {
            return .failure(.http(status: response.status, excerpt: Excerpt.make(response.body)))
        }
        let page: CDRListPage
        do {
            page = try JSONDecoder().decode(CDRListPage.self, from: response.body)
        } catch {
            return .failure(.invalidResponse(reason: DecodingProblem.describe(error), excerpt: Excerpt.make(response.body)))
        }
        guard page.isSuccess else { return .failure(.api(code: page.errorCode, info: page.errorInfo)) }
        return .success(page)
    }

    /// The request URL with a valid UserSig and a fresh random.
    private func makeURL() -> String {
        let now = wallClock()
        let (userSig, random) = state.withLock { state -> (String, UInt32) in
            if let cached = state.userSig, now < cached.renewAt {
                return (cached.value, UInt32.random(in: .min ... .max, using: &state.random))
            }
            let signed = issuer.sign(identifier: source.identifier, expire: source.userSigLifetime, time: now)
            state.userSig = (signed, now + max(1, source.userSigLifetime - renewalMargin))
            return (signed, UInt32.random(in: .min ... .max, using: &state.random))
        }
        return source.baseURL + DeskSource.path + "?sdkappid=\(source.sdkAppID)"
            + "&identifier=\(Self.percentEncode(source.identifier))"
            + "&usersig=\(Self.percentEncode(userSig))"
            + "&random=\(random)&contenttype=json"
    }

    /// Renew the UserSig this long before it expires.
    private var renewalMargin: Int { min(3600, max(10, source.userSigLifetime / 10)) }

    private func renewUserSig() {
        state.withLock { $0.userSig = nil }
    }

    static func percentEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~*")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// Turns a decoding error into one line that says what was wrong and where.
enum DecodingProblem {
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "not valid JSON" }
        switch error {
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "\(path(context.codingPath)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "not a valid response"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop { $0 == "." }.description
    }
}
