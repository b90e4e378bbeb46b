import DeskAPI
import Foundation
import Synchronization

/// The Desk session-record API, simulated: it checks a request the way the real service does and
/// answers from a ``Scenario``'s traffic at the ``SimulatedClock``'s time.
///
/// It is transport-free (``handle(path:query:body:)`` takes the parts of an HTTP request and
/// returns the reply); ``SimulatorServer`` puts it on a loopback port.
public final class DeskSimulator: Sendable {
    /// A failure to produce instead of the normal answer, for tests.
    public enum Fault: Sendable, Equatable {
        /// `ActionStatus` FAIL with this code.
        case apiError(Int)
        /// This HTTP status with a plain-text body.
        case httpStatus(Int)
        /// Answer normally, after this delay.
        case slow(Duration)
        /// Answer with the first half of the normal body.
        case truncated
        /// Answer HTTP 200 with a body that is not JSON.
        case garbage
    }

    /// What the HTTP layer should send.
    public struct Reply: Sendable {
        public var status: Int
        public var contentType: String
        public var body: [UInt8]
        public var delay: Duration
    }

    public let scenario: Scenario
    public let clock: SimulatedClock
    public let generator: TrafficGenerator
    private let issuer: UserSigIssuer
    private let wallClock: @Sendable () -> Int
    private let state: Mutex<State>

    private struct State {
        var manual: [String: SimulatedSession] = [:]
        var version = 0
        var queuedFaults: [Fault] = []
        var requests = 0
        var recentRequests: [ContinuousClock.Instant] = []
        var buckets: [Int: [SimulatedSession]] = [:]
        var cachedQuery: CachedQuery?
        var hook: (@Sendable (Int, CDRListQuery) -> Void)?
    }

    private struct CachedQuery {
        var start: Int
        var end: Int
        var clientUserID: String?
        var version: Int
        var validFrom: Int
        var validUntil: Int
        var records: [SessionRecord]
    }

    /// - Parameters:
    ///   - secretKey: overrides the scenario's key (from `--key-file`).
    ///   - clock: the simulated clock; by default one that runs from the scenario's start.
    ///   - wallClock: real Unix time, for UserSig expiry (UserSigs live in real time).
    public init(
        scenario: Scenario, secretKey: String? = nil, clock: SimulatedClock? = nil,
        wallClock: @escaping @Sendable () -> Int = { Int(Date().timeIntervalSince1970) }
    ) {
        self.scenario = scenario
        self.wallClock = wallClock
        let realNow = wallClock()
        let clock = clock ?? SimulatedClock(start: scenario.clock.start.resolve(start: realNow), speed: scenario.clock.speed)
        self.clock = clock
        generator = TrafficGenerator(scenario: scenario, start: clock.now)
        issuer = UserSigIssuer(sdkAppID: scenario.application.sdkAppID, secretKey: secretKey ?? scenario.application.secretKey)
        var manual: [String: SimulatedSession] = [:]
        for fixed in scenario.records {
            let visibleAt = fixed.visibleAt?.resolve(start: clock.now) ?? fixed.record.timestamp
            manual[fixed.record.sessionID] = SimulatedSession(record: fixed.record, visibleAt: visibleAt)
        }
        state = Mutex(State(manual: manual))
    }

    // MARK: Test controls

    /// Adds or replaces sessions (by `SessionId`), in addition to the generated traffic.
    public func add(_ sessions: [SimulatedSession]) {
        state.withLock { state in
            for session in sessions { state.manual[session.record.sessionID] = session }
            state.version += 1
        }
    }

    /// Makes the next requests fail as given, in order, before any random fault.
    public func enqueueFaults(_ faults: [Fault]) {
        state.withLock { $0.queuedFaults.append(contentsOf: faults) }
    }

    /// Calls `hook` with the request number (1, 2, ...) and the query before each valid request
    /// is answered.
    public func setRequestHook(_ hook: (@Sendable (Int, CDRListQuery) -> Void)?) {
        state.withLock { $0.hook = hook }
    }

    /// Requests received so far.
    public var requestCount: Int { state.withLock { $0.requests } }

    /// Every record the API shows for `start...end` at `now` (default: the clock's now), in the
    /// order the API pages them.
    public func visibleRecords(start: Int, end: Int, at now: Int? = nil, clientUserID: String? = nil) -> [SessionRecord] {
        records(start: start, end: end, now: now ?? clock.now, clientUserID: clientUserID)
    }

    // MARK: Requests

    /// Answers one HTTP request.
    public func handle(method: String, path: String, query: [String: String], body: [UInt8]) async -> Reply {
        let number = state.withLock { state -> Int in
            state.requests += 1
            return state.requests
        }
        guard path == DeskSource.path else {
            return Reply(status: 404, contentType: "text/plain", body: Array("404 page not found\n".utf8), delay: .zero)
        }
        guard method == "POST" else {
            return Reply(status: 405, contentType: "text/plain", body: Array("method not allowed\n".utf8), delay: .zero)
        }
        if let failure = authenticate(query) { return failure }
        let request: CDRListQuery
        switch parse(body) {
        case .accepted(let parsed): request = parsed
        case .refused(let reply): return reply
        }

        var fault = state.withLock { $0.queuedFaults.isEmpty ? nil : $0.queuedFaults.removeFirst() }
        if fault == nil { fault = randomFault(request: number) }
        if fault == nil, isRateLimited() { fault = .apiError(141009) }
        let hook = state.withLock { $0.hook }
        hook?(number, request)

        switch fault {
        case .apiError(let code):
            return failure(code, DeskErrorCodes.meaning(of: code) ?? "error")
        case .httpStatus(let status):
            return Reply(status: status, contentType: "text/plain", body: Array("upstream error \(status)\n".utf8), delay: .zero)
        case .garbage:
            return Reply(status: 200, contentType: "text/html", body: Array("<html><body>502 Bad Gateway</body></html>".utf8), delay: .zero)
        case .slow, .truncated, nil:
            break
        }
        let visible = records(start: request.startTimestamp, end: request.endTimestamp, now: clock.now, clientUserID: request.clientUserID)
        let page = CDRListPage(totalCount: visible.count, records: Array(visible.dropFirst(request.offset).prefix(request.limit)))
        var reply = Reply(status: 200, contentType: "application/json", body: Self.encode(page), delay: .zero)
        if case .slow(let delay) = fault { reply.delay = delay }
        if case .truncated = fault { reply.body = Array(reply.body.prefix(reply.body.count / 2)) }
        return reply
    }

    private func authenticate(_ query: [String: String]) -> Reply? {
        for name in ["sdkappid", "identifier", "usersig", "random", "contenttype"] where query[name]?.isEmpty ?? true {
            return failure(60002, "missing query parameter \(name)")
        }
        guard query["contenttype"] == "json" else { return failure(60002, "contenttype must be json") }
        guard let random = query["random"].flatMap(UInt64.init), random <= UInt64(UInt32.max) else {
            return failure(60002, "random must be an unsigned 32-bit integer")
        }
        guard let appID = query["sdkappid"].flatMap(Int.init) else { return failure(60006, "sdkappid is not a number") }
        guard appID == scenario.application.sdkAppID else { return failure(70016, "no key for sdkappid \(appID)") }
        let identifier = query["identifier"] ?? ""
        switch issuer.verify(query["usersig"] ?? "", identifier: identifier, now: wallClock()) {
        case .success:
            break
        case .failure(let reason):
            switch reason {
            case .expired: return failure(70001, "UserSig expired")
            case .undecodable: return failure(70003, "UserSig cannot be parsed")
            case .signatureMismatch: return failure(70009, "UserSig verification failed")
            case .identifierMismatch: return failure(70013, "identifier does not match the UserSig")
            case .appIDMismatch: return failure(70014, "sdkappid does not match the UserSig")
            case .userbufMismatch: return failure(70009, "UserSig verification failed")
            }
        }
        guard scenario.application.identifiers.contains(identifier) else {
            return failure(60010, "identifier \(identifier) is not an App administrator")
        }
        return nil
    }

    private enum ParsedBody {
        case accepted(CDRListQuery)
        case refused(Reply)
    }

    private func parse(_ body: [UInt8]) -> ParsedBody {
        guard (try? JSONSerialization.jsonObject(with: Data(body))) is [String: Any] else {
            return .refused(failure(60003, "request body is not a JSON object"))
        }
        struct Body: Decodable {
            var StartTimestamp: Int?
            var EndTimestamp: Int?
            var Limit: Int?
            var Offset: Int?
            var ClientUserId: String?
        }
        guard let fields = try? JSONDecoder().decode(Body.self, from: Data(body)) else {
            return .refused(failure(141004, "StartTimestamp, EndTimestamp, Limit and Offset must be integers, ClientUserId a string"))
        }
        let (start, end, limit, offset) = (fields.StartTimestamp, fields.EndTimestamp, fields.Limit, fields.Offset)
        guard let start, let end else { return .refused(failure(141004, "StartTimestamp and EndTimestamp are required")) }
        let query = CDRListQuery(startTimestamp: start, endTimestamp: end, limit: limit ?? 20, offset: offset ?? 0, clientUserID: fields.ClientUserId)
        guard start <= end else { return .refused(failure(141004, "StartTimestamp is after EndTimestamp")) }
        guard (1...CDRListQuery.maxLimit).contains(query.limit) else {
            return .refused(failure(141004, "Limit must be 1 to \(CDRListQuery.maxLimit)"))
        }
        guard query.offset >= 0 else { return .refused(failure(141004, "Offset must not be negative")) }
        if let maxRange = scenario.maxRange, Double(end) - Double(start) > maxRange.seconds {
            return .refused(failure(141004, "time range longer than \(Int(maxRange.seconds)) seconds"))
        }
        return .accepted(query)
    }

    private func failure(_ code: Int, _ info: String) -> Reply {
        Reply(status: 200, contentType: "application/json", body: Self.encode(.failure(code: code, info: info)), delay: .zero)
    }

    private func randomFault(request number: Int) -> Fault? {
        let faults = scenario.faults
        var rng = SplitMix64(seed: scenario.seed, stream: 2, index: UInt64(number))
        let draw = rng.unit()
        var threshold = 0.0
        let table: [(Double, Fault)] = [
            (faults.internalError, .apiError(141002)), (faults.rateLimited, .apiError(141009)), (faults.http500, .httpStatus(500)),
            (faults.slow, .slow(faults.slowDelay)), (faults.truncated, .truncated),
        ]
        for (probability, fault) in table {
            threshold += probability
            if draw < threshold { return fault }
        }
        return nil
    }

    private func isRateLimited() -> Bool {
        guard let limit = scenario.rateLimitPerSecond else { return false }
        let now = ContinuousClock.now
        return state.withLock { state in
            state.recentRequests.removeAll { now - $0 > .seconds(1) }
            guard Double(state.recentRequests.count) < limit else { return true }
            state.recentRequests.append(now)
            return false
        }
    }

    // MARK: The data

    private func records(start: Int, end: Int, now: Int, clientUserID: String?) -> [SessionRecord] {
        let version = state.withLock { $0.version }
        if let cached = state.withLock({ $0.cachedQuery }), cached.start == start, cached.end == end, cached.clientUserID == clientUserID,
            cached.version == version, cached.validFrom <= now, now < cached.validUntil
        {
            return cached.records
        }
        var nextChange = Int.max
        var records: [SessionRecord] = []
        let low = max(start, generator.earliest)
        let high = min(end, now)
        if low <= high {
            for bucket in TrafficGenerator.bucket(of: low)...TrafficGenerator.bucket(of: high) {
                for session in sessions(inBucket: bucket) where (start...end).contains(session.record.timestamp) {
                    if let change = session.nextChange(after: now) { nextChange = min(nextChange, change) }
                    guard let record = session.visibleRecord(at: now) else { continue }
                    if clientUserID == nil || record.clientUserID == clientUserID { records.append(record) }
                }
            }
        }
        if end > now { nextChange = min(nextChange, now + 1) }
        let manual = state.withLock { Array($0.manual.values) }
        if !manual.isEmpty {
            let overridden = Set(manual.map(\.record.sessionID))
            records.removeAll { overridden.contains($0.sessionID) }
            for session in manual where (start...end).contains(session.record.timestamp) {
                if let change = session.nextChange(after: now) { nextChange = min(nextChange, change) }
                guard let record = session.visibleRecord(at: now) else { continue }
                if clientUserID == nil || record.clientUserID == clientUserID { records.append(record) }
            }
        }
        records.sort { ($0.timestamp, $0.sessionID) < ($1.timestamp, $1.sessionID) }
        let entry = CachedQuery(
            start: start, end: end, clientUserID: clientUserID, version: version, validFrom: now, validUntil: nextChange, records: records)
        state.withLock { $0.cachedQuery = entry }
        return records
    }

    private func sessions(inBucket bucket: Int) -> [SimulatedSession] {
        if let cached = state.withLock({ $0.buckets[bucket] }) { return cached }
        let generated = generator.sessions(inBucket: bucket)
        state.withLock { state in
            if state.buckets.count > Self.cachedBuckets { state.buckets.removeAll(keepingCapacity: true) }
            state.buckets[bucket] = generated
        }
        return generated
    }

    /// Minutes of generated traffic kept between requests (two days).
    static let cachedBuckets = 2880

    private static func encode(_ page: CDRListPage) -> [UInt8] {
        (try? Array(JSONEncoder().encode(page))) ?? Array(#"{"ActionStatus":"FAIL","ErrorCode":141002,"ErrorInfo":"encoding failed"}"#.utf8)
    }
}
