import Foundation

/// The decoded content of a UserSig (TLSSigAPIv2): the JSON object inside its zlib stream.
///
/// Decoding checks the format only; ``UserSigIssuer/verify(_:identifier:now:userbuf:)`` checks the content.
/// The fields together with ``signature`` are as good as the UserSig itself, so ``description`` leaves the signature out.
public struct UserSigToken: Sendable, Equatable {
    /// `TLS.ver`, "2.0" for this format.
    public var version: String
    /// `TLS.identifier`, the account the UserSig was issued for.
    public var identifier: String
    /// `TLS.sdkappid`, the application the UserSig was issued for.
    public var sdkAppID: Int
    /// `TLS.expire`, the lifetime in seconds from ``time``.
    public var expire: Int
    /// `TLS.time`, the Unix time (seconds) of issue.
    public var time: Int
    /// `TLS.userbuf` decoded from base64, or `nil` when the UserSig carries none.
    /// An empty userbuf is present and differs from none, as in the vendor's libraries.
    public var userbuf: [UInt8]?
    /// `TLS.sig`, the standard base64 of the HMAC-SHA256.
    public var signature: String

    /// The Unix time (seconds) after which the UserSig is expired: `time + expire`, saturating rather than overflowing.
    public var expiresAt: Int {
        let (sum, overflow) = time.addingReportingOverflow(expire)
        guard overflow else { return sum }
        return expire > 0 ? Int.max : Int.min
    }

    /// The most characters a UserSig may have to be decoded.
    static let maximumEncodedLength = 64 * 1024
    /// The most bytes the zlib stream of a UserSig may inflate to.
    static let maximumJSONLength = 64 * 1024

    init(version: String, identifier: String, sdkAppID: Int, expire: Int, time: Int, userbuf: [UInt8]?, signature: String) {
        self.version = version
        self.identifier = identifier
        self.sdkAppID = sdkAppID
        self.expire = expire
        self.time = time
        self.userbuf = userbuf
        self.signature = signature
    }

    /// Decodes a UserSig: base64 (UserSig variant), then zlib, then JSON.
    ///
    /// Surrounding whitespace is ignored. Every field but `TLS.userbuf` is required; integer fields
    /// are also accepted as decimal strings, which some of the vendor's libraries can write.
    /// - Throws: ``UserSigFailure/undecodable(_:)`` with a reason that never echoes the input.
    public static func decode(_ userSig: String) throws(UserSigFailure) -> UserSigToken {
        let text = userSig.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw .undecodable("the UserSig is empty") }
        guard text.utf8.count <= maximumEncodedLength else {
            throw .undecodable("the UserSig is longer than \(maximumEncodedLength) characters")
        }
        guard let compressed = UserSigBase64.decode(text) else {
            throw .undecodable("not valid base64 (UserSig variant with *, - and _)")
        }
        let json: [UInt8]
        do {
            json = try Zlib.decompress(compressed, limit: maximumJSONLength)
        } catch {
            throw .undecodable("the decoded bytes are not usable zlib data: \(error.description)")
        }
        let payload: Payload
        do {
            payload = try JSONDecoder().decode(Payload.self, from: Data(json))
        } catch let error as DecodingError {
            throw .undecodable(reason(for: error))
        } catch {
            throw .undecodable("the content is not valid JSON")
        }
        var userbuf: [UInt8]?
        if let encoded = payload.userbuf {
            guard let bytes = UserSigBase64.standardDecode(encoded) else { throw .undecodable("field TLS.userbuf is not valid base64") }
            userbuf = bytes
        }
        guard UserSigBase64.standardDecode(payload.sig) != nil else { throw .undecodable("field TLS.sig is not valid base64") }
        return UserSigToken(
            version: payload.ver,
            identifier: payload.identifier,
            sdkAppID: payload.sdkappid,
            expire: payload.expire,
            time: payload.time,
            userbuf: userbuf,
            signature: payload.sig
        )
    }

    /// The UserSig for this content: JSON, zlib, then base64 (UserSig variant).
    func encoded() -> String {
        let json = jsonBytes()
        let compressed = (try? Zlib.compress(json)) ?? Zlib.storedStream(json)
        return UserSigBase64.encode(compressed)
    }

    /// The JSON object, compact, with `TLS.userbuf` only when a userbuf is present.
    func jsonBytes() -> [UInt8] {
        var members = [
            "\"TLS.ver\":\(Self.jsonString(version))",
            "\"TLS.identifier\":\(Self.jsonString(identifier))",
            "\"TLS.sdkappid\":\(sdkAppID)",
            "\"TLS.expire\":\(expire)",
            "\"TLS.time\":\(time)",
        ]
        if let userbuf {
            members.append("\"TLS.userbuf\":\(Self.jsonString(Data(userbuf).base64EncodedString()))")
        }
        members.append("\"TLS.sig\":\(Self.jsonString(signature))")
        return Array("{\(members.joined(separator: ","))}".utf8)
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped, everything else as UTF-8.
    static func jsonString(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
        return out
    }

    private static func reason(for error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _):
            return "missing field \(key.stringValue)"
        case .valueNotFound(_, let context), .typeMismatch(_, let context), .dataCorrupted(let context):
            guard let field = context.codingPath.last?.stringValue else {
                return context.codingPath.isEmpty && isTypeError(error) ? "the content is not a JSON object" : "the content is not valid JSON"
            }
            return "field \(field) is missing a value or has the wrong type"
        @unknown default:
            return "the content is not a valid UserSig object"
        }
    }

    private static func isTypeError(_ error: DecodingError) -> Bool {
        if case .typeMismatch = error { return true }
        return false
    }

    /// The JSON object as written by the vendor's libraries.
    private struct Payload: Decodable {
        var ver: String
        var identifier: String
        var sdkappid: Int
        var expire: Int
        var time: Int
        var userbuf: String?
        var sig: String

        enum CodingKeys: String, CodingKey {
            case ver = "TLS.ver"
            case identifier = "TLS.identifier"
            case sdkappid = "TLS.sdkappid"
            case expire = "TLS.expire"
            case time = "TLS.time"
            case userbuf = "TLS.userbuf"
            case sig = "TLS.sig"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            ver = try container.decode(String.self, forKey: .ver)
            identifier = try container.decode(String.self, forKey: .identifier)
            sdkappid = try Self.integer(container, .sdkappid)
            expire = try Self.integer(container, .expire)
            time = try Self.integer(container, .time)
            userbuf = try container.decodeIfPresent(String.self, forKey: .userbuf)
            sig = try container.decode(String.self, forKey: .sig)
        }

        /// An integer, or a string holding a decimal integer.
        private static func integer(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Int {
            guard container.contains(key) else {
                throw DecodingError.keyNotFound(key, .init(codingPath: container.codingPath, debugDescription: "missing"))
            }
            if let value = try? container.decode(Int.self, forKey: key) { return value }
            if let text = try? container.decode(String.self, forKey: key), let value = Int(text) { return value }
            throw DecodingError.typeMismatch(Int.self, .init(codingPath: container.codingPath + [key], debugDescription: "not an integer"))
        }
    }
}

extension UserSigToken: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The fields without the signature.
    public var description: String {
        let userbufText = userbuf.map { "\($0.count) bytes" } ?? "none"
        return "UserSigToken(version: \(version.debugDescription), identifier: \(identifier.debugDescription), sdkAppID: \(sdkAppID), "
            + "time: \(time), expire: \(expire), userbuf: \(userbufText), signature: <redacted>)"
    }

    /// Same as ``description``: the signature is left out.
    public var debugDescription: String { description }

    /// A mirror without the signature, so that `dump` does not print it.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "version": version, "identifier": identifier, "sdkAppID": sdkAppID, "expire": expire, "time": time,
                "userbuf": userbuf as Any, "signature": "<redacted>",
            ],
            displayStyle: .struct
        )
    }
}
