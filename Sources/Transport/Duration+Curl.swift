extension Duration {
    /// This duration in whole milliseconds for libcurl's `_MS` options: rounded up, at least 1 ms (libcurl reads
    /// `0` as "no timeout at all") and at most `Int32.max` ms (about 24 days).
    var curlMilliseconds: Int {
        guard self > .zero else { return 1 }
        let (seconds, attoseconds) = components
        let maximum = Int(Int32.max)
        guard seconds < Int64(maximum / 1000) else { return maximum }
        let attosecondsPerMillisecond: Int64 = 1_000_000_000_000_000
        let fraction = (attoseconds + attosecondsPerMillisecond - 1) / attosecondsPerMillisecond
        return max(1, Int(seconds * 1000 + fraction))
    }
}
