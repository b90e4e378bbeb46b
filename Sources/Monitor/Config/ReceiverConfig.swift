import Notify
import Transport

/// One receiver under `receivers:` in `deskwatch.yaml`: its name, its type, and the target its
/// messages are rendered for.
///
/// See ``DeskwatchConfig/load(path:environment:)`` for the keys of each type.
public struct ReceiverConfig: Sendable {
    /// The receiver types (`type:`).
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case wecom
        case dingtalk
        case feishu
        case lark
        case slack
        case teams
        case discord
        case googlechat
        case telegram
        case webhook
        case alertmanager
        case email
        case console
    }

    /// Where the messages of a receiver go.
    public enum Target: Sendable {
        /// A chat webhook, generic webhook or Alertmanager, reached with one HTTP request per message.
        case http(NotificationTarget)
        /// Mail over SMTP.
        case email(EmailReceiver)
        /// The terminal the monitor runs in.
        case console
    }

    /// The receiver's name (its key under `receivers:`), which rules name in `notify:`.
    public var name: String
    /// The receiver's type (`type:`).
    public var type: Kind
    /// The target, built from the receiver's settings.
    public var target: Target

    /// The shortest time between two messages to this receiver: the target's documented rate
    /// limit (WeCom and DingTalk 20 a minute per robot, Telegram 20 a minute per group, Feishu and
    /// Lark 100 a minute, Slack and Google Chat about one a second, Discord 5 in 2 seconds).
    public var minimumInterval: Duration {
        switch type {
        case .wecom, .dingtalk, .telegram: .seconds(3)
        case .feishu, .lark: .milliseconds(600)
        case .slack, .googlechat: .seconds(1)
        case .discord, .teams: .milliseconds(400)
        case .webhook, .alertmanager, .email, .console: .zero
        }
    }

    /// Creates a receiver.
    public init(name: String, type: Kind, target: Target) {
        self.name = name
        self.type = type
        self.target = target
    }
}

/// An `email` receiver: the SMTP server and how to log in to it (or a folder the mails are
/// written to), the sender and the recipients.
public struct EmailReceiver: Sendable {
    /// Where the mails go.
    public enum Delivery: Sendable {
        /// An SMTP server (`url`, `username`, `password`, `allow_plaintext`, `ca_file`).
        case smtp(SMTPConfiguration)
        /// A folder of `.eml` files (`folder:`), one per message, for trying templates and for the
        /// demo.
        case folder(String)
    }

    /// Where the mails go.
    public var delivery: Delivery
    /// The sender's bare address (`from:`), used for the envelope and the `From:` header.
    public var from: String
    /// The sender's display name, when `from:` is written as `Name <address>`.
    public var fromName: String?
    /// The recipients' bare addresses (`to:`), at least one.
    public var to: [String]

    /// Creates an email receiver.
    public init(delivery: Delivery, from: String, fromName: String? = nil, to: [String]) {
        self.delivery = delivery
        self.from = from
        self.fromName = fromName
        self.to = to
    }

    /// The SMTP settings, when the mails go to a server.
    public var smtp: SMTPConfiguration? {
        if case .smtp(let configuration) = delivery { return configuration }
        return nil
    }
}
