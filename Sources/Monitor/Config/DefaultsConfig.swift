import ConfigSupport
import Rules

/// `defaults:`: what rules and receivers use unless they say otherwise.
public struct DefaultsConfig: Sendable {
    /// `delay` of rules that do not set it (`delay:`).
    public var delay: Duration
    /// `repeat_every` of rules that do not set it (`repeat_every:`); `nil` announces a firing alert
    /// once.
    public var repeatEvery: Duration?
    /// How long a message waits for others to the same receiver, to go out as one (`group_wait:`);
    /// 0 (the default) sends each evaluation's message at once.
    public var groupWait: Duration

    public init(delay: Duration = .seconds(Rule.defaultDelay), repeatEvery: Duration? = nil, groupWait: Duration = .zero) {
        self.delay = delay
        self.repeatEvery = repeatEvery
        self.groupWait = groupWait
    }

    static let keys = ["delay", "repeat_every", "group_wait"]

    /// Reads `defaults:`.
    static func read(_ value: YAMLValue, reader: inout YAMLReader) -> DefaultsConfig {
        var defaults = DefaultsConfig()
        guard let mapping = reader.mapping(value) else { return defaults }
        reader.rejectUnknownKeys(in: mapping, known: keys, context: "defaults key")
        if let value = mapping["delay"], let delay = reader.duration(value) { defaults.delay = delay }
        if let value = mapping["repeat_every"], let repeatEvery = reader.duration(value, atLeast: .seconds(60), allowZero: false) {
            defaults.repeatEvery = repeatEvery
        }
        if let value = mapping["group_wait"], let groupWait = reader.duration(value) {
            if groupWait > .seconds(600) {
                reader.error("group_wait is at most 10m: longer holds every alert back too long", key: value.path, at: value.position)
            } else {
                defaults.groupWait = groupWait
            }
        }
        return defaults
    }
}

extension DeskwatchConfig {
    /// What rule files are checked against and filled in with: the receivers, the schedules and
    /// the defaults of this configuration.
    public var ruleLoadOptions: RuleLoadOptions {
        RuleLoadOptions(
            knownReceivers: Set(receiverNames), knownSchedules: Set(schedules.keys), defaultDelay: Int(defaults.delay.components.seconds),
            defaultRepeatEvery: defaults.repeatEvery.map { Int($0.components.seconds) })
    }
}
