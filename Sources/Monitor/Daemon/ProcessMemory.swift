internal import CMalloc

/// How the monitor's process uses malloc. A monitor runs for months; what it holds in memory
/// should be what its rule windows and caches need, not what a warm-up or a back-fill once
/// allocated.
public enum ProcessMemory {
    /// glibc's malloc gives each thread that contends for it an arena of its own, up to eight
    /// per core, and memory freed in one arena serves only allocations made in it. A monitor with
    /// a handful of mostly idle threads needs two: that keeps about 2 MB less resident in the
    /// daemon benchmark. Call it before the service starts its threads.
    public static func limitArenas() {
        _ = cmalloc_limit_arenas(2)
    }

    /// How often the running monitor gives free pages back. Each poll and evaluation allocates
    /// and frees a little, between blocks that live on (rule windows, caches); the pages left free
    /// in between add up to several megabytes within minutes (2.4 MB of 16 MB anonymous memory
    /// after 90 seconds in the daemon benchmark).
    static let trimEvery = Duration.seconds(60)

    /// Hands the pages malloc holds free back to the system: after work that allocated far more
    /// than the monitor keeps (warming the rule windows from the store, a large write), and every
    /// ``trimEvery``. It takes well under a millisecond.
    static func giveBackFreePages() {
        _ = cmalloc_trim()
    }
}
