import Foundation
import ServiceLifecycle
import Synchronization

/// The monitor's time: what "now" is (Unix seconds) and how fast it runs against real time. The
/// daemon runs on the system clock; the demo runs on the simulator's faster clock, so that its
/// poll intervals and alert windows pass in seconds.
public struct MonitorClock: Sendable {
    /// Unix seconds now.
    public var now: @Sendable () -> Int
    /// Clock seconds per real second.
    public var speed: Double

    public init(speed: Double = 1, now: @escaping @Sendable () -> Int) {
        self.now = now
        self.speed = max(speed, 0.000_001)
    }

    /// The system clock.
    public static let system = MonitorClock { Int(Date().timeIntervalSince1970) }

    /// The real time `seconds` of this clock take.
    public func realDuration(_ seconds: Double) -> Duration { .milliseconds(Int64((seconds / speed * 1000).rounded(.up))) }
}

/// A wake-up call between services: one side signals (new sessions were stored, new messages are
/// in the outbox), the other waits for the signal or a timeout, whichever comes first, and stops
/// waiting when the service group shuts down.
public final class Wakeup: Sendable {
    private let pending = Atomic<Bool>(false)

    public init() {}

    /// Wakes the waiter (or the next wait, if nobody waits now).
    public func signal() { pending.store(true, ordering: .releasing) }

    /// Sleeps `duration` (real time), or less when a graceful shutdown begins or the task is
    /// cancelled.
    public static func pause(_ duration: Duration) async {
        await Wakeup().wait(upTo: duration)
    }

    /// Waits until signalled, `timeout` (real time) has passed, or a graceful shutdown began.
    /// Returns whether the signal came.
    @discardableResult
    public func wait(upTo timeout: Duration) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            if pending.exchange(false, ordering: .acquiring) { return true }
            if Task.isCancelled || Task.isShuttingDownGracefully || clock.now >= deadline { return false }
            let step = min(.milliseconds(50), deadline - clock.now)
            try? await Task.sleep(for: step)
        }
    }
}
