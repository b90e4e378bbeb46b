/// Per-minute counts of one group over a fixed span (a ring of buckets): sessions in the rule's
/// `where` and, among them, sessions matching `of`. Memory is fixed by the span, not by traffic.
///
/// Sums over a window are kept up to date as records arrive and as the window slides, so an
/// evaluation costs the minutes that entered and left the window, not the window's length.
struct CountSeries: Sendable {
    /// A running sum over `first...last`.
    struct Running: Sendable {
        var first = 0
        var last = -1
        var total = 0
        var matches = 0
        var isValid = false
    }

    private var stamps: [Int]
    private var totals: [Int32]
    private var matches: [Int32]
    /// Running sum for the current window.
    private var current = Running()
    /// Running sum for the reference window.
    private var reference = Running()

    init(length: Int) {
        stamps = Array(repeating: Int.min, count: length)
        totals = Array(repeating: 0, count: length)
        matches = Array(repeating: 0, count: length)
    }

    var length: Int { stamps.count }

    /// Adds `total` sessions and `match` matches (negative to take a corrected record out) to
    /// `bucket`; returns false when the bucket is older than the span.
    @discardableResult
    mutating func add(bucket: Int, total: Int32, match: Int32) -> Bool {
        let slot = Self.slot(bucket, length)
        let stamp = stamps[slot]
        if stamp != bucket {
            if stamp > bucket { return false }
            if stamp != Int.min {
                if current.isValid, stamp >= current.first, stamp <= current.last { current.isValid = false }
                if reference.isValid, stamp >= reference.first, stamp <= reference.last { reference.isValid = false }
            }
            stamps[slot] = bucket
            totals[slot] = 0
            matches[slot] = 0
        }
        totals[slot] &+= total
        matches[slot] &+= match
        if current.isValid, bucket >= current.first, bucket <= current.last {
            current.total += Int(total)
            current.matches += Int(match)
        }
        if reference.isValid, bucket >= reference.first, bucket <= reference.last {
            reference.total += Int(total)
            reference.matches += Int(match)
        }
        return true
    }

    /// Sums over buckets `first...last` (only those still in the span), keeping a running sum in
    /// `cache` (0 or 1) so the next call for a slid window only touches the minutes that changed.
    mutating func sum(from first: Int, through last: Int, cache: Int) -> (total: Int, matches: Int) {
        var run = cache == 0 ? current : reference
        if run.isValid, first >= run.first, last >= run.last, first <= run.last + 1, last - run.last < length {
            if run.first < first {
                let leaving = raw(from: run.first, through: first - 1)
                run.total -= leaving.total
                run.matches -= leaving.matches
            }
            if run.last < last {
                let entering = raw(from: run.last + 1, through: last)
                run.total += entering.total
                run.matches += entering.matches
            }
        } else {
            let sums = raw(from: first, through: last)
            run.total = sums.total
            run.matches = sums.matches
        }
        run.first = first
        run.last = last
        run.isValid = true
        if cache == 0 { current = run } else { reference = run }
        return (run.total, run.matches)
    }

    /// Sums over buckets `first...last` without the running sums.
    func raw(from first: Int, through last: Int) -> (total: Int, matches: Int) {
        guard last >= first else { return (0, 0) }
        var total = 0
        var matched = 0
        let start = max(first, last - length + 1)
        var slot = Self.slot(start, length)
        for bucket in start...last {
            if stamps[slot] == bucket {
                total += Int(totals[slot])
                matched += Int(matches[slot])
            }
            slot += 1
            if slot == length { slot = 0 }
        }
        return (total, matched)
    }

    @inline(__always)
    static func slot(_ bucket: Int, _ length: Int) -> Int {
        let remainder = bucket % length
        return remainder < 0 ? remainder + length : remainder
    }
}
