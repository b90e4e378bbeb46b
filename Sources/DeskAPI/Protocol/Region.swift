/// The regional domains of the IM REST API family (a Desk application lives in one region).
public enum Region: String, Sendable, CaseIterable, Codable {
    case china
    case singapore
    case seoul
    case tokyo
    case frankfurt
    case siliconValley = "silicon-valley"
    case jakarta
    case mumbai

    /// The API host of the region.
    public var domain: String {
        switch self {
        case .china: "console.tim.qq.com"
        case .singapore: "adminapisgp.im.qcloud.com"
        case .seoul: "adminapikr.im.qcloud.com"
        case .tokyo: "adminapijpn.im.qcloud.com"
        case .frankfurt: "adminapiger.im.qcloud.com"
        case .siliconValley: "adminapiusa.im.qcloud.com"
        case .jakarta: "adminapiidn.im.qcloud.com"
        case .mumbai: "adminapiind.im.qcloud.com"
        }
    }

    /// A second host the vendor documents for the region, if any.
    public var backupDomain: String? {
        switch self {
        case .china: "adminapi.my-imcloud.com"
        default: nil
        }
    }

    /// The base URL requests go to, e.g. `https://console.tim.qq.com`.
    public var baseURL: String { "https://\(domain)" }
}
