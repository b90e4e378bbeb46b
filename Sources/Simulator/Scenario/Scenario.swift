import DeskAPI

/// A simulated Desk application: who may call it, what traffic it has, what goes wrong.
///
/// Scenario files are YAML; see `contrib/scenarios/` for commented examples. Times in a scenario
/// are ``ScenarioTime`` values, so an incident can be placed relative to the moment the
/// simulator starts ("-10m": it began ten minutes ago).
public struct Scenario: Sendable {
    /// The application the simulator pretends to be.
    public var application: Application
    /// Seed of every random choice: the same seed and scenario give the same records.
    public var seed: UInt64
    /// The simulated clock.
    public var clock: Clock
    /// How far back before the start traffic exists.
    public var history: Duration
    public var traffic: Traffic
    public var queues: [Queue]
    /// Channel (`ChannelType`) weights.
    public var channels: [String: Double]
    /// `EndStatus` weights for sessions that are not affected by an incident.
    public var endStatus: [String: Double]
    public var ratings: Ratings
    public var duration: SessionDuration
    public var publicationLag: PublicationLag
    public var incidents: [Incident]
    public var faults: Faults
    /// Records that always exist, in addition to the generated traffic.
    public var records: [FixedRecord]
    /// The largest `EndTimestamp - StartTimestamp` the simulator accepts (`nil`: any).
    public var maxRange: Duration?
    /// Requests per second above which the simulator answers 141009 (`nil`: no limit).
    public var rateLimitPerSecond: Double?

    public struct Application: Sendable {
        public var sdkAppID: Int
        /// App administrator accounts.
        public var identifiers: [String]
        /// The secret key UserSigs are verified with (may be replaced by a key file).
        public var secretKey: String

        public init(sdkAppID: Int = 1_400_000_000, identifiers: [String] = ["admin"], secretKey: String = "") {
            self.sdkAppID = sdkAppID
            self.identifiers = identifiers
            self.secretKey = secretKey
        }
    }

    public struct Clock: Sendable {
        /// The simulated time at which the simulator starts.
        public var start: ScenarioTime
        /// Simulated seconds per real second.
        public var speed: Double

        public init(start: ScenarioTime = .now, speed: Double = 1) {
            self.start = start
            self.speed = speed
        }
    }

    public struct Traffic: Sendable {
        /// Average sessions per hour when the curve is 1.
        public var perHour: Double
        /// 24 hourly multipliers (hour 0 first) in ``utcOffsetHours``; empty means flat.
        public var curve: [Double]
        /// Local time of the curve, hours east of UTC.
        public var utcOffsetHours: Int

        public init(perHour: Double = 120, curve: [Double] = [], utcOffsetHours: Int = 8) {
            self.perHour = perHour
            self.curve = curve
            self.utcOffsetHours = utcOffsetHours
        }
    }

    public struct Queue: Sendable {
        public var id: String
        public var name: String
        public var weight: Double
        public var agents: [String]

        public init(id: String, name: String, weight: Double = 1, agents: [String]) {
            self.id = id
            self.name = name
            self.weight = weight
            self.agents = agents
        }
    }

    public struct Ratings: Sendable {
        /// Share of served sessions that get a rating.
        public var rated: Double
        /// Star weights, index 0 for one star.
        public var stars: [Double]
        /// Share of ratings given only after the record is already visible.
        public var lateShare: Double
        /// How long after publication a late rating arrives at most.
        public var lateAfter: Duration

        public init(rated: Double = 0.5, stars: [Double] = [3, 4, 8, 25, 60], lateShare: Double = 0, lateAfter: Duration = .seconds(600)) {
            self.rated = rated
            self.stars = stars
            self.lateShare = lateShare
            self.lateAfter = lateAfter
        }
    }

    /// Log-normal session durations.
    public struct SessionDuration: Sendable {
        public var median: Duration
        /// Standard deviation of the logarithm.
        public var spread: Double

        public init(median: Duration = .seconds(300), spread: Double = 0.8) {
            self.median = median
            self.spread = spread
        }
    }

    /// When a finished session becomes visible in the API.
    public struct PublicationLag: Sendable {
        public var minimum: Duration
        public var maximum: Duration
        /// Share of records that are much later than usual.
        public var lateShare: Double
        /// How late those records are at most.
        public var lateMaximum: Duration

        public init(minimum: Duration = .zero, maximum: Duration = .zero, lateShare: Double = 0, lateMaximum: Duration = .zero) {
            self.minimum = minimum
            self.maximum = maximum
            self.lateShare = lateShare
            self.lateMaximum = lateMaximum
        }
    }

    public struct Incident: Sendable {
        public enum Kind: String, Sendable, CaseIterable {
            /// Sessions in `queue` end with `NoAgentsOnline`.
            case noAgents = "no_agents"
            /// Sessions in `queue` are abandoned while queueing.
            case abandonment
            /// `agent`'s rated sessions get one or two stars.
            case ratingsCollapse = "ratings_collapse"
            /// No sessions at all (or none in `queue`).
            case outage
            /// `factor` times the usual traffic (in `queue`, or everywhere).
            case volumeSpike = "volume_spike"
        }

        public var kind: Kind
        public var start: ScenarioTime
        public var duration: Duration
        public var queue: String?
        public var agent: String?
        /// Share of affected sessions (for no_agents, abandonment, ratings_collapse).
        public var share: Double
        /// Traffic multiplier for volume_spike.
        public var factor: Double

        public init(
            kind: Kind, start: ScenarioTime, duration: Duration, queue: String? = nil, agent: String? = nil, share: Double = 1, factor: Double = 3
        ) {
            self.kind = kind
            self.start = start
            self.duration = duration
            self.queue = queue
            self.agent = agent
            self.share = share
            self.factor = factor
        }
    }

    /// Probabilities of failures per request.
    public struct Faults: Sendable {
        public var internalError: Double
        public var rateLimited: Double
        public var http500: Double
        public var slow: Double
        public var slowDelay: Duration
        public var truncated: Double

        public init(
            internalError: Double = 0, rateLimited: Double = 0, http500: Double = 0, slow: Double = 0, slowDelay: Duration = .seconds(5),
            truncated: Double = 0
        ) {
            self.internalError = internalError
            self.rateLimited = rateLimited
            self.http500 = http500
            self.slow = slow
            self.slowDelay = slowDelay
            self.truncated = truncated
        }
    }

    /// A record given in full, visible from `visibleAt` (default: its timestamp).
    public struct FixedRecord: Sendable {
        public var record: SessionRecord
        public var visibleAt: ScenarioTime?

        public init(record: SessionRecord, visibleAt: ScenarioTime? = nil) {
            self.record = record
            self.visibleAt = visibleAt
        }
    }

    public init(
        application: Application = Application(), seed: UInt64 = 1, clock: Clock = Clock(), history: Duration = .seconds(2 * 86_400),
        traffic: Traffic = Traffic(), queues: [Queue] = Scenario.defaultQueues, channels: [String: Double] = ["SDK": 6, "Web": 4],
        endStatus: [String: Double] = Scenario.defaultEndStatus, ratings: Ratings = Ratings(), duration: SessionDuration = SessionDuration(),
        publicationLag: PublicationLag = PublicationLag(), incidents: [Incident] = [], faults: Faults = Faults(), records: [FixedRecord] = [],
        maxRange: Duration? = nil, rateLimitPerSecond: Double? = nil
    ) {
        self.application = application
        self.seed = seed
        self.clock = clock
        self.history = history
        self.traffic = traffic
        self.queues = queues
        self.channels = channels
        self.endStatus = endStatus
        self.ratings = ratings
        self.duration = duration
        self.publicationLag = publicationLag
        self.incidents = incidents
        self.faults = faults
        self.records = records
        self.maxRange = maxRange
        self.rateLimitPerSecond = rateLimitPerSecond
    }

    public static let defaultQueues: [Queue] = [
        Queue(
            id: "3067", name: "Online customer service", weight: 3,
            agents: ["shannon@example.com", "li.wei@example.com", "maria@example.com", "kenji@example.com"]),
        Queue(id: "3070", name: "Billing", weight: 2, agents: ["zhang.min@example.com", "omar@example.com", "ana@example.com"]),
        Queue(id: "3081", name: "VIP 专线", weight: 1, agents: ["chen.jing@example.com", "lucas@example.com"]),
    ]

    public static let defaultEndStatus: [String: Double] = [
        "AgentEndedSession": 46, "UserEndedSession": 28, "UserTimeout": 6, "AgentTimeout": 2, "ChatbotReception": 10,
        "NoAgentsOnline": 1, "TimeoutTransfer": 1, "ManualTransfer": 3, "UserAbandonedDuringQueueing": 3,
    ]
}
