internal import CCurl
import Foundation

/// Runs libcurl transfers for one client: a libcurl multi handle driven by one dedicated thread.
///
/// Why this design:
/// - `curl_easy_perform` and `curl_multi_poll` block. Blocking a thread of Swift's cooperative pool (which has
///   only as many threads as cores) would stall unrelated tasks, so libcurl runs on a thread of its own, and
///   callers await a continuation that the thread resumes.
/// - One thread multiplexes every transfer of the client through the multi handle, so the cost is one thread
///   however many requests are in flight; a thread per `curl_easy_perform` would cost one per concurrent request.
/// - A multi handle keeps one connection cache and one DNS cache for all the easy handles added to it: a
///   keep-alive connection left by one request is reused by the next request to the same host, although each
///   request gets a fresh easy handle. Up to `maxIdleConnections` idle connections are kept.
/// - Cancellation is prompt: the cancelling task raises the transfer's flag (which libcurl's progress callback
///   also polls) and wakes the thread with `curl_multi_wakeup`; the thread then removes the handle from the
///   multi handle at once and resumes the awaiting task with ``CurlCompletion/cancelled``.
///
/// Thread safety: the multi handle, and every easy handle while it is attached, are used only on the loop
/// thread. The one libcurl call made from other threads is `curl_multi_wakeup`, which libcurl allows from any
/// thread; it is made under ``shared``'s lock, under which the loop thread also marks the loop finished and
/// destroys the multi handle, so no wakeup can reach a destroyed handle. Other threads hand over new jobs and
/// cancellation requests through ``shared`` as well.
final class CurlMultiLoop: @unchecked Sendable {
    private struct Shared: Sendable {
        var pending: [CurlJob] = []
        var cancelled: [CurlJob] = []
        var isShuttingDown = false
        var isFinished = false
    }

    private let multi: UnsafeMutableRawPointer?
    private let shared = LockedState(Shared())

    /// Starts the loop thread, named `threadName` (Linux shows at most 15 bytes of it). The thread keeps the loop
    /// alive until ``shutdown()``, which the owner must call when it is done (``CurlHTTPClient`` does in `deinit`).
    init(threadName: String, maxIdleConnections: Int = 16) {
        multi = CurlGlobal.isInitialized ? curl_multi_init() : nil
        guard let multi else {
            shared.withLock {
                $0.isShuttingDown = true
                $0.isFinished = true
            }
            return
        }
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, max(1, maxIdleConnections))
        let thread = Thread { [self] in
            Thread.current.name = threadName
            self.run()
        }
        thread.start()
    }

    /// Runs `easy`'s transfer to completion. Cancelling the calling task stops the transfer promptly and
    /// returns ``CurlCompletion/cancelled``. `easy` must not be used by the caller until this returns.
    func perform(_ easy: CurlEasy) async -> CurlCompletion {
        let job = CurlJob(easy: easy)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<CurlCompletion, Never>) in
                job.continuation = continuation
                enqueue(job)
            }
        } onCancel: {
            job.cancellation.cancel()
            requestCancellation(of: job)
        }
    }

    /// Stops the loop: running and queued transfers end as cancelled, later ones are refused, and the thread
    /// destroys the multi handle (closing the cached connections) and exits.
    func shutdown() {
        shared.withLock { state in
            state.isShuttingDown = true
            wakeUp(state)
        }
    }

    private func enqueue(_ job: CurlJob) {
        let accepted = shared.withLock { state in
            guard !state.isShuttingDown else { return false }
            state.pending.append(job)
            wakeUp(state)
            return true
        }
        if !accepted {
            job.finish(.notStarted("the client has shut down"))
        }
    }

    private func requestCancellation(of job: CurlJob) {
        shared.withLock { state in
            guard !state.isFinished else { return }
            state.cancelled.append(job)
            wakeUp(state)
        }
    }

    /// Interrupts `curl_multi_poll`. Must be called with the lock held, so that it cannot race the destruction
    /// of the multi handle.
    private func wakeUp(_ state: Shared) {
        if !state.isFinished, let multi {
            _ = curl_multi_wakeup(multi)
        }
    }

    // MARK: - Loop thread

    private func run() {
        guard let multi else { return }
        var active: [UnsafeMutableRawPointer: CurlJob] = [:]
        while true {
            let (incoming, cancelled, stopping) = shared.withLock { state in
                defer {
                    state.pending.removeAll()
                    state.cancelled.removeAll()
                }
                return (state.pending, state.cancelled, state.isShuttingDown)
            }
            // New jobs first: a job cancelled before it was added is caught by its flag here.
            for job in incoming {
                if job.cancellation.isCancelled {
                    job.finish(.cancelled)
                    continue
                }
                let code = curl_multi_add_handle(multi, job.handle)
                if code == CURLM_OK {
                    active[job.handle] = job
                } else {
                    job.finish(.notStarted(String(cString: curl_multi_strerror(code))))
                }
            }
            for job in cancelled {
                guard let running = active[job.handle], running === job else { continue }
                active[job.handle] = nil
                _ = curl_multi_remove_handle(multi, job.handle)
                job.finish(.cancelled)
            }
            if stopping {
                for (handle, job) in active {
                    _ = curl_multi_remove_handle(multi, handle)
                    job.finish(.cancelled)
                }
                active.removeAll()
                break
            }

            var running: Int32 = 0
            _ = curl_multi_perform(multi, &running)
            var queued: Int32 = 0
            while let message = curl_multi_info_read(multi, &queued) {
                guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle else { continue }
                let result = ccurl_message_result(message)
                _ = curl_multi_remove_handle(multi, handle)
                active.removeValue(forKey: handle)?.finish(.finished(result))
            }

            // Wait for socket activity, libcurl's next timer, or a wakeup, checking in at least once a second.
            var timeout = -1
            _ = curl_multi_timeout(multi, &timeout)
            let wait = timeout < 0 ? 1000 : min(timeout, 1000)
            if wait > 0 {
                _ = curl_multi_poll(multi, nil, 0, Int32(wait), nil)
            }
        }

        let leftovers = shared.withLock { state in
            state.isFinished = true
            _ = curl_multi_cleanup(multi)
            defer { state.pending.removeAll() }
            return state.pending
        }
        for job in leftovers {
            job.finish(.cancelled)
        }
    }
}
