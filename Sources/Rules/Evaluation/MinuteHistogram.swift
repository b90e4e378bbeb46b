/// The values of a numeric field in one minute of one group, in the bins of ``ValueHistogram``:
/// only the bins that hold any, as a sorted list of (bin, count) pairs packed in 32 bits.
///
/// A rule compared with last week keeps a week of these per group. A minute's values rarely fill
/// more than a few dozen bins, so a minute takes about a third of the memory of a dense histogram
/// (for one chat a second, about 2 MB a week instead of 7 MB).
struct MinuteHistogram: Sendable {
    private static let countBits: UInt32 = 23
    /// The most one entry counts; more values in the same bin go into the next entry.
    private static let maximumCount: UInt32 = 1 << countBits - 1
    /// How many entries the list grows by when full: a little at a time, so a week of minutes
    /// does not keep up to twice the room it needs.
    private static let growth = 8

    private var entries: [UInt32] = []
    private(set) var sum: Double = 0

    var isEmpty: Bool { entries.isEmpty }

    mutating func removeAll() {
        entries.removeAll(keepingCapacity: true)
        sum = 0
    }

    /// Adds `times` values `value` (`times` below 0 takes out as many of those added before).
    mutating func add(_ value: Int, times: Int32) {
        let value = min(value, Int(Int32.max))
        let bin = UInt32(ValueHistogram.bin(of: value))
        var index = firstIndex(notBelow: bin)
        var remaining = times.magnitude
        if times > 0 {
            sum += Double(value) * Double(times)
            while remaining > 0 {
                if index < entries.count, entries[index] >> Self.countBits == bin {
                    let taken = min(Self.maximumCount - entries[index] & Self.maximumCount, remaining)
                    entries[index] += taken
                    remaining -= taken
                } else {
                    let taken = min(Self.maximumCount, remaining)
                    if entries.count == entries.capacity { entries.reserveCapacity(entries.count + Self.growth) }
                    entries.insert(bin << Self.countBits | taken, at: index)
                    remaining -= taken
                }
                index += 1
            }
        } else {
            var end = index
            while end < entries.count, entries[end] >> Self.countBits == bin { end += 1 }
            while remaining > 0, end > index {
                end -= 1
                let count = entries[end] & Self.maximumCount
                let taken = min(count, remaining)
                if taken == count { entries.remove(at: end) } else { entries[end] -= taken }
                remaining -= taken
                sum -= Double(value) * Double(taken)
            }
        }
    }

    /// Calls `body` with each bin that holds values and how many, in increasing bin order.
    @inline(__always)
    func forEachBin(_ body: (_ bin: Int, _ count: Int32) -> Void) {
        for entry in entries { body(Int(entry >> Self.countBits), Int32(entry & Self.maximumCount)) }
    }

    private func firstIndex(notBelow bin: UInt32) -> Int {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle] >> Self.countBits < bin { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
