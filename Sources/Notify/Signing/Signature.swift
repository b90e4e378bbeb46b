import Crypto
import Foundation
import Transport

/// The request signatures the targets ask for.
public enum Signature {
    /// DingTalk: `urlencode(base64(HMAC-SHA256(key: secret, message: "{timestamp_ms}\n{secret}")))`,
    /// ready for the `sign` query parameter.
    public static func dingTalk(secret: Secret, timestampMilliseconds: Int) -> String {
        let key = SymmetricKey(data: Data(secret.reveal().utf8))
        let message = Data("\(timestampMilliseconds)\n\(secret.reveal())".utf8)
        let mac = Data(HMAC<SHA256>.authenticationCode(for: message, using: key))
        return percentEncode(mac.base64EncodedString())
    }

    /// Feishu / Lark: `base64(HMAC-SHA256(key: "{timestamp_s}\n{secret}", message: empty))`, for
    /// the body's `sign`.
    public static func feishu(secret: Secret, timestampSeconds: Int) -> String {
        let key = SymmetricKey(data: Data("\(timestampSeconds)\n\(secret.reveal())".utf8))
        return Data(HMAC<SHA256>.authenticationCode(for: Data(), using: key)).base64EncodedString()
    }

    /// The generic webhook: `sha256=` and the lowercase hex HMAC-SHA256 of `body` under `secret`.
    public static func webhook(secret: Secret, body: Data) -> String {
        let key = SymmetricKey(data: Data(secret.reveal().utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: key)
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters.
    public static func percentEncode(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                output += String(format: "%%%02X", byte)
            }
        }
        return output
    }
}
