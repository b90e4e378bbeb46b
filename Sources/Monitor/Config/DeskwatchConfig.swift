import ConfigSupport
import Rules

/// The contents of `deskwatch.yaml`, as far as they are read so far.
///
/// Load one with ``load(path:environment:)``; the keys are listed there.
public struct DeskwatchConfig: Sendable {
    /// Sessions are kept this long unless `retention:` says otherwise.
    public static let defaultRetention = Duration.seconds(35 * 86_400)

    /// The Desk applications to poll (`sources:`), in file order.
    public var sources: [SourceConfig]
    /// Absolute path of the state database (`state:`), when set.
    public var state: String?
    /// Absolute paths of rule folders or files (`rules:`).
    public var rules: [String]
    /// How long sessions are kept (`retention:`).
    public var retention: Duration
    /// The names of the receivers (`receivers:` keys), in file order; rules may only notify these.
    /// A loaded configuration has a receiver for each of them, in the same order.
    public var receiverNames: [String]
    /// The receivers (`receivers:`), in file order.
    public var receivers: [ReceiverConfig]
    /// The named schedules (`schedules:`) rules refer to with `active:`.
    public var schedules: [String: Schedule]
    /// The status server (`status:`).
    public var status: StatusConfig
    /// Logging (`log:`).
    public var log: LogConfig
    /// Defaults for rules and receivers (`defaults:`).
    public var defaults: DefaultsConfig
    /// Label-based routes to receivers besides each rule's `notify:` (`routes:`), in file order.
    public var routes: [Route]
    /// Which firing alerts hold back which others (`inhibit:`), in file order.
    public var inhibitRules: [InhibitRule]
    /// Warnings found while loading: nothing that stops the monitor, but worth fixing.
    public var warnings: [ConfigDiagnostic]

    /// Creates a configuration.
    public init(
        sources: [SourceConfig] = [], state: String? = nil, rules: [String] = [], retention: Duration = DeskwatchConfig.defaultRetention,
        receiverNames: [String] = [], receivers: [ReceiverConfig] = [], schedules: [String: Schedule] = [:], routes: [Route] = [],
        inhibitRules: [InhibitRule] = [], status: StatusConfig = StatusConfig(), log: LogConfig = LogConfig(),
        defaults: DefaultsConfig = DefaultsConfig(),
        warnings: [ConfigDiagnostic] = []
    ) {
        self.sources = sources
        self.state = state
        self.rules = rules
        self.retention = retention
        self.receiverNames = receiverNames
        self.receivers = receivers
        self.schedules = schedules
        self.status = status
        self.log = log
        self.defaults = defaults
        self.routes = routes
        self.inhibitRules = inhibitRules
        self.warnings = warnings
    }

    /// The router for the evaluator: `routes:` and `inhibit:`.
    public var router: AlertRouter { AlertRouter(routes: routes, inhibitRules: inhibitRules) }
}
