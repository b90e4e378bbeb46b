import Rules

/// A silence: while it is in effect, alerts whose labels match all its matchers are not sent.
/// Their transitions are still recorded.
public struct Silence: Sendable, Hashable {
    /// Where a silence is at a given time.
    public enum State: String, Sendable, Hashable {
        /// It starts later.
        case pending
        /// It is in effect.
        case active
        /// It ended, or was expired by hand.
        case expired
    }

    /// A short random id, which `deskwatch silence expire` takes.
    public var id: String
    /// Every one of them must match an alert's labels.
    public var matchers: [LabelMatcher]
    /// When it takes effect (Unix seconds).
    public var startsAt: Int
    /// When it ends (Unix seconds, exclusive).
    public var endsAt: Int
    /// Who created it.
    public var createdBy: String
    /// Why.
    public var comment: String
    /// When it was created.
    public var createdAt: Int
    /// When it was expired by hand, if it was.
    public var expiredAt: Int?

    /// Creates a silence.
    public init(
        id: String, matchers: [LabelMatcher], startsAt: Int, endsAt: Int, createdBy: String, comment: String, createdAt: Int,
        expiredAt: Int? = nil
    ) {
        self.id = id
        self.matchers = matchers
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.createdBy = createdBy
        self.comment = comment
        self.createdAt = createdAt
        self.expiredAt = expiredAt
    }

    /// When it stops being in effect: its end, or the time it was expired when that is earlier.
    public var effectiveEnd: Int { expiredAt.map { min($0, endsAt) } ?? endsAt }

    /// Pending before its start, active from its start until its effective end, expired after.
    public func state(at now: Int) -> State {
        if now >= effectiveEnd { return .expired }
        return now < startsAt ? .pending : .active
    }

    /// Whether it silences an alert with these labels at `now`: it is active and every matcher
    /// matches.
    public func matches(labels: [String: String], at now: Int) -> Bool {
        state(at: now) == .active && matchers.matches(labels)
    }
}

/// A silence that could not be added or expired, in words for the person who asked.
public struct SilenceError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: Sendable, Equatable {
        /// No silence has this id.
        case unknown
        /// The silence already ended or was expired.
        case alreadyExpired
        /// The silence as given cannot be added (no matcher, an end before its start, …).
        case invalid
    }

    public var code: Code
    public var message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
