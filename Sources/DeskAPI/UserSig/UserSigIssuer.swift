import Crypto
import Foundation

/// Issues and verifies UserSigs (TLSSigAPIv2) for one application.
///
/// It holds the application's secret key and never prints it: ``description`` and `dump` leave it out.
public struct UserSigIssuer: Sendable {
    /// The application's SDKAppID.
    public let sdkAppID: Int
    private let key: SymmetricKey

    /// Creates an issuer for an application.
    /// - Parameters:
    ///   - sdkAppID: The application's SDKAppID.
    ///   - secretKey: The application's secret key, used as its UTF-8 bytes (not hex-decoded).
    public init(sdkAppID: Int, secretKey: String) {
        self.sdkAppID = sdkAppID
        self.key = SymmetricKey(data: Array(secretKey.utf8))
    }

    /// Issues a UserSig.
    /// - Parameters:
    ///   - identifier: The account the UserSig is for.
    ///   - expire: The lifetime in seconds (the vendor's default is 180 days, 15 552 000 s).
    ///   - time: The Unix time (seconds) of issue, normally now.
    ///   - userbuf: Optional raw bytes to bind into the UserSig; an empty array is present, unlike `nil`.
    /// - Returns: The UserSig, a credential: never log it.
    public func sign(identifier: String, expire: Int, time: Int, userbuf: [UInt8]? = nil) -> String {
        let token = UserSigToken(
            version: "2.0",
            identifier: identifier,
            sdkAppID: sdkAppID,
            expire: expire,
            time: time,
            userbuf: userbuf,
            signature: signature(identifier: identifier, time: time, expire: expire, userbuf: userbuf)
        )
        return token.encoded()
    }

    /// Verifies a UserSig for an identifier at a given time.
    ///
    /// Checks, in order: that it decodes, the SDKAppID, the identifier (byte for byte), the expiry
    /// (`now > time + expire` is expired; exactly `time + expire` is still valid), the userbuf
    /// (presence and bytes), then the HMAC, compared in constant time.
    /// - Returns: The decoded content, or the first check that failed.
    public func verify(_ userSig: String, identifier: String, now: Int, userbuf: [UInt8]? = nil) -> Result<UserSigToken, UserSigFailure> {
        let token: UserSigToken
        do {
            token = try UserSigToken.decode(userSig)
        } catch {
            return .failure(error)
        }
        guard token.sdkAppID == sdkAppID else {
            return .failure(.appIDMismatch(expected: sdkAppID, found: token.sdkAppID))
        }
        guard token.identifier.utf8.elementsEqual(identifier.utf8) else {
            return .failure(.identifierMismatch(expected: identifier, found: token.identifier))
        }
        guard now <= token.expiresAt else {
            return .failure(.expired(expiredAt: token.expiresAt, now: now))
        }
        guard token.userbuf == userbuf else {
            return .failure(.userbufMismatch)
        }
        guard let mac = UserSigBase64.standardDecode(token.signature),
            HMAC<SHA256>.isValidAuthenticationCode(
                mac,
                authenticating: Self.contentToSign(
                    identifier: identifier,
                    sdkAppID: sdkAppID,
                    time: token.time,
                    expire: token.expire,
                    userbuf: userbuf
                ),
                using: key
            )
        else {
            return .failure(.signatureMismatch)
        }
        return .success(token)
    }

    /// `TLS.sig`: the standard base64 of HMAC-SHA256 over ``contentToSign(identifier:sdkAppID:time:expire:userbuf:)``.
    func signature(identifier: String, time: Int, expire: Int, userbuf: [UInt8]?) -> String {
        let content = Self.contentToSign(identifier: identifier, sdkAppID: sdkAppID, time: time, expire: expire, userbuf: userbuf)
        let mac = HMAC<SHA256>.authenticationCode(for: content, using: key)
        return Data(mac).base64EncodedString()
    }

    /// The text that the HMAC covers, every line ending in `\n`, as UTF-8.
    static func contentToSign(identifier: String, sdkAppID: Int, time: Int, expire: Int, userbuf: [UInt8]?) -> [UInt8] {
        var text = "TLS.identifier:\(identifier)\nTLS.sdkappid:\(sdkAppID)\nTLS.time:\(time)\nTLS.expire:\(expire)\n"
        if let userbuf {
            text += "TLS.userbuf:\(Data(userbuf).base64EncodedString())\n"
        }
        return Array(text.utf8)
    }
}

extension UserSigIssuer: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The SDKAppID only; the secret key is never shown.
    public var description: String { "UserSigIssuer(sdkAppID: \(sdkAppID), secretKey: <redacted>)" }

    /// Same as ``description``.
    public var debugDescription: String { description }

    /// A mirror without the secret key, so that `dump` does not print it.
    public var customMirror: Mirror {
        Mirror(self, children: ["sdkAppID": sdkAppID, "secretKey": "<redacted>"], displayStyle: .struct)
    }
}
