import Rules
import Testing

/// Windows cover `(T − delay − window, T − delay]`, minute by minute.
struct WindowTests {
    let countRule = makeRule("window: 10m\ndelay: 2m\ncondition: {count: {at_least: 1}}")

    @Test func sessionAtTheWindowEndCountsAndOneAtTheStartDoesNot() {
        var engine = Engine(rules: [countRule])
        engine.upsert([chat("end", minute: 8), chat("start", minute: -2)])
        _ = engine.evaluate(at: at(10))
        #expect(engine.firstMeasurement?.value == 1)
    }

    @Test func sessionWithinTheDelayIsNotCountedYet() {
        var engine = Engine(rules: [countRule])
        engine.upsert(chat("late", minute: 9))
        _ = engine.evaluate(at: at(10))
        #expect(engine.firstMeasurement?.value == 0)
        _ = engine.evaluate(at: at(11))
        #expect(engine.firstMeasurement?.value == 1)
    }

    @Test func withoutADelayTheMinuteUnderWayCountsBetweenWholeMinutes() {
        let noDelay = makeRule("window: 5m\ndelay: 0m\ncondition: {count: {at_least: 2}}", name: "now")
        var engine = Engine(rules: [noDelay, countRule])
        engine.upsert([chat("a", minute: 10, second: 5), chat("b", minute: 10, second: 12)])
        // Given an evaluation 20 seconds into the minute in which both chats ended
        let transitions = engine.evaluate(at: at(10) + 20)
        #expect(transitions.map { "\($0.rule) \($0.event.rawValue) \($0.at - at(10))s" } == ["now firing 20s"])
        #expect(engine.status.first { $0.rule == "now" }?.groups.first?.measurement?.value == 2)
        // The rule with a delay counts whole minutes that ended at least 2 minutes ago.
        #expect(engine.status.first { $0.rule == "r" }?.groups.first?.measurement?.value == 0)
        // Between whole minutes the window reaches back to the start of its first minute: at
        // minute 15 and 20 seconds it still counts both chats, at minute 16 and 20 seconds neither.
        _ = engine.evaluate(at: at(15) + 20)
        #expect(engine.status.first { $0.rule == "now" }?.groups.first?.measurement?.value == 2)
        _ = engine.evaluate(at: at(16) + 20)
        #expect(engine.status.first { $0.rule == "now" }?.groups.first?.measurement?.value == 0)
        // On a whole minute it is the window exactly, as with a delay.
        _ = engine.evaluate(at: at(15))
        #expect(engine.status.first { $0.rule == "now" }?.groups.first?.measurement?.value == 2)
    }

    @Test func secondsInsideAMinuteBelongToTheMinuteThatEndsAfterThem() {
        var engine = Engine(rules: [countRule])
        engine.upsert([chat("a", minute: 7, second: 1), chat("b", minute: -2, second: 1)])
        _ = engine.evaluate(at: at(10))
        #expect(engine.firstMeasurement?.value == 2)
    }

    @Test func emptyWindowCountsZeroAndAbsentFiresWithoutAnySession() {
        let absent = makeRule("window: 15m\ncondition: {absent: {}}", name: "quiet")
        var engine = Engine(rules: [countRule, absent])
        let transitions = engine.evaluate(at: at(0))
        #expect(transitions.map(\.rule) == ["quiet"])
        #expect(engine.firstMeasurement?.value == 0)
        #expect(engine.firstMeasurement?.verdict == .clear)
    }

    @Test func changedRecordReplacesItsOldContribution() {
        let ratio = makeRule(
            "where: {SatisfactionSelected: {exists: true}}\nwindow: 1h\ncondition: {ratio: {of: {SatisfactionSelected: {at_least: 4}}, below: 80%}}")
        var engine = Engine(rules: [ratio])
        engine.upsert([chat("a", minute: 1, rating: 5), chat("b", minute: 2, rating: 5)])
        engine.upsert(chat("c", minute: 3))
        _ = engine.evaluate(at: at(10))
        #expect(engine.firstMeasurement?.total == 2)
        // Given a late rating for c and a changed rating for a
        engine.upsert([chat("c", minute: 3, rating: 1), chat("a", minute: 1, rating: 2)])
        _ = engine.evaluate(at: at(11))
        #expect(engine.firstMeasurement?.total == 3)
        #expect(engine.firstMeasurement?.matches == 1)
    }

    @Test func identicalCopyIsNotCountedTwice() {
        var engine = Engine(rules: [countRule])
        engine.upsert([chat("a", minute: 5), chat("a", minute: 5), chat("a", minute: 5)])
        _ = engine.evaluate(at: at(10))
        #expect(engine.firstMeasurement?.value == 1)
    }

    @Test func recordThatMovesToAnotherGroupLeavesTheOldOne() {
        let grouped = makeRule("group_by: [AgentGroupId]\nwindow: 10m\ncondition: {count: {at_least: 1}}")
        var engine = Engine(rules: [grouped])
        engine.upsert(chat("a", minute: 5, queue: "g1"))
        engine.upsert(chat("a", minute: 5, queue: "g2"))
        let transitions = engine.evaluate(at: at(10))
        #expect(transitions.map(\.group.description) == ["AgentGroupId=g2"])
    }

    /// The per-minute ring reuses slots; a record far older than the rule's span must not land in
    /// the slot of a current minute.
    @Test func recordOlderThanTheRuleNeedsDoesNotCorruptCurrentMinutes() {
        var engine = Engine(rules: [countRule])
        engine.upsert(chat("new", minute: 605))
        engine.upsert((0...300).map { chat("ancient\($0)", minute: $0) })
        _ = engine.evaluate(at: at(610))
        #expect(engine.firstMeasurement?.value == 1)
    }

    @Test func groupShowsTheQueueNameOfItsLatestSession() {
        let grouped = makeRule("group_by: [AgentGroupId]\nwindow: 10m\ncondition: {count: {at_least: 2}}")
        var engine = Engine(rules: [grouped])
        engine.upsert([chat("a", minute: 1, queueName: "Sales"), chat("b", minute: 2, queueName: "Sales & Billing")])
        let transitions = engine.evaluate(at: at(10))
        #expect(transitions.first?.group.description == "AgentGroupId=g1 (Sales & Billing)")
        #expect(transitions.first?.group.value(of: .agentGroupName) == "Sales & Billing")
    }

    @Test func groupByTwoFieldsMakesOneAlertPerPair() {
        let grouped = makeRule("group_by: [AgentGroupId, AgentId]\nwindow: 10m\ncondition: {count: {at_least: 1}}")
        var engine = Engine(rules: [grouped])
        engine.upsert([chat("a", minute: 1, agent: "x"), chat("b", minute: 2, agent: "y"), chat("c", minute: 3, agent: "x")])
        let transitions = engine.evaluate(at: at(10))
        #expect(transitions.map(\.group.description) == ["AgentGroupId=g1, AgentId=x", "AgentGroupId=g1, AgentId=y"])
        #expect(transitions.map(\.measurement.value) == [2, 1])
    }

    /// The running sums kept as windows slide must equal a recount from scratch, whatever order
    /// records arrive and change in.
    @Test func runningWindowsMatchARecountUnderLateAndChangedRecords() {
        let ratio = makeRule("window: 30m\ndelay: 2m\ncondition: {ratio: {of: {EndStatus: UserTimeout}, above: 50%}}", name: "ratio")
        let spike = makeRule("window: 10m\ndelay: 0s\ncondition: {spike: {compared_to: previous_window, factor: 2}}", name: "spike")
        let stat = makeRule("window: 20m\ndelay: 1m\ncondition: {stat: {field: SatisfactionSelected, statistic: mean, above: 3}}", name: "stat")
        var engine = Engine(rules: [ratio, spike, stat])
        engine.setHistoryStart(at(-1000))
        var truth: [String: Session] = [:]
        var random = SplitMix(seed: 7)
        for minute in 0..<400 {
            for _ in 0..<(random.next() % 4) {
                let id = "s\(random.next() % 600)"
                let late = Int(random.next() % 40)
                let session = chat(
                    id, minute: minute - late, second: Int(random.next() % 60), status: random.next() % 3 == 0 ? "UserTimeout" : "UserEndedSession",
                    rating: random.next() % 2 == 0 ? Int(random.next() % 5) + 1 : nil)
                engine.upsert(session)
                truth[id] = session
            }
            _ = engine.evaluate(at: at(minute))
            let status = engine.status
            let now = at(minute)
            func inWindow(_ session: Session, end: Int, length: Int) -> Bool {
                session.timestamp > end - length && session.timestamp <= end
            }
            let ratioWindow = truth.values.filter { inWindow($0, end: now - 120, length: 1800) }
            let ratioMeasurement = status[0].groups.first?.measurement
            #expect(ratioMeasurement?.total ?? 0 == ratioWindow.count)
            #expect(ratioMeasurement?.matches ?? 0 == ratioWindow.count { $0.endStatus == "UserTimeout" })
            let spikeMeasurement = status[1].groups.first?.measurement
            #expect(spikeMeasurement?.value ?? 0 == Double(truth.values.count { inWindow($0, end: now, length: 600) }))
            #expect(spikeMeasurement?.reference ?? 0 == Double(truth.values.count { inWindow($0, end: now - 600, length: 600) }))
            let ratings = truth.values.filter { inWindow($0, end: now - 60, length: 1200) }.compactMap(\.satisfaction)
            #expect(status[2].groups.first?.measurement?.total ?? 0 == ratings.count)
            if !ratings.isEmpty {
                let mean = Double(ratings.reduce(0, +)) / Double(ratings.count)
                #expect(abs((status[2].groups.first?.measurement?.value ?? 0) - mean) < 1e-9)
            }
        }
    }

    /// The poller reads the same records again on every poll within its lookback; the engine keeps
    /// the sessions of its correction horizon (between one and two horizons) to recognise them.
    @Test func samePageReadAgainWithinTheCorrectionHorizonCountsOnce() {
        let wide = makeRule("window: 1h\ndelay: 0s\ncondition: {count: {at_least: 1000}}")
        var engine = Engine(rules: [wide], options: EngineOptions(correctionHorizon: 600))
        let page = (0..<5).map { chat("p\($0)", minute: $0) }
        engine.upsert(page)
        engine.upsert((0..<12).map { chat("later\($0)", minute: 5 + $0) })
        engine.upsert(page)
        engine.upsert(
            page.map {
                var changed = $0; changed.satisfaction = 5; return changed
            })
        _ = engine.evaluate(at: at(20))
        #expect(engine.firstMeasurement?.value == 17)
    }

    /// Grouping by a field with many values keeps only the groups the window still needs.
    @Test func idleGroupsAreForgotten() {
        let perCustomer = makeRule(
            "where: {SatisfactionSelected: 1}\ngroup_by: [ClientUserId]\nwindow: 10m\ndelay: 0s\ncondition: {count: {at_least: 2}}")
        var engine = Engine(rules: [perCustomer])
        for minute in 0..<600 {
            var session = chat("s\(minute)", minute: minute, rating: 1)
            session.clientUserID = "customer\(minute)"
            engine.upsert(session)
            _ = engine.evaluate(at: at(minute))
        }
        #expect((engine.status.first?.groups.count ?? 0) < 40)
    }

    @Test func callerCanPassTheOldCopyInstead() {
        var engine = Engine(rules: [countRule], options: EngineOptions(correctionHorizon: 0))
        let first = chat("a", minute: 5)
        engine.upsert(first, replacing: nil)
        engine.upsert(chat("a", minute: 6), replacing: first)
        _ = engine.evaluate(at: at(10))
        #expect(engine.firstMeasurement?.value == 1)
    }
}

/// A small deterministic random number generator for property tests.
struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
