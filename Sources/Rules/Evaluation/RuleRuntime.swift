/// The live side of one rule: its compiled predicates, the per-minute series of each group, and
/// each group's alert state.
struct RuleRuntime: Sendable {
    /// One group's series and alert.
    struct GroupRuntime: Sendable {
        var key: GroupKey
        var group: AlertGroup
        var counts: CountSeries
        var stats: StatSeries
        /// `each`: matching sessions not reported yet.
        var pending: [Session] = []
        /// The most recent matching sessions, a ring of ``RuleRuntime/sampleSize``.
        var recent: [SessionSample] = []
        /// Where the next sample goes in the full ring.
        var recentNext = 0
        var alert = AlertState()
        var last: Measurement?
        /// The window's counts at the last measurement (count, ratio, absent).
        var lastTotal = -1
        var lastMatches = -1
        /// The newest minute bucket a session of this group was counted in.
        var newestBucket = Int.min

        /// The samples, oldest first.
        var orderedRecent: [SessionSample] {
            Array(recent[recentNext...] + recent[..<recentNext])
        }
    }

    static let sampleSize = 5

    var rule: Rule
    let definitionHash: String
    let filter: PredicateProgram
    let of: PredicateProgram
    let statField: SessionField?
    let isEach: Bool
    let spanBuckets: Int
    let windowBuckets: Int
    let timing: AlertTiming
    /// Whether the condition depends on the current window's counts only (count, ratio, absent).
    let isCountLike: Bool
    /// Whether transitions list sample sessions (not for `absent`: there are none to show).
    let keepsSamples: Bool
    /// Whether the samples are sessions that match `of` (true) or the others (false: a ratio
    /// that fires when its share is low shows the sessions that pulled it down).
    let samplesMatching: Bool
    /// The threshold as measurements show it, when it does not depend on a reference window.
    let thresholdText: String
    /// The earliest session timestamp this rule has been offered; a reference window that starts
    /// before it has no data yet.
    var coverageStart: Int?
    var groupIndex: [GroupKey: Int] = [:]
    var groups: [GroupRuntime] = []
    /// Evaluations since idle groups were last forgotten.
    var evaluationsSinceForgetting = 0

    init(rule: Rule) {
        self.rule = rule
        definitionHash = rule.definitionHash
        filter = PredicateProgram(rule.filter)
        var ofPredicate = Predicate.always
        var statField: SessionField?
        var isEach = false
        switch rule.condition {
        case .count(let count): ofPredicate = count.of
        case .ratio(let ratio): ofPredicate = ratio.of
        case .spike(let spike): ofPredicate = spike.of
        case .stat(let stat): statField = stat.field
        case .absent: break
        case .each: isEach = true
        }
        of = PredicateProgram(ofPredicate)
        self.statField = statField
        self.isEach = isEach
        windowBuckets = max(1, rule.window / BucketTime.width)
        spanBuckets = isEach ? 1 : rule.lookback / BucketTime.width + 2
        timing = AlertTiming(pendingFor: rule.pendingFor, keepFiringFor: rule.keepFiringFor, repeatEvery: rule.repeatEvery)
        if case .absent = rule.condition { keepsSamples = false } else { keepsSamples = true }
        if case .ratio(let ratio) = rule.condition { samplesMatching = ratio.bound.relation.isUpper } else { samplesMatching = true }
        switch rule.condition {
        case .count, .ratio, .absent: isCountLike = true
        case .spike, .stat, .each: isCountLike = false
        }
        switch rule.condition {
        case .count(let count): thresholdText = count.bound.description
        case .ratio(let ratio): thresholdText = "\(ratio.bound.relation.symbol) \(NumberText.percent(ratio.bound.limit))"
        case .absent(let absent): thresholdText = "< \(absent.fewerThan)"
        case .stat(let stat): thresholdText = stat.bound?.description ?? ""
        case .spike, .each: thresholdText = ""
        }
    }

    // MARK: - Records

    /// Takes `old` out (when a record changed) and puts `new` in.
    /// `oldStatus` and `newStatus` are the ``StatusCode`` of each copy's `EndStatus`.
    mutating func update(old: Session?, oldStatus: Int, new: Session, newStatus: Int) {
        guard let old else {
            insert(new, status: newStatus)
            return
        }
        if coverageStart.map({ new.timestamp < $0 }) ?? true { coverageStart = new.timestamp }
        if isEach {
            updateEach(old: old, oldStatus: oldStatus, new: new, newStatus: newStatus)
            return
        }
        if filter.matches(old, status: oldStatus) { add(old, status: oldStatus, sign: -1) }
        if filter.matches(new, status: newStatus) { add(new, status: newStatus, sign: 1) }
    }

    /// Puts in a session that replaces nothing (the common case): no optional copy to carry
    /// through.
    @inline(__always)
    mutating func insert(_ new: Session, status: Int) {
        if coverageStart.map({ new.timestamp < $0 }) ?? true { coverageStart = new.timestamp }
        if isEach {
            updateEach(old: nil, oldStatus: 0, new: new, newStatus: status)
            return
        }
        if filter.matches(new, status: status) { add(new, status: status, sign: 1) }
    }

    private mutating func add(_ session: Session, status: Int, sign: Int32) {
        guard let index = findGroup(of: session) ?? (sign > 0 ? makeGroup(GroupKey(session, fields: rule.groupBy), session: session) : nil) else {
            return
        }
        let bucket = BucketTime.bucket(of: session.timestamp)
        if bucket > groups[index].newestBucket { groups[index].newestBucket = bucket }
        if let statField {
            guard let value = session.number(statField) else { return }
            guard groups[index].stats.add(bucket: bucket, value: value, times: sign) else { return }
            if sign > 0 { remember(session, status: status, bucket: bucket, in: index) }
        } else {
            let matched = of.isAlways || of.matches(session, status: status)
            guard groups[index].counts.add(bucket: bucket, total: sign, match: matched ? sign : 0) else { return }
            if sign > 0, matched == samplesMatching, keepsSamples { remember(session, status: status, bucket: bucket, in: index) }
        }
    }

    /// Keeps `session` (which ended in minute `bucket`) as a sample of its group, and takes the
    /// group's display names from it (a renamed queue shows its new name from the next sampled
    /// session on).
    ///
    /// Once all the samples are from this minute or a later one, the session is not kept: a busy
    /// group keeps the first few sessions of its latest minute rather than copying every one of
    /// them, and a late record never pushes out a newer sample.
    private mutating func remember(_ session: Session, status: Int, bucket: Int, in index: Int) {
        if groups[index].recent.count == Self.sampleSize,
            BucketTime.bucket(of: groups[index].recent[groups[index].recentNext].timestamp) >= bucket
        {
            return
        }
        if !groups[index].group.display.isEmpty { refreshDisplay(index, from: session) }
        if groups[index].recent.count < Self.sampleSize {
            groups[index].recent.append(SessionSample(session, status: status))
        } else {
            // Overwritten field by field in the ring: no temporary sample to build and move in.
            let slot = groups[index].recentNext
            groups[index].recent[slot].overwrite(with: session, status: status)
            groups[index].recentNext = slot + 1 == Self.sampleSize ? 0 : slot + 1
        }
    }

    /// The index of the group `session` belongs to: for no or one `group_by` field and few groups a
    /// linear search that compares the field in place (cheaper than building and hashing a key),
    /// the dictionary otherwise.
    @inline(__always)
    private func findGroup(of session: Session) -> Int? {
        let fields = rule.groupBy
        if fields.isEmpty { return groups.isEmpty ? nil : 0 }
        if fields.count == 1, groups.count <= Self.linearSearchLimit {
            let field = fields[0]
            for index in groups.indices where session.text(field, equals: groups[index].key.first) { return index }
            return nil
        }
        return groupIndex[GroupKey(session, fields: fields)]
    }

    static let linearSearchLimit = 16

    private mutating func updateEach(old: Session?, oldStatus: Int, new: Session, newStatus: Int) {
        let newMatches = filter.matches(new, status: newStatus)
        if let old, filter.matches(old, status: oldStatus) {
            let oldKey = GroupKey(old, fields: rule.groupBy)
            guard let index = groupIndex[oldKey] else { return }
            guard let position = groups[index].pending.firstIndex(where: { $0.sessionID == old.sessionID && $0.source == old.source }) else {
                return
            }
            groups[index].pending.remove(at: position)
            guard newMatches else { return }
        }
        guard newMatches else { return }
        let key = GroupKey(new, fields: rule.groupBy)
        let index = groupIndex[key] ?? makeGroup(key, session: new)
        groups[index].pending.append(new)
        refreshDisplay(index, from: new)
    }

    private mutating func makeGroup(_ key: GroupKey, session: Session?) -> Int {
        let values = key.values(count: rule.groupBy.count)
        let labels = zip(rule.groupBy, values).map { AlertGroup.Label(field: $0, value: $1) }
        var display: [AlertGroup.Label] = []
        for field in rule.groupBy {
            if let displayField = field.displayField, !rule.groupBy.contains(displayField) {
                display.append(AlertGroup.Label(field: displayField, value: session?.text(displayField) ?? ""))
            }
        }
        let counts = CountSeries(length: statField == nil && !isEach ? spanBuckets : 1)
        let stats = StatSeries(length: statField == nil ? 1 : spanBuckets)
        groups.append(GroupRuntime(key: key, group: AlertGroup(labels: labels, display: display), counts: counts, stats: stats))
        groupIndex[key] = groups.count - 1
        return groups.count - 1
    }

    private mutating func refreshDisplay(_ index: Int, from session: Session) {
        for position in groups[index].group.display.indices {
            let field = groups[index].group.display[position].field
            // Compared in place first: the name rarely changes, and copying it out costs more.
            if session.text(field, equals: groups[index].group.display[position].value) { continue }
            let name = session.text(field)
            if !name.isEmpty { groups[index].group.display[position].value = name }
        }
    }

    // MARK: - Forgetting

    /// Drops groups that have no session left in the span the rule looks at and an inactive
    /// alert, so that grouping by a field with many values (a customer id) does not grow without
    /// bound. `absent` rules keep their groups: a group that went quiet is what they report.
    mutating func forgetIdleGroups(before bucket: Int) {
        if case .absent = rule.condition { return }
        let before = groups.count
        groups.removeAll { group in
            group.newestBucket < bucket && group.alert.status == .inactive && group.pending.isEmpty
        }
        guard groups.count != before else { return }
        groupIndex = [:]
        for (index, group) in groups.enumerated() { groupIndex[group.key] = index }
    }

    // MARK: - Restoring

    /// The group for the given labels, created empty when unknown.
    mutating func groupIndex(for group: AlertGroup) -> Int {
        let key = GroupKey(values: group.labels.map(\.value))
        if let index = groupIndex[key] { return index }
        let index = makeGroup(key, session: nil)
        groups[index].group.display = group.display
        return index
    }
}
