/// The request pace of one source: at most `rate` requests per second, slower after the API
/// says it is rate limiting, and back to the configured pace step by step after that.
///
/// A value type that takes `now` and returns how long to wait, so the pacing can be tested
/// without sleeping; ``DeskClient`` holds one and sleeps as told.
public struct PaceSchedule: Sendable {
    /// The configured pace, requests per second.
    public let configuredRate: Double
    /// The pace in force now.
    public private(set) var rate: Double
    private var nextSlot: ContinuousClock.Instant?
    private var successesSinceSlowdown = 0

    /// The slowest the schedule goes after repeated rate-limit errors.
    public static let minimumRate = 0.05
    /// Successes needed before the pace goes up one step after a slow-down.
    public static let recoveryStep = 20

    public init(rate: Double) {
        configuredRate = max(Self.minimumRate, rate)
        self.rate = configuredRate
    }

    /// Reserves the next request slot and returns how long to wait for it (zero when it is now).
    public mutating func reserve(now: ContinuousClock.Instant) -> Duration {
        let slot = max(now, nextSlot ?? now)
        nextSlot = slot.advanced(by: .seconds(1 / rate))
        return slot - now
    }

    /// The API said "too many requests": halve the pace and make no request before `minimumWait`.
    public mutating func slowDown(now: ContinuousClock.Instant, minimumWait: Duration) {
        rate = max(Self.minimumRate, rate / 2)
        successesSinceSlowdown = 0
        let earliest = now.advanced(by: minimumWait)
        nextSlot = max(earliest, nextSlot ?? earliest)
    }

    /// A call succeeded: after enough of them, raise the pace a step towards the configured one.
    public mutating func recordSuccess() {
        guard rate < configuredRate else { return }
        successesSinceSlowdown += 1
        if successesSinceSlowdown >= Self.recoveryStep {
            successesSinceSlowdown = 0
            rate = min(configuredRate, rate * 1.5)
        }
    }
}
