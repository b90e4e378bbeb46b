import Testing

@testable import Rules

/// The compact per-minute histograms a week-long stat window keeps.
struct MinuteHistogramTests {
    /// The minute's statistics, through the running histogram the engine merges minutes into.
    private func statistics(_ minute: MinuteHistogram) -> [Double?] {
        var running = ValueHistogram()
        running.merge(minute, sign: 1)
        return [.min, .max, .median, .mean, .percentile(90)].map { running.value(of: $0) } + [Double(running.count)]
    }

    @Test func holdsWhatADenseHistogramHolds() {
        let values = [0, 1, 5, 5, 63, 64, 65, 200, 610, 610, 611, 1_800, 86_400, 5, 2_000_000_000, 3]
        var minute = MinuteHistogram()
        var dense = ValueHistogram()
        for value in values.reversed() {
            minute.add(value, times: 1)
            dense.add(value, times: 1)
        }
        let expected = [.min, .max, .median, .mean, .percentile(90)].map { dense.value(of: $0) } + [Double(values.count)]
        #expect(statistics(minute) == expected)
        #expect(minute.sum == Double(values.reduce(0, +)))
    }

    @Test func takingOutValuesEmptiesTheirBins() {
        var minute = MinuteHistogram()
        minute.add(610, times: 5)
        minute.add(30, times: 2)
        minute.add(610, times: -5)
        #expect(statistics(minute) == [30, 30, 30, 30, 30, 2])
        minute.add(30, times: -2)
        #expect(minute.isEmpty)
        #expect(minute.sum == 0)
    }

    @Test func takingOutAValueNeverAddedChangesNothing() {
        var minute = MinuteHistogram()
        minute.add(30, times: 2)
        minute.add(31, times: -1)
        minute.add(30, times: -3)
        #expect(minute.isEmpty)
        #expect(minute.sum == 0)
        minute.add(30, times: 1)
        minute.add(900, times: -1)
        #expect(statistics(minute) == [30, 30, 30, 30, 30, 1])
    }

    @Test func aBinCountsBeyondWhatOneEntryHolds() {
        var minute = MinuteHistogram()
        minute.add(20, times: 1)
        minute.add(45, times: 10_000_000)
        minute.add(45, times: 3)
        minute.add(70, times: 1)
        #expect(
            statistics(minute) == [
                20, ValueHistogram.value(ofBin: ValueHistogram.bin(of: 70)), 45, Double(20 + 45 * 10_000_003 + 70) / 10_000_005, 45, 10_000_005,
            ])
        minute.add(45, times: -9_000_000)
        #expect(statistics(minute).last == 1_000_005)
        minute.add(45, times: -1_000_003)
        #expect(
            statistics(minute) == [
                20, ValueHistogram.value(ofBin: ValueHistogram.bin(of: 70)), 20, 45, ValueHistogram.value(ofBin: ValueHistogram.bin(of: 70)), 2,
            ])
    }
}
