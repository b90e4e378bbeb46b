import Foundation

/// A value guarded by a lock.
///
/// `NSLock` (a pthread mutex) rather than `Synchronization.Mutex`: it needs no minimum OS version on Apple
/// platforms, and ThreadSanitizer understands it, so sanitizer runs stay free of false reports.
final class LockedState<State: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var state: State

    init(_ state: State) {
        self.state = state
    }

    /// Runs `body` with exclusive access to the value.
    func withLock<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&state)
    }
}
