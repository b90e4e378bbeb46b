import ArgumentParser
import Foundation
import Monitor
import Notify

/// `deskwatch notify`: notification helpers.
struct NotifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Notification helpers.",
        subcommands: [NotifyTestCommand.self]
    )
}

/// `deskwatch notify test RECEIVER --config FILE`.
struct NotifyTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Send a sample alert to a receiver through the real path and print what the target answered.",
        discussion: """
            The sample is a warning ("deskwatch-notification-test": 12 of 80 chats abandoned in a test \
            queue), rendered with the receiver's template if it has one, signed and sent exactly as \
            the monitor sends. Exits 0 when the target accepted it, 1 otherwise.
            """
    )

    @Argument(help: "The receiver's name (its key under `receivers:`).") var receiver: String
    @Option(help: "Configuration file.") var config: String

    func run() async throws {
        let loaded = try CommandConfig.load(config)
        guard let target = loaded.receivers.first(where: { $0.name == receiver }) else {
            let names = loaded.receiverNames.isEmpty ? "none are configured" : "configured: \(loaded.receiverNames.joined(separator: ", "))"
            throw ValidationError("no receiver named '\(receiver)'; \(names)")
        }
        let report = await NotificationTest.send(
            to: target, externalURL: loaded.status.externalURL, now: Int(Date().timeIntervalSince1970))
        print("\(receiver) (\(target.type.rawValue)) answered: \(report.answer)")
        switch report.outcome {
        case .delivered:
            print("delivered")
        case .retry(let reason, _):
            print("not delivered (a failure that may pass; the monitor would retry): \(reason)")
            throw ExitCode(1)
        case .permanent(let reason):
            print("not delivered (refused; the monitor would keep it as a dead letter): \(reason)")
            throw ExitCode(1)
        }
    }
}
