import Foundation

/// Why a UserSig could not be decoded or did not verify.
///
/// No case carries the UserSig itself or the secret key, and neither appears in ``description``.
public enum UserSigFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text is not a UserSig: bad base64, bad zlib stream, bad JSON or a missing field.
    /// The reason names what is wrong without echoing the input.
    case undecodable(String)
    /// The UserSig was issued for another SDKAppID.
    case appIDMismatch(expected: Int, found: Int)
    /// The UserSig was issued for another identifier (compared byte for byte as UTF-8).
    case identifierMismatch(expected: String, found: String)
    /// The UserSig expired at `expiredAt` (Unix seconds), before `now`.
    case expired(expiredAt: Int, now: Int)
    /// The UserSig carries a userbuf where none was expected, none where one was, or a different one.
    case userbufMismatch
    /// The HMAC does not match: the UserSig was signed with another key, or was altered.
    case signatureMismatch

    /// A sentence for a person, naming what is wrong and, where it helps, what to check.
    public var description: String {
        switch self {
        case .undecodable(let reason):
            "UserSig cannot be decoded: \(reason)"
        case .appIDMismatch(let expected, let found):
            "SDKAppID mismatch: the UserSig was issued for SDKAppID \(found), expected \(expected)"
        case .identifierMismatch(let expected, let found):
            "identifier mismatch: the UserSig was issued for \(found.debugDescription), expected \(expected.debugDescription)"
        case .expired(let expiredAt, let now):
            "expired at \(Self.timestamp(expiredAt)) (now \(Self.timestamp(now)))"
        case .userbufMismatch:
            "userbuf mismatch: the UserSig's userbuf is missing, unexpected, or different from the expected one"
        case .signatureMismatch:
            "signature mismatch: the secret key does not match the one that signed this UserSig"
        }
    }

    /// Formats Unix seconds as an ISO 8601 UTC timestamp, or as a plain number when out of the calendar's range.
    static func timestamp(_ seconds: Int) -> String {
        // 0001-01-01T00:00:00Z ... 9999-12-31T23:59:59Z
        guard (-62_135_596_800...253_402_300_799).contains(seconds) else { return "Unix time \(seconds)" }
        return Date(timeIntervalSince1970: TimeInterval(seconds)).formatted(.iso8601)
    }
}
