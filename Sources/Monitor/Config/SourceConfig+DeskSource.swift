import ConfigSupport
import DeskAPI
import Transport

extension SourceConfig {
    /// The value the API client works with: base URL from the region or endpoint, pace, and the
    /// UserSig lifetime in whole seconds.
    public func deskSource() -> DeskSource {
        DeskSource(
            name: name, sdkAppID: sdkAppID, identifier: identifier, secretKey: secretKey, baseURL: location.baseURL, pace: pace,
            userSigLifetime: Int(userSigExpire.components.seconds), locationSetting: location.settingName)
    }
}

extension SourceConfig {
    /// The HTTP settings of this source's client: its timeouts and its CA file.
    public var httpConfiguration: HTTPClientConfiguration {
        HTTPClientConfiguration(connectTimeout: connectTimeout, timeout: timeout, caFile: caFile)
    }
}
