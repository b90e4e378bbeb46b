import DeskAPI

/// How one source is doing: what the status page and the metrics show about ingestion.
public struct SourceHealth: Sendable, Equatable {
    /// The last failure of a poll.
    public struct Failure: Sendable, Equatable {
        /// When it happened (Unix seconds).
        public var time: Int
        /// `transient`, `rate_limited`, `signature_renewal`, `configuration`, `rejected`, or `store`.
        public var kind: String
        /// What went wrong, in words (never a secret).
        public var message: String
    }

    public var source: String
    /// When the last poll completed (Unix seconds).
    public var lastSuccessfulPoll: Int?
    /// The last poll failure; cleared by a successful poll.
    public var lastError: Failure?
    /// The newest `Timestamp` stored for the source.
    public var newestRecord: Int?
    /// API calls by result: `ok`, an error code, `http_NNN`, `invalid_response`, `transport_KIND`.
    public var apiCalls: [String: Int] = [:]
    public var pages = 0
    public var inserted = 0
    public var updated = 0
    public var retries = 0
    /// Elements of API answers that could not be read as records and were left out.
    public var invalidRecords = 0
    /// Records left out because their `Timestamp` lies far outside the range asked for.
    public var implausibleRecords = 0
    /// Slices that kept changing while they were read; the cursor stayed before them.
    public var incompleteSlices = 0
    public var polls = 0
    public var failedPolls = 0

    public init(source: String) { self.source = source }

    /// Seconds between `now` and the newest record stored, or `nil` before the first record.
    public func lag(now: Int) -> Int? { newestRecord.map { max(0, now - $0) } }
}
