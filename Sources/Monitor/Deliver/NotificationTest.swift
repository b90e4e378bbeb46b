import Foundation
import Notify
import Rules
import Store
import Transport

/// `deskwatch notify test`: a sample alert sent to one receiver through the real path (its
/// target, template, signing and transport), with what the target answered.
public enum NotificationTest {
    /// What became of the sample.
    public struct Report: Sendable {
        /// Delivered, to be retried, or refused for good.
        public var outcome: DeliveryOutcome
        /// The target's answer: the HTTP status and body, or what the mail server or folder did.
        public var answer: String
    }

    /// The sample: a warning about 12 of 80 chats abandoned in a test queue, firing now.
    public static func sampleTransitions(now: Int) -> [Transition] {
        let group = AlertGroup(
            labels: [AlertGroup.Label(field: .agentGroupID, value: "0000")],
            display: [AlertGroup.Label(field: .agentGroupName, value: "deskwatch test queue")])
        let measurement = Measurement(verdict: .holds, value: 0.15, threshold: "> 10%", total: 80, matches: 12)
        return [
            Transition(
                rule: "deskwatch-notification-test", severity: .warning, group: group, event: .firing, from: .pending, to: .firing, at: now,
                measurement: measurement, sessionCount: 12, firedAt: now)
        ]
    }

    /// Sends the sample to `receiver`.
    public static func send(to receiver: ReceiverConfig, externalURL: String?, now: Int, http: any HTTPClient = CurlHTTPClient()) async -> Report {
        let transitions = sampleTransitions(now: now)
        let message = OutboxMessage(
            id: 0, messageID: "notification-test-\(now)", receiver: receiver.name, transitions: transitions, createdAt: now, nextAttemptAt: now,
            attempts: 0, state: .pending)
        switch receiver.target {
        case .http(let target):
            let alert = AlertMessage(receiver: receiver.name, transitions: transitions, rules: [:], externalURL: externalURL)
            let rendered = target.renderReporting(alert, now: now)
            let templateNote = rendered.templateError.map { " (the template failed, the default message was sent: \($0))" } ?? ""
            do {
                let response = try await http.send(rendered.request)
                let body = String(decoding: response.body.prefix(2000), as: UTF8.self)
                return Report(outcome: target.outcome(of: response), answer: "HTTP \(response.status): \(body)\(templateNote)")
            } catch let error as TransportError {
                return Report(outcome: NotificationTarget.outcome(of: error), answer: "\(error)")
            } catch {
                return Report(outcome: .retry(reason: "\(error)", after: nil), answer: "\(error)")
            }
        case .email(let mail):
            let outcome = await EmailDeliverer(receiver: mail, externalURL: externalURL).deliver(message, now: now)
            let answer: String
            switch (outcome, mail.delivery) {
            case (.delivered, .smtp(let smtp)):
                answer = "the server at \(URLRedaction.redact(smtp.url)) accepted the mail for \(mail.to.joined(separator: ", "))"
            case (.delivered, .folder(let folder)): answer = "written to \(folder)"
            default: answer = "not delivered"
            }
            return Report(outcome: outcome, answer: answer)
        case .console:
            return Report(outcome: await ConsoleDeliverer(externalURL: externalURL).deliver(message, now: now), answer: "printed above")
        }
    }
}
