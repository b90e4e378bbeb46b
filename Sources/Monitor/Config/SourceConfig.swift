import ConfigSupport
import DeskAPI
import Transport

/// One Desk application to poll, as configured under `sources:` in `deskwatch.yaml`.
///
/// See ``DeskwatchConfig/load(path:environment:)`` for the keys and their defaults.
public struct SourceConfig: Sendable, Equatable {
    /// Where the API requests of a source go.
    public enum Location: Sendable, Equatable {
        /// The vendor's API in a region (`region:`).
        case region(Region)
        /// Another server speaking the same API, such as the simulator (`endpoint:`), given as
        /// `scheme://host[:port]`.
        case endpoint(String)

        /// The key that set it: `region` or `endpoint`.
        public var settingName: String {
            switch self {
            case .region: "region"
            case .endpoint: "endpoint"
            }
        }

        /// Scheme and host (and port) requests go to, without a trailing slash.
        public var baseURL: String {
            switch self {
            case .region(let region): region.baseURL
            case .endpoint(let url): url.hasSuffix("/") ? String(url.dropLast()) : url
            }
        }
    }

    /// Requests per second when `pace` is not set.
    public static let defaultPace = 5.0
    /// Time between polls when `poll_every` is not set.
    public static let defaultPollEvery = Duration.seconds(30)
    /// How far back each poll re-reads when `lookback` is not set.
    public static let defaultLookback = Duration.seconds(30 * 60)
    /// How far back the first poll reads when `backfill` is not set.
    public static let defaultBackfill = Duration.seconds(24 * 3_600)
    /// Lifetime of UserSigs when `usersig_expire` is not set.
    public static let defaultUserSigExpire = Duration.seconds(86_400)
    /// The shortest UserSig lifetime accepted.
    public static let minimumUserSigExpire = Duration.seconds(5 * 60)
    /// Time allowed to connect when `connect_timeout` is not set.
    public static let defaultConnectTimeout = Duration.seconds(10)
    /// Time allowed for a whole request when `timeout` is not set.
    public static let defaultTimeout = Duration.seconds(30)

    /// Unique name of the source (`name:`), `[a-z0-9][a-z0-9_-]*`.
    public var name: String
    /// The application's SDKAppID (`sdkappid:`).
    public var sdkAppID: Int
    /// Region or endpoint the requests go to (`region:` or `endpoint:`).
    public var location: Location
    /// The App administrator account (`identifier:`).
    public var identifier: String
    /// The application's secret key (`secret_key:` or `secret_key_file:`).
    public var secretKey: Secret
    /// Requests per second (`pace:`).
    public var pace: Double
    /// Time between polls (`poll_every:`).
    public var pollEvery: Duration
    /// How far back each poll re-reads (`lookback:`).
    public var lookback: Duration
    /// How far back the first poll reads (`backfill:`).
    public var backfill: Duration
    /// Lifetime of the UserSigs made for this source (`usersig_expire:`).
    public var userSigExpire: Duration
    /// Absolute path of extra CA certificates to trust (`ca_file:`), if any.
    public var caFile: String?
    /// Time allowed to connect (`connect_timeout:`).
    public var connectTimeout: Duration
    /// Time allowed for a whole request (`timeout:`).
    public var timeout: Duration

    /// Creates a source; everything but the identity of the application has a default.
    public init(
        name: String, sdkAppID: Int, location: Location = .region(.china), identifier: String, secretKey: Secret,
        pace: Double = defaultPace, pollEvery: Duration = defaultPollEvery, lookback: Duration = defaultLookback,
        backfill: Duration = defaultBackfill, userSigExpire: Duration = defaultUserSigExpire, caFile: String? = nil,
        connectTimeout: Duration = defaultConnectTimeout, timeout: Duration = defaultTimeout
    ) {
        self.name = name
        self.sdkAppID = sdkAppID
        self.location = location
        self.identifier = identifier
        self.secretKey = secretKey
        self.pace = pace
        self.pollEvery = pollEvery
        self.lookback = lookback
        self.backfill = backfill
        self.userSigExpire = userSigExpire
        self.caFile = caFile
        self.connectTimeout = connectTimeout
        self.timeout = timeout
    }
}
