import Foundation
import Notify
import Rules
import Store
import Transport

/// Delivers to an `email` receiver: the mail composed by ``EmailMessage`` (threaded, so a
/// resolve lands under its firing), handed to an SMTP server or written to a folder.
public struct EmailDeliverer: MessageDeliverer {
    public var receiver: EmailReceiver
    public var sender: any MailSender
    /// The rules by name, for the summaries a message quotes.
    public var rules: @Sendable () -> [String: Rule]
    /// The status page, linked from messages when set.
    public var externalURL: String?

    /// - Parameter sender: the mail transport; by default the one `receiver` names (libcurl SMTP,
    ///   or a folder of `.eml` files).
    public init(
        receiver: EmailReceiver, sender: (any MailSender)? = nil, rules: @escaping @Sendable () -> [String: Rule] = { [:] },
        externalURL: String? = nil
    ) {
        self.receiver = receiver
        switch receiver.delivery {
        case .smtp(let configuration): self.sender = sender ?? CurlSMTPSender(configuration: configuration)
        case .folder(let folder): self.sender = sender ?? MailFolder(path: folder)
        }
        self.rules = rules
        self.externalURL = externalURL
    }

    public func deliver(_ message: OutboxMessage, now: Int) async -> DeliveryOutcome {
        let alert = AlertMessage(receiver: message.receiver, transitions: message.transitions, rules: rules(), externalURL: externalURL)
        let mail = EmailMessage(from: receiver.from, fromName: receiver.fromName, to: receiver.to).compose(alert, now: now)
        do {
            try await sender.send(SMTPEnvelope(from: receiver.from, recipients: receiver.to, message: mail))
            return .delivered
        } catch let error as TransportError {
            // A 4xx reply or a network failure is worth another try; a 5xx refusal is not.
            return NotificationTarget.outcome(of: error)
        } catch {
            return .retry(reason: "\(error)", after: nil)
        }
    }
}
