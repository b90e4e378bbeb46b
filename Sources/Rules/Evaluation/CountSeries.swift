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

    /// One minute of the ring.
    struct Slot: Sendable {
        var stamp = Int.min
        var total: Int32 = 0
        var matches: Int32 = 0
    }

    private var slots: [Slot]
    /// The bucket last added to and its slot, so that records arriving in time order find their
    /// slot without a division.
    private var lastBucket = Int.min
    private var lastSlot = 0
    /// Running sum for the current window.
    private var current = Running()
    /// Running sum for the reference window.
    private var reference = Running()

    init(length: Int) {
        slots = Array(repeating: Slot(), count: length)
    }

    var length: Int { slots.count }

    /// The slot of `bucket`, from the last one added to when it is the same or the next minute.
    @inline(__always)
    private mutating func slot(of bucket: Int) -> Int {
        if bucket == lastBucket { return lastSlot }
        var slot: Int
        if bucket == lastBucket &+ 1 {
            slot = lastSlot + 1
            if slot == slots.count { slot = 0 }
        } else {
            slot = Self.slot(bucket, slots.count)
        }
        lastBucket = bucket
        lastSlot = slot
        return slot
    }

    /// Adds `total` sessions and `match` matches (negative to take a corrected record out) to
    /// `bucket`; returns false when the bucket is older than the span.
    @discardableResult
    mutating func add(bucket: Int, total: Int32, match: Int32) -> Bool {
        let slot = slot(of: bucket)
        let stamp = slots[slot].stamp
        if stamp != bucket {
            if stamp > bucket { return false }
            if stamp != Int.min {
                if current.isValid, stamp >= current.first, stamp <= current.last { current.isValid = false }
                if reference.isValid, stamp >= reference.first, stamp <= reference.last { reference.isValid = false }
            }
            slots[slot] = Slot(stamp: bucket, total: total, matches: match)
        } else {
            slots[slot].total &+= total
            slots[slot].matches &+= match
        }
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
        slots.withUnsafeBufferPointer { slots in
            for bucket in start...last {
                if slots[slot].stamp == bucket {
                    total += Int(slots[slot].total)
                    matched += Int(slots[slot].matches)
                }
                slot += 1
                if slot == slots.count { slot = 0 }
            }
        }
        return (total, matched)
    }

    @inline(__always)
    static func slot(_ bucket: Int, _ length: Int) -> Int {
        let remainder = bucket % length
        return remainder < 0 ? remainder + length : remainder
    }
}
