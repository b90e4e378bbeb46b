import Foundation
import Notify
import Rules
import Store
import Transport

/// Sends one outbox message to one receiver and says what became of it.
public protocol MessageDeliverer: Sendable {
    func deliver(_ message: OutboxMessage, now: Int) async -> DeliveryOutcome
}

/// Delivers to a chat webhook, a generic webhook or Alertmanager over HTTP.
public struct HTTPDeliverer: MessageDeliverer {
    public var target: NotificationTarget
    public var http: any HTTPClient
    /// The rules by name, for the summaries and descriptions a message quotes.
    public var rules: @Sendable () -> [String: Rule]
    /// The status page, linked from messages when set.
    public var externalURL: String?
    /// Told when the receiver's template failed and the default body was sent instead.
    public var onTemplateError: @Sendable (_ receiver: String, _ error: TemplateError) -> Void

    public init(
        target: NotificationTarget, http: any HTTPClient, rules: @escaping @Sendable () -> [String: Rule] = { [:] }, externalURL: String? = nil,
        onTemplateError: @escaping @Sendable (_ receiver: String, _ error: TemplateError) -> Void = { _, _ in }
    ) {
        self.target = target
        self.http = http
        self.rules = rules
        self.externalURL = externalURL
        self.onTemplateError = onTemplateError
    }

    public func deliver(_ message: OutboxMessage, now: Int) async -> DeliveryOutcome {
        let alert = AlertMessage(receiver: message.receiver, transitions: message.transitions, rules: rules(), externalURL: externalURL)
        let rendered = target.renderReporting(alert, now: now)
        if let error = rendered.templateError { onTemplateError(message.receiver, error) }
        let request = rendered.request
        do {
            return target.outcome(of: try await http.send(request))
        } catch let error as TransportError {
            return NotificationTarget.outcome(of: error)
        } catch {
            return .retry(reason: "\(error)", after: nil)
        }
    }
}
