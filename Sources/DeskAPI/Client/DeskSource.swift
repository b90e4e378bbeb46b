import Transport

/// Everything the client needs to call the API for one Desk application.
public struct DeskSource: Sendable {
    /// The name operators gave the source (used in messages, logs and metrics).
    public var name: String
    /// The application's SDKAppID.
    public var sdkAppID: Int
    /// An App administrator account.
    public var identifier: String
    /// The application's secret key, used to sign UserSigs.
    public var secretKey: Secret
    /// Scheme and host (and optional port) the requests go to, e.g. `https://console.tim.qq.com`.
    public var baseURL: String
    /// Requests per second this source may make.
    public var pace: Double
    /// Lifetime of the UserSigs the client makes, in seconds.
    public var userSigLifetime: Int
    /// The configuration key that says where requests go (`region` or `endpoint`), named in
    /// messages about a wrong host.
    public var locationSetting: String

    public init(
        name: String, sdkAppID: Int, identifier: String, secretKey: Secret, baseURL: String,
        pace: Double = 5, userSigLifetime: Int = 86_400, locationSetting: String = "region"
    ) {
        self.name = name
        self.sdkAppID = sdkAppID
        self.identifier = identifier
        self.secretKey = secretKey
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.pace = pace
        self.userSigLifetime = userSigLifetime
        self.locationSetting = locationSetting
    }

    /// The API path of the session-record call.
    public static let path = "/v4/desk_http_svc/describe_im_cdr_list"
}
