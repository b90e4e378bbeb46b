import Foundation
import Notify
import Rules
import Store

/// Delivers to a `console` receiver: the message as text on standard output (or wherever
/// `write` sends it), coloured when standard output is a terminal.
public struct ConsoleDeliverer: MessageDeliverer {
    public var write: @Sendable (String) -> Void
    public var colour: Bool
    public var rules: @Sendable () -> [String: Rule]
    public var externalURL: String?

    public init(
        colour: Bool = isatty(STDOUT_FILENO) == 1, rules: @escaping @Sendable () -> [String: Rule] = { [:] }, externalURL: String? = nil,
        write: @escaping @Sendable (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) }
    ) {
        self.write = write
        self.colour = colour
        self.rules = rules
        self.externalURL = externalURL
    }

    public func deliver(_ message: OutboxMessage, now: Int) async -> DeliveryOutcome {
        let alert = AlertMessage(receiver: message.receiver, transitions: message.transitions, rules: rules(), externalURL: externalURL)
        write(ConsoleText.render(alert, colour: colour))
        return .delivered
    }
}
