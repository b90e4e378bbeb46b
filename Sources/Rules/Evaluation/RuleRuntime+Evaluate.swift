extension RuleRuntime {
    /// How often (in evaluations) idle groups are forgotten.
    static let forgetEvery = 15

    /// Evaluates every group at `now`, appending the transitions to `transitions`.
    ///
    /// With `active` false (the rule's schedule is off) nothing is measured: firing alerts resolve
    /// with the reason "outside schedule", pending ones are cancelled, and `each` sessions that
    /// ended while the rule was off are dropped unreported.
    mutating func evaluate(at now: Int, active: Bool, into transitions: inout [Transition]) {
        let end = now - rule.delay
        if !active {
            let off = Measurement(verdict: .noVerdict, reason: .outsideSchedule)
            for index in groups.indices {
                groups[index].pending.removeAll { $0.timestamp <= end }
                groups[index].last = off
                groups[index].lastTotal = -1
                let from = groups[index].alert.status
                let firedAt = groups[index].alert.firedAt
                if let event = groups[index].alert.end(at: now) {
                    transitions.append(
                        transition(index, event, from: from, at: now, measurement: off, reason: "outside schedule", firedAt: firedAt))
                }
            }
            return
        }
        if rule.groupBy.isEmpty, groups.isEmpty { _ = groupIndex(for: AlertGroup()) }
        // With a delay, the window ends at the last whole minute before `end`. Without one it
        // takes in the minute under way, so a chat counts as soon as its record is in, and then
        // reaches back to the start of the minute in which the window begins: it covers at least
        // `window`, at most a minute more.
        var last = BucketTime.lastBucket(endingAt: end)
        var first = last - windowBuckets + 1
        if rule.delay == 0, BucketTime.bucket(of: end) != last {
            last += 1
            first = last - windowBuckets
        }
        evaluationsSinceForgetting += 1
        if !rule.groupBy.isEmpty, groups.count > Self.linearSearchLimit, evaluationsSinceForgetting >= Self.forgetEvery {
            evaluationsSinceForgetting = 0
            forgetIdleGroups(before: last - spanBuckets)
        }
        let context = MeasureContext(
            condition: rule.condition, window: rule.window, ofIsAlways: of.isAlways, coverageStart: coverageStart, threshold: thresholdText)
        for index in groups.indices {
            if isEach {
                report(index, end: end, at: now, into: &transitions)
                continue
            }
            if isCountLike {
                // Same counts as last time, nothing pending or firing: the outcome cannot change.
                let sums = groups[index].counts.sum(from: first, through: last, cache: 0)
                if sums.total == groups[index].lastTotal, sums.matches == groups[index].lastMatches, groups[index].alert.status == .inactive,
                    groups[index].last != nil
                {
                    continue
                }
                groups[index].lastTotal = sums.total
                groups[index].lastMatches = sums.matches
            }
            let measurement = Self.measure(&groups[index], context, first: first, last: last)
            let from = groups[index].alert.status
            let firedBefore = groups[index].alert.firedAt
            if let event = groups[index].alert.step(holds: measurement.verdict == .holds, at: now, timing: timing) {
                let firedAt = event == .resolved ? firedBefore : groups[index].alert.firedAt
                let windowStart = end - rule.window
                let sample = groups[index].orderedRecent.filter { $0.timestamp > windowStart && $0.timestamp <= end }
                transitions.append(transition(index, event, from: from, at: now, measurement: measurement, sample: sample, firedAt: firedAt))
            }
            // Moved, not copied: most evaluations change nothing, and this is all they keep.
            groups[index].last = consume measurement
        }
    }

    /// Resolves every firing alert now, whatever the condition (the rule changed or was removed).
    mutating func resolveFiring(at now: Int, reason: String, into transitions: inout [Transition]) {
        let measurement = Measurement(verdict: .noVerdict)
        for index in groups.indices where groups[index].alert.status == .firing {
            let firedAt = groups[index].alert.firedAt
            guard let event = groups[index].alert.end(at: now) else { continue }
            transitions.append(transition(index, event, from: .firing, at: now, measurement: measurement, reason: reason, firedAt: firedAt))
        }
    }

    private mutating func report(_ index: Int, end: Int, at now: Int, into transitions: inout [Transition]) {
        guard groups[index].pending.contains(where: { $0.timestamp <= end }) else { return }
        var ready = groups[index].pending.filter { $0.timestamp <= end }
        groups[index].pending.removeAll { $0.timestamp <= end }
        // A burst (or the warm-up at start) leaves no large empty buffer behind.
        if groups[index].pending.isEmpty { groups[index].pending = [] }
        ready.sort { ($0.timestamp, $0.sessionID) < ($1.timestamp, $1.sessionID) }
        var listed = 20
        if case .each(let each) = rule.condition { listed = each.maxListed }
        let measurement = Measurement(verdict: .holds, value: Double(ready.count), threshold: "each", total: ready.count, matches: ready.count)
        groups[index].last = measurement
        transitions.append(
            transition(
                index, .reported, from: .inactive, at: now, measurement: measurement, sample: ready.prefix(listed).map(SessionSample.init),
                sessionCount: ready.count))
    }

    private func transition(
        _ index: Int, _ event: AlertEvent, from: AlertState.Status, at now: Int, measurement: Measurement, sample: [SessionSample] = [],
        sessionCount: Int = 0, reason: String? = nil, firedAt: Int? = nil
    ) -> Transition {
        Transition(
            rule: rule.name, severity: rule.severity, group: groups[index].group, event: event, from: from, to: groups[index].alert.status,
            at: now, measurement: measurement, sample: sample, sessionCount: sessionCount == 0 ? sample.count : sessionCount, reason: reason,
            firedAt: firedAt)
    }

    /// Whether a reference window starting at bucket `first` lies within the data seen so far.
    private static func hasReference(from first: Int, _ context: MeasureContext) -> Bool {
        guard let coverageStart = context.coverageStart else { return false }
        return BucketTime.bucket(of: coverageStart) <= first
    }

    /// Measures one group's windows; static over an `inout` group so the series are updated in
    /// place.
    static func measure(_ group: inout GroupRuntime, _ context: MeasureContext, first: Int, last: Int) -> Measurement {
        switch context.condition {
        case .count(let count):
            let (total, matches) = group.counts.sum(from: first, through: last, cache: 0)
            let value = context.ofIsAlways ? total : matches
            return Measurement(
                verdict: count.bound.isMet(by: Double(value)) ? .holds : .clear, value: Double(value), threshold: context.threshold,
                total: total, matches: matches)
        case .absent(let absent):
            let (total, _) = group.counts.sum(from: first, through: last, cache: 0)
            return Measurement(
                verdict: total < absent.fewerThan ? .holds : .clear, value: Double(total), threshold: context.threshold, total: total,
                matches: total)
        case .ratio(let ratio):
            return measureRatio(ratio, group.counts.sum(from: first, through: last, cache: 0), threshold: context.threshold)
        case .spike(let spike):
            return measureSpike(spike, &group, context, first: first, last: last)
        case .stat(let stat):
            return measureStat(stat, &group, context, first: first, last: last)
        case .each:
            return Measurement(verdict: .clear, threshold: "each")
        }
    }

    private static func measureRatio(_ ratio: RatioCondition, _ counts: (total: Int, matches: Int), threshold: String) -> Measurement {
        let (total, matches) = counts
        guard total > 0, total >= ratio.minTotal else {
            return Measurement(
                verdict: .noVerdict, value: total > 0 ? Double(matches) / Double(total) : nil, threshold: threshold, total: total,
                matches: matches, reason: .tooFewSessions(total, minimum: ratio.minTotal))
        }
        let share = Double(matches) / Double(total)
        var compared = share
        var bound: Double?
        if let confidence = ratio.confidence {
            compared =
                ratio.bound.relation.isUpper
                ? WilsonScore.lowerBound(matches: matches, total: total, confidence: confidence)
                : WilsonScore.upperBound(matches: matches, total: total, confidence: confidence)
            bound = compared
        }
        var verdict: Measurement.Verdict = ratio.bound.isMet(by: compared) ? .holds : .clear
        var reason: Measurement.Reason?
        if verdict == .holds, matches < ratio.minMatches {
            verdict = .clear
            reason = .tooFewMatches(matches, minimum: ratio.minMatches)
        }
        return Measurement(
            verdict: verdict, value: share, threshold: threshold, total: total, matches: matches, confidenceBound: bound, reason: reason)
    }

    private static func referenceRange(_ reference: Reference, _ context: MeasureContext, first: Int, last: Int) -> (first: Int, last: Int) {
        let offset = reference.offset(window: context.window) / BucketTime.width
        return (first - offset, last - offset)
    }

    private static func label(_ reference: Reference) -> String {
        reference == .lastWeek ? "last week" : "the previous window"
    }

    private static func compare(_ current: Double, _ reference: Double, factor: Double, direction: Direction) -> Bool {
        let up = current > reference && current >= reference * factor
        let down = current < reference && current * factor <= reference
        switch direction {
        case .up: return up
        case .down: return down
        case .both: return up || down
        }
    }

    private static func measureSpike(_ spike: SpikeCondition, _ group: inout GroupRuntime, _ context: MeasureContext, first: Int, last: Int)
        -> Measurement
    {
        let current = group.counts.sum(from: first, through: last, cache: 0)
        let currentCount = context.ofIsAlways ? current.total : current.matches
        let range = referenceRange(spike.reference, context, first: first, last: last)
        let label = Self.label(spike.reference)
        let comparison = Measurement.Comparison(factor: spike.factor, direction: spike.direction, label: label)
        guard hasReference(from: range.first, context) else {
            return Measurement(
                verdict: .noVerdict, value: Double(currentCount), comparison: comparison, total: current.total,
                matches: currentCount, reason: .noReference(label))
        }
        let previous = group.counts.sum(from: range.first, through: range.last, cache: 1)
        let referenceCount = context.ofIsAlways ? previous.total : previous.matches

        var reason: Measurement.Reason?
        if currentCount < spike.minCurrent { reason = .tooFewCurrent(currentCount, minimum: spike.minCurrent) }
        if referenceCount < spike.minReference { reason = .tooFewInReference(referenceCount, minimum: spike.minReference, reference: label) }
        if let reason {
            return Measurement(
                verdict: .noVerdict, value: Double(currentCount), comparison: comparison, total: current.total, matches: currentCount,
                reference: Double(referenceCount), reason: reason)
        }
        let holds = Self.compare(Double(currentCount), Double(referenceCount), factor: spike.factor, direction: spike.direction)
        return Measurement(
            verdict: holds ? .holds : .clear, value: Double(currentCount), comparison: comparison, total: current.total, matches: currentCount,
            reference: Double(referenceCount))
    }

    private static func measureStat(_ stat: StatCondition, _ group: inout GroupRuntime, _ context: MeasureContext, first: Int, last: Int)
        -> Measurement
    {
        let histogram = group.stats.histogram(from: first, through: last, cache: 0)
        let value = histogram.value(of: stat.statistic)
        guard let reference = stat.reference else {
            let threshold = context.threshold
            guard histogram.count >= stat.minSample, let value else {
                return Measurement(
                    verdict: .noVerdict, value: value, threshold: threshold, total: histogram.count, matches: histogram.count,
                    reason: .tooFewValues(histogram.count, minimum: stat.minSample))
            }
            let holds = stat.bound?.isMet(by: value) ?? false
            return Measurement(verdict: holds ? .holds : .clear, value: value, threshold: threshold, total: histogram.count, matches: histogram.count)
        }
        let label = Self.label(reference)
        let comparison = Measurement.Comparison(factor: stat.factor, direction: stat.direction, label: label)
        let range = referenceRange(reference, context, first: first, last: last)
        guard hasReference(from: range.first, context) else {
            return Measurement(
                verdict: .noVerdict, value: value, comparison: comparison, total: histogram.count,
                matches: histogram.count, reason: .noReference(label))
        }
        let previous = group.stats.histogram(from: range.first, through: range.last, cache: 1)
        let referenceValue = previous.value(of: stat.statistic)

        guard histogram.count >= stat.minSample, previous.count >= stat.minSample, let value, let referenceValue else {
            return Measurement(
                verdict: .noVerdict, value: value, comparison: comparison, total: histogram.count, matches: histogram.count,
                reference: referenceValue, reason: .tooFewValuesCompared(histogram.count, previous.count, minimum: stat.minSample, reference: label))
        }
        let holds = Self.compare(value, referenceValue, factor: stat.factor, direction: stat.direction)
        return Measurement(
            verdict: holds ? .holds : .clear, value: value, comparison: comparison, total: histogram.count, matches: histogram.count,
            reference: referenceValue)
    }
}
