/// Minute buckets: bucket `k` holds the sessions with a timestamp in `(60(k-1), 60k]`, so a window
/// `(T − delay − window, T − delay]` with `T − delay` on a whole minute is exactly a run of
/// buckets. An end that is not on a whole minute is rounded down to the minute.
enum BucketTime {
    static let width = 60

    /// The bucket holding a session that ended at `timestamp`.
    @inline(__always)
    static func bucket(of timestamp: Int) -> Int {
        Schedule.floorDivide(timestamp + width - 1, width)
    }

    /// The last bucket inside a window that ends at `end`.
    @inline(__always)
    static func lastBucket(endingAt end: Int) -> Int {
        Schedule.floorDivide(end, width)
    }
}
