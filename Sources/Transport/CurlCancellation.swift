/// A flag that a cancelled task raises and a running transfer polls from libcurl's progress callback.
final class CurlCancellation: Sendable {
    private let flag = LockedState(false)

    /// Asks the transfer to stop.
    func cancel() {
        flag.withLock { $0 = true }
    }

    /// Whether ``cancel()`` was called.
    var isCancelled: Bool {
        flag.withLock { $0 }
    }
}
