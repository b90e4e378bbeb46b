/// The timings of a rule that drive its alert states, in seconds.
public struct AlertTiming: Sendable, Hashable, Codable {
    /// `for`: how long the condition must hold before firing.
    public var pendingFor: Int
    /// `keep_firing_for`: how long to stay firing after the condition stops holding.
    public var keepFiringFor: Int
    /// `repeat_every`: how often to announce a firing alert again; `nil` for once.
    public var repeatEvery: Int?

    /// Creates an alert timing.
    public init(pendingFor: Int = 0, keepFiringFor: Int = 0, repeatEvery: Int? = nil) {
        self.pendingFor = pendingFor
        self.keepFiringFor = keepFiringFor
        self.repeatEvery = repeatEvery
    }
}
