/// Counts of values in bins: exact for values below 64 (every rating, durations under a minute),
/// then eight bins per doubling, so a percentile of larger values is off by at most 1/16 of
/// the value (about 6 %). The mean is exact: the sum is kept.
struct ValueHistogram: Sendable, Equatable {
    static let exactLimit = 64
    static let binsPerDoubling = 8
    static let maximumBin = bin(of: Int(Int32.max))

    private(set) var counts: [Int32] = []
    private(set) var count = 0
    private(set) var sum: Double = 0

    var isEmpty: Bool { count == 0 }

    /// The bin a value goes into.
    @inline(__always)
    static func bin(of value: Int) -> Int {
        if value < exactLimit { return max(0, value) }
        let exponent = Int.bitWidth - 1 - value.leadingZeroBitCount
        let sub = (value >> (exponent - 3)) & (binsPerDoubling - 1)
        return exactLimit + (exponent - 6) * binsPerDoubling + sub
    }

    /// The value a bin stands for: the value itself below 64, the middle of the bin above.
    static func value(ofBin bin: Int) -> Double {
        if bin < exactLimit { return Double(bin) }
        let exponent = (bin - exactLimit) / binsPerDoubling + 6
        let sub = (bin - exactLimit) % binsPerDoubling
        let width = 1 << (exponent - 3)
        let lower = (binsPerDoubling + sub) * width
        return Double(lower) + Double(width - 1) / 2
    }

    mutating func add(_ value: Int, times: Int32) {
        let bin = Self.bin(of: min(value, Int(Int32.max)))
        if bin >= counts.count { counts.append(contentsOf: repeatElement(0, count: bin + 1 - counts.count)) }
        counts[bin] &+= times
        count += Int(times)
        sum += Double(value) * Double(times)
    }

    /// Adds (`sign` 1) or takes out (`sign` -1) the values of one minute.
    mutating func merge(_ minute: MinuteHistogram, sign: Int32) {
        guard !minute.isEmpty else { return }
        var added = 0
        minute.forEachBin { bin, value in
            if bin >= counts.count { counts.append(contentsOf: repeatElement(0, count: bin + 1 - counts.count)) }
            counts[bin] &+= value &* sign
            added += Int(value)
        }
        count += added * Int(sign)
        sum += minute.sum * Double(sign)
    }

    mutating func removeAll() {
        counts.removeAll(keepingCapacity: true)
        count = 0
        sum = 0
    }

    /// The statistic, or `nil` when empty. Percentiles use the nearest rank: p50 of 1, 2, 3, 4 is 2.
    func value(of statistic: Statistic) -> Double? {
        guard count > 0 else { return nil }
        switch statistic {
        case .mean: return sum / Double(count)
        case .min: return counts.firstIndex(where: { $0 > 0 }).map(Self.value(ofBin:))
        case .max: return counts.lastIndex(where: { $0 > 0 }).map(Self.value(ofBin:))
        case .median: return rank(percent: 50)
        case .percentile(let percent): return rank(percent: percent)
        }
    }

    private func rank(percent: Int) -> Double? {
        let target = max(1, (percent * count + 99) / 100)
        var seen = 0
        for (bin, value) in counts.enumerated() where value > 0 {
            seen += Int(value)
            if seen >= target { return Self.value(ofBin: bin) }
        }
        return nil
    }
}
