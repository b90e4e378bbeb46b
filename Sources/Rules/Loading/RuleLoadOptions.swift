/// What the loader checks rules against, taken from the configuration.
public struct RuleLoadOptions: Sendable, Hashable {
    /// Receiver names `notify:` may use; `nil` when no configuration was given (not checked).
    public var knownReceivers: Set<String>?
    /// Schedule names `active:` may use; `nil` when no configuration was given (not checked).
    public var knownSchedules: Set<String>?
    /// `delay` for rules that do not set it, in seconds (`defaults.delay`).
    public var defaultDelay: Int
    /// `repeat_every` for rules that do not set it, in seconds (`defaults.repeat_every`); `nil` to
    /// announce a firing alert once.
    public var defaultRepeatEvery: Int?

    /// Creates load options; without known names, receivers and schedules are not checked.
    public init(
        knownReceivers: Set<String>? = nil, knownSchedules: Set<String>? = nil, defaultDelay: Int = Rule.defaultDelay,
        defaultRepeatEvery: Int? = nil
    ) {
        self.knownReceivers = knownReceivers
        self.knownSchedules = knownSchedules
        self.defaultDelay = defaultDelay
        self.defaultRepeatEvery = defaultRepeatEvery
    }
}
