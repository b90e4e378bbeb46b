import Rules
import Testing

/// Every condition kind, with its minimums and edges.
struct ConditionTests {
    @Test func countBelowHoldsForAQuietWindow() {
        let rule = makeRule("window: 10m\ndelay: 0s\ncondition: {count: {below: 3}}")
        var engine = Engine(rules: [rule])
        engine.upsert([chat("a", minute: 2), chat("b", minute: 3)])
        #expect(events(engine.evaluate(at: at(10))) == ["firing@10"])
        engine.upsert(chat("c", minute: 4))
        #expect(events(engine.evaluate(at: at(11))) == ["resolved@11"])
    }

    @Test func countOfCountsOnlyMatchingSessionsWithinWhere() {
        let rule = makeRule("window: 10m\ndelay: 0s\ncondition: {count: {of: {EndStatus: AgentTimeout}, at_least: 2}}")
        var engine = Engine(rules: [rule])
        engine.upsert([chat("a", minute: 1, status: "AgentTimeout"), chat("b", minute: 2), chat("c", minute: 3, status: "AgentTimeout")])
        let transition = engine.evaluate(at: at(10)).first
        #expect(transition?.measurement.value == 2)
        #expect(transition?.measurement.total == 3)
        #expect(transition?.sample.map(\.sessionID) == ["a", "c"])
    }

    @Test func aRatioThatFiresWhenLowShowsTheSessionsThatPulledItDown() {
        let rule = makeRule(
            "where: {SatisfactionSelected: {exists: true}}\nwindow: 1h\ndelay: 0s\n"
                + "condition: {ratio: {of: {SatisfactionSelected: {at_least: 4}}, below: 80%}}")
        var engine = Engine(rules: [rule])
        engine.upsert([
            chat("good-1", minute: 1, rating: 5), chat("bad-1", minute: 2, rating: 1), chat("good-2", minute: 3, rating: 4),
            chat("bad-2", minute: 4, rating: 2), chat("unrated", minute: 5),
        ])
        let transition = engine.evaluate(at: at(10)).first
        #expect(transition?.event == .firing)
        #expect(transition?.measurement.valueText == "50%")
        #expect(transition?.sample.map(\.sessionID) == ["bad-1", "bad-2"])
    }

    @Test func aBusyGroupListsTheFirstChatsOfItsLatestMinuteAndALateRecordPushesNoneOut() {
        let rule = makeRule("window: 10m\ndelay: 0s\ncondition: {count: {at_least: 5}}")
        var engine = Engine(rules: [rule])
        engine.upsert([chat("m1-a", minute: 1), chat("m1-b", minute: 1)])
        engine.upsert((1...8).map { chat("m3-\($0)", minute: 3, second: $0) })
        engine.upsert(chat("late-m2", minute: 2))
        let transition = engine.evaluate(at: at(10)).first
        #expect(transition?.measurement.value == 11)
        #expect(transition?.sample.map(\.sessionID) == ["m3-1", "m3-2", "m3-3", "m3-4", "m3-5"])
    }

    @Test func ratioNeedsMinTotalForAVerdict() {
        let rule = makeRule("window: 1h\ndelay: 0s\ncondition: {ratio: {of: {EndStatus: UserTimeout}, above: 10%, min_total: 5}}")
        var engine = Engine(rules: [rule])
        engine.upsert((1...4).map { chat("\($0)", minute: $0, status: "UserTimeout") })
        #expect(engine.evaluate(at: at(10)).isEmpty)
        #expect(engine.firstMeasurement?.verdict == .noVerdict)
        #expect(engine.firstMeasurement?.note == "4 sessions, fewer than min_total 5")
        engine.upsert(chat("5", minute: 5))
        #expect(events(engine.evaluate(at: at(11))) == ["firing@11"])
        #expect(engine.firstMeasurement?.valueText == "80%")
    }

    @Test func ratioWithMinMatchesStaysClearOnFewMatches() {
        let rule = makeRule("window: 1h\ndelay: 0s\ncondition: {ratio: {of: {EndStatus: UserTimeout}, above: 10%, min_matches: 3}}")
        var engine = Engine(rules: [rule])
        engine.upsert([chat("a", minute: 1, status: "UserTimeout"), chat("b", minute: 2, status: "UserTimeout"), chat("c", minute: 3)])
        #expect(engine.evaluate(at: at(10)).isEmpty)
        #expect(engine.firstMeasurement?.verdict == .clear)
    }

    /// 1 of 4 is "25 %" only by luck; with a Wilson bound it is not above 10 %, while 31 of 100 is.
    @Test func ratioWithConfidenceUsesTheWilsonLowerBound() {
        let rule = makeRule("window: 1h\ndelay: 0s\ncondition: {ratio: {of: {EndStatus: UserTimeout}, above: 10%, confidence: 95%}}")
        var engine = Engine(rules: [rule])
        engine.upsert([chat("1", minute: 1, status: "UserTimeout"), chat("2", minute: 2), chat("3", minute: 2), chat("4", minute: 2)])
        #expect(engine.evaluate(at: at(10)).isEmpty)
        #expect(engine.firstMeasurement?.valueText == "25%")
        engine.upsert((5...100).map { chat("\($0)", minute: 3, status: $0 <= 34 ? "UserTimeout" : "UserEndedSession") })
        let transition = engine.evaluate(at: at(11)).first
        #expect(transition?.event == .firing)
        let bound = transition?.measurement.confidenceBound ?? 0
        #expect(bound > 0.23 && bound < 0.25)
    }

    @Test func ratioBelowWithConfidenceUsesTheUpperBound() {
        let lower = WilsonScore.lowerBound(matches: 8, total: 10, confidence: 0.95)
        let upper = WilsonScore.upperBound(matches: 8, total: 10, confidence: 0.95)
        #expect(lower > 0.53 && lower < 0.55)
        #expect(upper > 0.92 && upper < 0.94)
        #expect(abs(WilsonScore.normalQuantile(0.95) - 1.6449) < 0.0001)
    }

    @Test func spikeAgainstThePreviousWindow() {
        let rule = makeRule("window: 10m\ndelay: 0s\ncondition: {spike: {compared_to: previous_window, factor: 2, min_reference: 2}}")
        var engine = Engine(rules: [rule])
        engine.upsert([chat("edge", minute: -10), chat("a", minute: -8), chat("b", minute: -5)])
        engine.upsert((1...4).map { chat("n\($0)", minute: $0) })
        let transition = engine.evaluate(at: at(10)).first
        #expect(transition?.event == .firing)
        #expect(transition?.measurement.value == 4)
        #expect(transition?.measurement.reference == 2)
        #expect(transition?.measurement.threshold == "≥ 2× the previous window (2)")
    }

    @Test func spikeDownAndBothDirections() {
        let down = makeRule("window: 10m\ndelay: 0s\ncondition: {spike: {compared_to: previous_window, factor: 2, direction: down}}", name: "down")
        let both = makeRule("window: 10m\ndelay: 0s\ncondition: {spike: {compared_to: previous_window, factor: 2, direction: both}}", name: "both")
        let up = makeRule("window: 10m\ndelay: 0s\ncondition: {spike: {compared_to: previous_window, factor: 2}}", name: "up")
        var engine = Engine(rules: [down, both, up])
        engine.upsert((1...6).map { chat("old\($0)", minute: -10 + $0) })
        engine.upsert(chat("new", minute: 5))
        #expect(engine.evaluate(at: at(10)).map(\.rule) == ["down", "both"])
    }

    @Test func spikeHasNoVerdictUntilLastWeekIsCovered() {
        let rule = makeRule("window: 1h\ndelay: 0s\ncondition: {spike: {compared_to: last_week, factor: 2}}")
        var engine = Engine(rules: [rule])
        engine.upsert((0..<30).map { chat("\($0)", minute: $0) })
        #expect(engine.evaluate(at: at(60)).isEmpty)
        #expect(engine.firstMeasurement?.note == "no data for last week yet")
        // Given data from a week ago, the same window now compares.
        var withHistory = Engine(rules: [rule])
        withHistory.upsert((0..<5).map { chat("old\($0)", minute: $0 - 7 * 1440) })
        withHistory.upsert((0..<30).map { chat("\($0)", minute: $0) })
        #expect(events(withHistory.evaluate(at: at(60))) == ["firing@60"])
        #expect(withHistory.firstMeasurement?.reference == 4)
    }

    @Test func spikeMinimumsOnBothSidesGiveNoVerdict() {
        let rule = makeRule("window: 10m\ndelay: 0s\ncondition: {spike: {compared_to: previous_window, factor: 2, min_current: 5, min_reference: 1}}")
        var engine = Engine(rules: [rule])
        engine.upsert(chat("old", minute: -5))
        engine.upsert((1...4).map { chat("n\($0)", minute: $0) })
        #expect(engine.evaluate(at: at(10)).isEmpty)
        #expect(engine.firstMeasurement?.verdict == .noVerdict)
    }

    @Test func statOfRatingsIgnoresUnratedSessions() {
        let rule = makeRule("window: 1h\ndelay: 0s\ncondition: {stat: {field: SatisfactionSelected, statistic: mean, below: 3, min_sample: 3}}")
        var engine = Engine(rules: [rule])
        engine.upsert([chat("a", minute: 1, rating: 1), chat("b", minute: 2, rating: 2), chat("c", minute: 3)])
        #expect(engine.evaluate(at: at(10)).isEmpty)
        #expect(engine.firstMeasurement?.note == "2 values, fewer than min_sample 3")
        engine.upsert(chat("d", minute: 4, rating: 5))
        #expect(events(engine.evaluate(at: at(11))) == ["firing@11"])
        #expect(abs((engine.firstMeasurement?.value ?? 0) - 8.0 / 3.0) < 1e-9)
    }

    @Test(arguments: [
        ("median", 3.0), ("p90", 5.0), ("p20", 1.0), ("min", 1.0), ("max", 5.0), ("mean", 3.0),
    ])
    func statisticsOfRatingsAreExact(_ statistic: String, _ expected: Double) {
        let rule = makeRule("window: 1h\ndelay: 0s\ncondition: {stat: {field: SatisfactionSelected, statistic: \(statistic), above: 1}}")
        var engine = Engine(rules: [rule])
        engine.upsert([1, 2, 3, 4, 5].map { chat("r\($0)", minute: $0, rating: $0) })
        _ = engine.evaluate(at: at(10))
        #expect(engine.firstMeasurement?.value == expected)
    }

    /// Durations of a minute or more are kept in bins of 1/8 of a doubling: within about 6 %.
    @Test func medianDurationIsWithinItsBinAndMeanIsExact() {
        let rule = makeRule("window: 1h\ndelay: 0s\ncondition: {stat: {field: Duration, statistic: median, above: 500}}")
        var engine = Engine(rules: [rule])
        engine.upsert([300, 600, 610, 620, 4000].enumerated().map { chat("d\($0.offset)", minute: 1, duration: $0.element) })
        _ = engine.evaluate(at: at(10))
        let median = engine.firstMeasurement?.value ?? 0
        #expect(abs(median - 610) / 610 < 0.0625)
        let meanRule = makeRule("window: 1h\ndelay: 0s\ncondition: {stat: {field: Duration, statistic: mean, above: 500}}")
        var meanEngine = Engine(rules: [meanRule])
        meanEngine.upsert([300, 600, 610, 620, 4000].enumerated().map { chat("d\($0.offset)", minute: 1, duration: $0.element) })
        _ = meanEngine.evaluate(at: at(10))
        #expect(meanEngine.firstMeasurement?.value == 1226)
    }

    @Test func aCorrectedDurationReplacesTheOldOne() {
        let rule = makeRule("window: 1h\ndelay: 0s\ncondition: {stat: {field: Duration, statistic: max, above: 500}}")
        var engine = Engine(rules: [rule])
        engine.upsert([chat("d0", minute: 1, duration: 300), chat("d1", minute: 1, duration: 4000)])
        #expect(events(engine.evaluate(at: at(10))) == ["firing@10"])
        #expect(abs((engine.firstMeasurement?.value ?? 0) - 4000) / 4000 < 0.0625)
        engine.upsert(chat("d1", minute: 1, duration: 320))
        #expect(events(engine.evaluate(at: at(11))) == ["resolved@11"])
        #expect(abs((engine.firstMeasurement?.value ?? 0) - 320) / 320 < 0.0625)
    }

    @Test func statComparedWithLastWeek() {
        let rule = makeRule(
            "window: 1h\ndelay: 0s\ncondition: {stat: {field: Duration, statistic: median, compared_to: last_week, factor: 1.5, direction: up}}")
        var engine = Engine(rules: [rule])
        engine.upsert((0..<10).map { chat("old\($0)", minute: $0 - 7 * 1440, duration: 40) })
        engine.upsert((0..<10).map { chat("new\($0)", minute: $0, duration: 61) })
        #expect(events(engine.evaluate(at: at(60))) == ["firing@60"])
        #expect(engine.firstMeasurement?.reference == 40)
    }

    @Test func absentHoldsBelowTheGivenNumber() {
        let rule = makeRule("window: 10m\ndelay: 0s\ncondition: {absent: {fewer_than: 3}}\nfor: 2m")
        var engine = Engine(rules: [rule])
        engine.upsert([chat("a", minute: 5), chat("b", minute: 6)])
        #expect(events(engine.run(minutes: 10...13)) == ["pending@10", "firing@12"])
        engine.upsert(chat("c", minute: 13))
        #expect(events(engine.evaluate(at: at(14))) == ["resolved@14"])
    }

    @Test func eachReportsEveryMatchingSessionOnceBatchedPerGroup() {
        let rule = makeRule("where: {SatisfactionSelected: 1}\ngroup_by: [AgentGroupId]\ncondition: {each: {max_listed: 2}}")
        var engine = Engine(rules: [rule])
        engine.upsert((1...3).map { chat("g1-\($0)", minute: 1, queue: "g1", rating: 1) } + [chat("g2", minute: 1, queue: "g2", rating: 1)])
        let transitions = engine.evaluate(at: at(3))
        #expect(transitions.map(\.group.description) == ["AgentGroupId=g1", "AgentGroupId=g2"])
        #expect(transitions.map(\.sessionCount) == [3, 1])
        #expect(transitions.first?.sample.map(\.sessionID) == ["g1-1", "g1-2"])
        #expect(transitions.allSatisfy { $0.event == .reported && $0.notifies })
        #expect(engine.evaluate(at: at(4)).isEmpty)
    }

    @Test func eachDoesNotReportARatingTakenBackBeforeItWasReported() {
        let rule = makeRule("where: {SatisfactionSelected: 1}\ncondition: {each: {}}")
        var engine = Engine(rules: [rule])
        engine.upsert(chat("a", minute: 1, rating: 1))
        engine.upsert(chat("a", minute: 1, rating: 4))
        #expect(engine.evaluate(at: at(5)).isEmpty)
    }
}
