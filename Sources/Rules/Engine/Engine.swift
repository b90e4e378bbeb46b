/// The rule engine: windows per rule and group, conditions, and alert states.
///
/// Pure and single-threaded: the caller feeds sessions with ``upsert(_:)``, calls
/// ``evaluate(at:)`` with the (possibly simulated) time, persists ``state`` and acts on the
/// returned transitions. No clock is read and nothing is written.
///
/// ```swift
/// var engine = Engine(rules: ruleSet.rules, schedules: schedules)
/// engine.upsert(sessionsFromStore)        // rebuild the windows
/// engine.restore(savedState)              // alert states from before the restart
/// let transitions = engine.evaluate(at: now)
/// ```
public struct Engine: Sendable {
    private var runtimes: [RuleRuntime] = []
    private var runtimeIndex: [String: Int] = [:]
    private var schedules: [String: Schedule]
    private let options: EngineOptions
    private var recent: RecentSessions

    /// Creates an engine for `rules`; `schedules` are the named schedules rules refer to with
    /// `active:` (a rule whose schedule is not given is always active).
    public init(rules: [Rule], schedules: [String: Schedule] = [:], options: EngineOptions = EngineOptions()) {
        self.schedules = schedules
        self.options = options
        self.recent = RecentSessions(horizon: options.correctionHorizon)
        for rule in rules { append(RuleRuntime(rule: rule)) }
    }

    private mutating func append(_ runtime: RuleRuntime) {
        runtimeIndex[runtime.rule.name] = runtimes.count
        runtimes.append(runtime)
    }

    /// The rules, in load order.
    public var rules: [Rule] { runtimes.map(\.rule) }

    // MARK: - Sessions

    /// Adds sessions or replaces changed ones (same source and `SessionId`, e.g. a rating that
    /// arrived late): the old copy's contribution is taken out of every window and the new one
    /// put in. An identical copy is ignored, so feeding the same page twice counts nothing twice.
    public mutating func upsert(_ sessions: some Sequence<Session>) {
        for session in sessions { upsert(session) }
    }

    /// Adds or replaces one session; see ``upsert(_:)``. With a ``EngineOptions/correctionHorizon``
    /// of 0 no sessions are kept and every session counts as new.
    public mutating func upsert(_ session: Session) {
        guard options.correctionHorizon > 0 else {
            insert(session, status: StatusCode.code(of: session.endStatus))
            return
        }
        apply(old: recent.replace(with: session), new: session)
    }

    private mutating func apply(old: Session?, new session: Session) {
        let newStatus = StatusCode.code(of: session.endStatus)
        guard let old else {
            insert(session, status: newStatus)
            return
        }
        if old == session { return }
        let oldStatus = StatusCode.code(of: old.endStatus)
        runtimes.withUnsafeMutableBufferPointer { buffer in
            for index in buffer.indices { buffer[index].update(old: old, oldStatus: oldStatus, new: session, newStatus: newStatus) }
        }
    }

    /// Puts in a session that replaces nothing.
    private mutating func insert(_ session: Session, status: Int) {
        // A plain loop, not a closure: a closure would take a copy of the session.
        for index in runtimes.indices { runtimes[index].insert(session, status: status) }
    }

    /// Adds `session`, taking `old` (the copy it replaces, as the store had it) out of the windows
    /// first: for callers that know the previous copy and run with a correction horizon of 0.
    public mutating func upsert(_ session: Session, replacing old: Session?) {
        apply(old: old, new: session)
    }

    /// Feeds sessions to the named rules only: for rules that ``reload(rules:schedules:at:)`` reported
    /// as rebuilt, with the sessions of their lookback from the store.
    public mutating func backfill(_ sessions: some Sequence<Session>, rules names: Set<String>) {
        let indices = runtimes.indices.filter { names.contains(runtimes[$0].rule.name) }
        guard !indices.isEmpty else { return }
        for session in sessions {
            let status = StatusCode.code(of: session.endStatus)
            for index in indices { runtimes[index].update(old: nil, oldStatus: 0, new: session, newStatus: status) }
        }
    }

    /// Declares that sessions from `time` on have been fed (the start of the store's data). A
    /// reference window (`previous_window`, `last_week`) that starts before the earliest session
    /// or this time gives no verdict, so an engine started on a fresh store does not compare
    /// against an empty last week. Without a call, the earliest session fed is the start.
    public mutating func setHistoryStart(_ time: Int) {
        for index in runtimes.indices where runtimes[index].coverageStart.map({ time < $0 }) ?? true {
            runtimes[index].coverageStart = time
        }
    }

    // MARK: - Evaluation

    /// Evaluates every rule at `now` (Unix seconds) and returns what happened, rule by rule in load
    /// order, groups in the order they were first seen.
    public mutating func evaluate(at now: Int) -> [Transition] {
        var transitions: [Transition] = []
        var activeBySchedule: [String: Bool] = [:]
        for index in runtimes.indices {
            var active = true
            if let name = runtimes[index].rule.schedule, let schedule = schedules[name] {
                if let known = activeBySchedule[name] {
                    active = known
                } else {
                    active = schedule.isActive(at: now)
                    activeBySchedule[name] = active
                }
            }
            runtimes[index].evaluate(at: now, active: active, into: &transitions)
        }
        return transitions
    }

    // MARK: - State

    /// The alert state of every rule and group that is not plainly inactive, for persistence.
    public var state: EngineState {
        EngineState(
            rules: runtimes.map { runtime in
                EngineState.RuleEntry(
                    rule: runtime.rule.name, definitionHash: runtime.definitionHash,
                    groups: runtime.groups.filter { $0.alert != AlertState() }.map { EngineState.GroupEntry(group: $0.group, alert: $0.alert) })
            })
    }

    /// Loads alert states saved by ``state``. Entries of rules that no longer exist or whose
    /// definition changed are ignored (their alerts start over).
    public mutating func restore(_ state: EngineState) {
        for entry in state.rules {
            guard let index = runtimeIndex[entry.rule], runtimes[index].definitionHash == entry.definitionHash else { continue }
            for groupEntry in entry.groups {
                let group = runtimes[index].groupIndex(for: groupEntry.group)
                runtimes[index].groups[group].alert = groupEntry.alert
            }
        }
    }

    /// The alert states and the status of every rule, taken together.
    public var snapshot: EngineSnapshot { EngineSnapshot(state: state, status: status) }

    /// The status of every rule: each group's alert and last measurement.
    public var status: [RuleStatus] {
        runtimes.map { runtime in
            let order: [AlertState.Status: Int] = [.firing: 0, .pending: 1, .inactive: 2]
            let groups = runtime.groups.map { RuleStatus.GroupStatus(group: $0.group, state: $0.alert, measurement: $0.last) }
            return RuleStatus(
                rule: runtime.rule.name, severity: runtime.rule.severity, description: runtime.rule.description,
                definitionHash: runtime.definitionHash,
                groups: groups.enumerated().sorted { lhs, rhs in
                    (order[lhs.element.state.status] ?? 2, lhs.offset) < (order[rhs.element.state.status] ?? 2, rhs.offset)
                }.map(\.element))
        }
    }

    // MARK: - Reload

    /// What a reload kept and what it started over.
    public struct ReloadOutcome: Sendable, Hashable {
        /// Rules whose definition did not change: windows and alert states kept.
        public var kept: [String]
        /// New or changed rules: empty windows; feed them with ``Engine/backfill(_:rules:)``.
        public var rebuilt: [String]
        /// Rules that are gone.
        public var removed: [String]
        /// A "resolved" transition for each alert that was firing under a changed or removed rule,
        /// with the reason "rule changed" or "rule removed", so that no alert is left open in the
        /// receivers' chats. A changed rule fires again under its new definition if it still holds.
        public var resolved: [Transition]
    }

    /// Replaces the rule set at time `now`. Rules with an unchanged ``Rule/definitionHash`` keep
    /// their windows and alert states; new and changed rules start empty and are listed in
    /// ``ReloadOutcome/rebuilt``. Firing alerts of changed and removed rules are resolved (see
    /// ``ReloadOutcome/resolved``); pending ones are dropped.
    @discardableResult
    public mutating func reload(rules: [Rule], schedules: [String: Schedule]? = nil, at now: Int) -> ReloadOutcome {
        if let schedules { self.schedules = schedules }
        var old: [String: RuleRuntime] = [:]
        for runtime in runtimes { old[runtime.rule.name] = runtime }
        let order = runtimes.map(\.rule.name)
        runtimes = []
        runtimeIndex = [:]
        var outcome = ReloadOutcome(kept: [], rebuilt: [], removed: [], resolved: [])
        var changed: Set<String> = []
        for rule in rules {
            if let previous = old[rule.name], previous.definitionHash == rule.definitionHash {
                var kept = previous
                kept.rule.origin = rule.origin
                append(kept)
                outcome.kept.append(rule.name)
                old[rule.name] = nil
            } else {
                append(RuleRuntime(rule: rule))
                outcome.rebuilt.append(rule.name)
                if old[rule.name] != nil { changed.insert(rule.name) }
            }
        }
        for name in order {
            guard var runtime = old[name] else { continue }
            let reason = changed.contains(name) ? "rule changed" : "rule removed"
            if !changed.contains(name) { outcome.removed.append(name) }
            runtime.resolveFiring(at: now, reason: reason, into: &outcome.resolved)
        }
        return outcome
    }
}
