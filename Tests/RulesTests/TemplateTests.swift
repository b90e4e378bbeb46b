import Foundation
import Rules
import Testing

/// Summary placeholders are filled from the transition.
struct TemplateTests {
    @Test func summaryShowsRatioCountsAndQueueName() {
        let rule = makeRule(
            """
            group_by: [AgentGroupId]
            window: 1h
            delay: 0s
            condition: {ratio: {of: {EndStatus: UserTimeout}, above: 10%}}
            summary: "{{ratio}} of chats in {{group.AgentGroupName}} timed out ({{matches}} of {{total}}, threshold {{threshold}})"
            """)
        var engine = Engine(rules: [rule])
        engine.upsert([chat("a", minute: 1, queueName: "Sales", status: "UserTimeout"), chat("b", minute: 2, queueName: "Sales")])
        let transition = engine.evaluate(at: at(10)).first
        let text = transition.map { Transition.render(rule.summary, values: $0.templateValues(for: rule)) }
        #expect(text == "50% of chats in Sales timed out (1 of 2, threshold > 10%)")
    }

    @Test func renderEscapesEveryValueAndKeepsAnUnclosedBrace() {
        let text = Transition.render("hi {{name}} {{missing}}{{open", values: ["name": "<b>"]) { $0.replacingOccurrences(of: "<", with: "&lt;") }
        #expect(text == "hi &lt;b> {{open")
    }
}
