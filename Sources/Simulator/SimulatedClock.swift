import DeskAPI
import Foundation
import Synchronization

/// The simulator's notion of "now": simulated time that runs at `speed` times real time from a
/// start, or stands still at a set time (tests move it by hand).
public final class SimulatedClock: Sendable {
    private struct State {
        var anchorSimulated: Double
        var anchorReal: ContinuousClock.Instant
        var speed: Double
        var frozen: Bool
    }

    private let state: Mutex<State>

    /// A clock that runs from `start` (Unix seconds) at `speed`.
    public init(start: Int, speed: Double = 1) {
        state = Mutex(State(anchorSimulated: Double(start), anchorReal: .now, speed: speed, frozen: false))
    }

    /// A clock that stands at `time` until moved.
    public init(fixedAt time: Int) {
        state = Mutex(State(anchorSimulated: Double(time), anchorReal: .now, speed: 0, frozen: true))
    }

    /// Simulated Unix seconds now.
    public var now: Int { Int(nowPrecise.rounded(.down)) }

    /// Simulated Unix time now with fractions.
    public var nowPrecise: Double {
        state.withLock { state in
            guard !state.frozen else { return state.anchorSimulated }
            return state.anchorSimulated + (ContinuousClock.now - state.anchorReal).seconds * state.speed
        }
    }

    /// Simulated seconds per real second.
    public var speed: Double { state.withLock { $0.frozen ? 0 : $0.speed } }

    /// Sets the simulated time (keeps running at the same speed if it was running).
    public func set(_ time: Int) {
        state.withLock { state in
            state.anchorSimulated = Double(time)
            state.anchorReal = .now
        }
    }

    /// Moves the simulated time forward.
    public func advance(by seconds: Int) {
        let current = nowPrecise
        state.withLock { state in
            state.anchorSimulated = current + Double(seconds)
            state.anchorReal = .now
        }
    }
}
