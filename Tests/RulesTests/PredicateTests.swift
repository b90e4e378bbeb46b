import Rules
import Testing

/// `where:` selects sessions: values, lists, comparisons, patterns, presence, and combinations.
struct PredicateTests {
    /// How many of `sessions` a rule with `where` counts in a one-hour window.
    func counted(_ filter: String, _ sessions: [Session]) -> Double? {
        let rule = makeRule("where: \(filter)\nwindow: 1h\ndelay: 0s\ncondition: {count: {at_least: 1}}")
        var engine = Engine(rules: [rule])
        engine.upsert(sessions)
        _ = engine.evaluate(at: at(60))
        return engine.firstMeasurement?.value
    }

    let sample = [
        chat("1", minute: 1, agent: "alice", status: "UserEndedSession", rating: 5, duration: 30),
        chat("2", minute: 2, agent: "bob", status: "UserAbandonedDuringQueueing", duration: 600),
        chat("3", minute: 3, agent: "", status: "ChatbotReception", rating: 1, duration: 60),
        chat("4", minute: 4, agent: "alice.b", status: "AgentTimeout", rating: 2, duration: 61),
    ]

    @Test func equalityMatchesTheExactValue() {
        #expect(counted("{EndStatus: AgentTimeout}", sample) == 1)
        #expect(counted("{SatisfactionSelected: 5}", sample) == 1)
    }

    @Test func inAndNotInMatchAnyAndNoneOfTheValues() {
        #expect(counted("{EndStatus: {in: [AgentTimeout, ChatbotReception]}}", sample) == 2)
        #expect(counted("{EndStatus: [AgentTimeout, ChatbotReception]}", sample) == 2)
        #expect(counted("{EndStatus: {not_in: [ChatbotReception]}}", sample) == 3)
        #expect(counted("{SatisfactionSelected: {in: [1, 2]}}", sample) == 2)
    }

    @Test func comparisonsAreStrictOrInclusiveAsNamed() {
        #expect(counted("{Duration: {above: 60}}", sample) == 2)
        #expect(counted("{Duration: {at_least: 60}}", sample) == 3)
        #expect(counted("{Duration: {below: 60}}", sample) == 1)
        #expect(counted("{Duration: {at_most: 60}}", sample) == 2)
        #expect(counted("{Duration: {above: 30, below: 600}}", sample) == 2)
    }

    @Test func comparisonOnAnUnratedSessionNeverMatches() {
        #expect(counted("{SatisfactionSelected: {at_most: 4}}", sample) == 2)
        #expect(counted("{not: {SatisfactionSelected: {at_most: 4}}}", sample) == 2)
    }

    @Test func matchesSearchesWithARegularExpression() {
        #expect(counted("{AgentId: {matches: \"^alice\"}}", sample) == 2)
        #expect(counted("{AgentId: {matches: \"^alice$\"}}", sample) == 1)
    }

    @Test func existsTellsRatedFromUnratedAndEmptyFromSet() {
        #expect(counted("{SatisfactionSelected: {exists: true}}", sample) == 3)
        #expect(counted("{SatisfactionSelected: {exists: false}}", sample) == 1)
        #expect(counted("{AgentId: {exists: false}}", sample) == 1)
    }

    /// Desk may add `EndStatus` values; exclusions must still let them through.
    @Test func undocumentedStatusPassesExclusionsAndFailsInclusions() {
        let novel = [chat("n", minute: 1, status: "BrandNewStatus")]
        #expect(counted("{EndStatus: {not_in: [ChatbotReception]}}", novel) == 1)
        #expect(counted("{not: {EndStatus: [AgentTimeout, UserTimeout]}}", novel) == 1)
        #expect(counted("{EndStatus: [AgentTimeout, UserTimeout]}", novel) == 0)
        #expect(counted("{EndStatus: {matches: \"^Brand\"}}", novel) == 1)
    }

    @Test func isNotExcludesOneValue() {
        #expect(counted("{EndStatus: {is_not: ChatbotReception}}", sample) == 3)
    }

    @Test func allAnyAndNotCombine() {
        #expect(counted("{any: [{EndStatus: AgentTimeout}, {Duration: {above: 500}}]}", sample) == 2)
        #expect(counted("{all: [{AgentId: {matches: alice}}, {SatisfactionSelected: {at_most: 2}}]}", sample) == 1)
        #expect(counted("{not: {any: [{EndStatus: AgentTimeout}, {EndStatus: ChatbotReception}]}}", sample) == 2)
    }

    @Test func severalFieldsInOneMappingMustAllMatch() {
        #expect(counted("{AgentId: alice, SatisfactionSelected: 5}", sample) == 1)
    }

    @Test func emptyPredicateMatchesEverySession() {
        #expect(counted("{}", sample) == 4)
    }
}
