/// One alerting rule, as read from a rule file.
///
/// A rule selects sessions (`filter`), splits them into groups (`groupBy`), looks at a sliding
/// window that ends `delay` before the evaluation time, and asks its ``Condition``. The alert
/// timings (`pendingFor`, `keepFiringFor`, `repeatEvery`) drive the ``AlertState`` of each group.
public struct Rule: Sendable, Hashable, Codable {
    /// Unique name across all rule files.
    public var name: String
    /// What the rule watches, in a sentence.
    public var description: String
    /// How urgent its alerts are.
    public var severity: Severity
    /// The sessions the rule looks at (`where:`).
    public var filter: Predicate
    /// One alert per distinct value of these fields (`group_by:`); empty for one alert overall.
    public var groupBy: [SessionField]
    /// Window length in seconds (a whole number of minutes).
    public var window: Int
    /// How long after a session's end it is first counted, in seconds (a whole number of minutes).
    public var delay: Int
    /// What must hold.
    public var condition: Condition
    /// How long the condition must hold before the alert fires (`for:`), in seconds.
    public var pendingFor: Int
    /// How long a firing alert stays firing after the condition stops holding, in seconds.
    public var keepFiringFor: Int
    /// The named schedule that says when the rule is active (`active:`); `nil` for always.
    public var schedule: String?
    /// Receivers (`notify:`).
    public var receivers: [String]
    /// Repeat a firing alert this often, in seconds; `nil` to announce it once.
    public var repeatEvery: Int?
    /// The message template (`summary:`).
    public var summary: String
    /// Extra labels attached to every alert.
    public var labels: [String: String]
    /// Extra text attached to every alert (a runbook link, an owner).
    public var annotations: [String: String]
    /// Where the rule was read from (not part of its definition).
    public var origin: Origin

    /// A position in a rule file.
    public struct Origin: Sendable, Hashable, Codable, CustomStringConvertible {
        /// The file as the caller named it.
        public var file: String
        /// 1-based line of the rule's first key.
        public var line: Int

        /// Creates an origin.
        public init(file: String, line: Int) {
            self.file = file
            self.line = line
        }

        /// `file:line`.
        public var description: String { "\(file):\(line)" }
    }

    /// The default `delay`: two minutes for late records to arrive.
    public static let defaultDelay = 120

    /// Creates a rule; the defaults match an empty key in a rule file.
    public init(
        name: String, description: String = "", severity: Severity = .warning, filter: Predicate = .always,
        groupBy: [SessionField] = [], window: Int = 3600, delay: Int = Rule.defaultDelay, condition: Condition,
        pendingFor: Int = 0, keepFiringFor: Int = 0, schedule: String? = nil, receivers: [String] = [],
        repeatEvery: Int? = nil, summary: String = "", labels: [String: String] = [:], annotations: [String: String] = [:],
        origin: Origin = Origin(file: "", line: 0)
    ) {
        self.name = name
        self.description = description
        self.severity = severity
        self.filter = filter
        self.groupBy = groupBy
        self.window = window
        self.delay = delay
        self.condition = condition
        self.pendingFor = pendingFor
        self.keepFiringFor = keepFiringFor
        self.schedule = schedule
        self.receivers = receivers
        self.repeatEvery = repeatEvery
        self.summary = summary
        self.labels = labels
        self.annotations = annotations
        self.origin = origin
    }
}
