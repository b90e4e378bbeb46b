/// A transfer waiting for, or running in, a ``CurlMultiLoop``, with the continuation of the task awaiting it.
///
/// `@unchecked Sendable` because it moves between threads under a protocol the compiler cannot see: the task
/// sets ``continuation`` before handing the job over under the loop's lock, after which only the loop thread
/// reads it and the ``easy`` handle, until ``finish(_:)`` resumes the task and hands both back. ``cancellation``
/// is itself thread-safe and may be used from anywhere.
final class CurlJob: @unchecked Sendable {
    /// The transfer.
    let easy: CurlEasy
    /// The transfer's cancellation flag.
    let cancellation: CurlCancellation
    /// The handle's address, for matching libcurl's completion messages; immutable, so readable from any thread.
    let handle: UnsafeMutableRawPointer
    /// The awaiting task; resumed exactly once by ``finish(_:)``.
    var continuation: CheckedContinuation<CurlCompletion, Never>?

    init(easy: CurlEasy) {
        self.easy = easy
        self.cancellation = easy.cancellation
        self.handle = easy.handle
    }

    /// Resumes the awaiting task with `completion`; later calls do nothing.
    func finish(_ completion: CurlCompletion) {
        let continuation = self.continuation
        self.continuation = nil
        continuation?.resume(returning: completion)
    }
}
