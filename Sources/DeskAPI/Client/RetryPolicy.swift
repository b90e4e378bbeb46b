import Foundation

/// Exponential back-off with jitter for transient failures.
///
/// The n-th retry waits a random time between half and all of
/// `min(maximumBackoff, initialBackoff × multiplier^(n-1))` ("equal jitter"), so that many
/// clients that failed together do not retry together, while the wait still grows.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts per call, the first one included.
    public var maxAttempts: Int
    public var initialBackoff: Duration
    public var maximumBackoff: Duration
    public var multiplier: Double

    public init(maxAttempts: Int = 6, initialBackoff: Duration = .milliseconds(500), maximumBackoff: Duration = .seconds(30), multiplier: Double = 2)
    {
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
        self.multiplier = max(1, multiplier)
    }

    /// The wait before retry number `retry` (1 for the first retry).
    public func backoff(forRetry retry: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let ceiling = ceilingBackoff(forRetry: retry)
        let seconds = ceiling.seconds
        return .seconds(seconds / 2 + Double.random(in: 0...(seconds / 2), using: &generator))
    }

    /// The largest wait retry number `retry` can get.
    public func ceilingBackoff(forRetry retry: Int) -> Duration {
        let exponent = Double(max(0, retry - 1))
        let grown = initialBackoff.seconds * pow(multiplier, exponent)
        return .seconds(min(maximumBackoff.seconds, grown))
    }
}

extension Duration {
    /// The duration in seconds as a floating-point number.
    public var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
