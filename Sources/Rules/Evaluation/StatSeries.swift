/// Per-minute histograms of one numeric field for one group over a fixed span, each only as
/// large as the bins its values fill (``MinuteHistogram``). Like ``CountSeries``, it keeps running
/// histograms of the current and the reference window.
struct StatSeries: Sendable {
    struct Running: Sendable {
        var first = 0
        var last = -1
        var histogram = ValueHistogram()
        var isValid = false
    }

    private var stamps: [Int]
    private var histograms: [MinuteHistogram]
    private var current = Running()
    private var reference = Running()

    init(length: Int) {
        stamps = Array(repeating: Int.min, count: length)
        histograms = Array(repeating: MinuteHistogram(), count: length)
    }

    var length: Int { stamps.count }

    @discardableResult
    mutating func add(bucket: Int, value: Int, times: Int32) -> Bool {
        let slot = CountSeries.slot(bucket, length)
        let stamp = stamps[slot]
        if stamp != bucket {
            if stamp > bucket { return false }
            if stamp != Int.min {
                if current.isValid, stamp >= current.first, stamp <= current.last { current.isValid = false }
                if reference.isValid, stamp >= reference.first, stamp <= reference.last { reference.isValid = false }
            }
            stamps[slot] = bucket
            histograms[slot].removeAll()
        }
        histograms[slot].add(value, times: times)
        if current.isValid, bucket >= current.first, bucket <= current.last { current.histogram.add(value, times: times) }
        if reference.isValid, bucket >= reference.first, bucket <= reference.last { reference.histogram.add(value, times: times) }
        return true
    }

    /// The values in buckets `first...last`, kept as a running histogram in `cache` (0 or 1).
    mutating func histogram(from first: Int, through last: Int, cache: Int) -> ValueHistogram {
        var run: Running
        if cache == 0 {
            run = current
            current = Running()
        } else {
            run = reference
            reference = Running()
        }
        if run.isValid, first >= run.first, last >= run.last, first <= run.last + 1, last - run.last < length {
            if run.first < first { apply(from: run.first, through: first - 1, to: &run.histogram, sign: -1) }
            if run.last < last { apply(from: run.last + 1, through: last, to: &run.histogram, sign: 1) }
        } else {
            run.histogram.removeAll()
            apply(from: first, through: last, to: &run.histogram, sign: 1)
        }
        run.first = first
        run.last = last
        run.isValid = true
        if cache == 0 { current = run } else { reference = run }
        return run.histogram
    }

    private func apply(from first: Int, through last: Int, to result: inout ValueHistogram, sign: Int32) {
        guard last >= first else { return }
        let start = max(first, last - length + 1)
        var slot = CountSeries.slot(start, length)
        for bucket in start...last {
            if stamps[slot] == bucket { result.merge(histograms[slot], sign: sign) }
            slot += 1
            if slot == length { slot = 0 }
        }
    }
}
