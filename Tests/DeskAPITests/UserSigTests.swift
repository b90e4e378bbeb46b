import Foundation
import Testing

@testable import DeskAPI

struct UserSigTests {
    // MARK: - Fixtures

    /// `usersig-vectors.json`, made with the vendor's official Python package.
    struct VectorFile: Decodable {
        var vectors: [Vector]
    }

    struct Vector: Decodable {
        var sdkappid: Int
        var key: String
        var identifier: String
        var expire: Int
        var time: Int
        var userbufBase64: String?
        var usersig: String
        var decodedJSON: DecodedJSON

        enum CodingKeys: String, CodingKey {
            case sdkappid, key, identifier, expire, time, usersig
            case userbufBase64 = "userbuf_base64"
            case decodedJSON = "decoded_json"
        }

        var userbuf: [UInt8]? {
            userbufBase64.flatMap { Data(base64Encoded: $0) }.map { [UInt8]($0) }
        }

        var issuer: UserSigIssuer { UserSigIssuer(sdkAppID: sdkappid, secretKey: key) }
    }

    struct DecodedJSON: Decodable {
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
    }

    static let key = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"
    static let otherKey = "0000000000000000000000000000000000000000000000000000000000000000"
    static let appID = 1_400_000_000
    static let issuer = UserSigIssuer(sdkAppID: appID, secretKey: key)

    /// Reads the vectors from `../shared/reference/` beside the package root.
    func loadVectors() throws -> [Vector] {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
            let parent = directory.deletingLastPathComponent()
            try #require(parent.path != directory.path, "no Package.swift above the test file")
            directory = parent
        }
        let url = directory.appendingPathComponent("../shared/reference/usersig-vectors.json").standardizedFileURL
        let vectors = try JSONDecoder().decode(VectorFile.self, from: Data(contentsOf: url)).vectors
        try #require(!vectors.isEmpty)
        return vectors
    }

    /// A UserSig made of arbitrary bytes: zlib, then the UserSig base64 variant.
    func craft(_ json: String) throws -> String {
        UserSigBase64.encode(try Zlib.compress(Array(json.utf8)))
    }

    func failure(_ result: Result<UserSigToken, UserSigFailure>) -> UserSigFailure? {
        if case .failure(let failure) = result { return failure }
        return nil
    }

    func undecodableReason(_ userSig: String) -> String? {
        do {
            _ = try UserSigToken.decode(userSig)
            return nil
        } catch {
            guard case .undecodable(let reason) = error else { return nil }
            return reason
        }
    }

    func expectMatches(_ token: UserSigToken, _ json: DecodedJSON) {
        #expect(token.version == json.ver)
        #expect(token.identifier == json.identifier)
        #expect(token.sdkAppID == json.sdkappid)
        #expect(token.expire == json.expire)
        #expect(token.time == json.time)
        #expect(token.userbuf == json.userbuf.flatMap { Data(base64Encoded: $0) }.map { [UInt8]($0) })
        #expect(token.signature == json.sig)
    }

    // MARK: - Official vectors

    @Test func officialVectorsDecodeToTheirFields() throws {
        let vectors = try loadVectors()
        #expect(vectors.count == 4)
        for vector in vectors {
            let token = try UserSigToken.decode(vector.usersig)
            expectMatches(token, vector.decodedJSON)
            #expect(token.identifier == vector.identifier)
            #expect(token.sdkAppID == vector.sdkappid)
            #expect(token.expire == vector.expire)
            #expect(token.time == vector.time)
            #expect(token.userbuf == vector.userbuf)
            #expect(token.expiresAt == vector.time + vector.expire)
        }
    }

    @Test func officialVectorsHMACRecomputes() throws {
        for vector in try loadVectors() {
            let signature = vector.issuer.signature(identifier: vector.identifier, time: vector.time, expire: vector.expire, userbuf: vector.userbuf)
            #expect(signature == vector.decodedJSON.sig)
        }
    }

    @Test func contentToSignHasTheReferenceLayout() {
        let plain = UserSigIssuer.contentToSign(identifier: "admin", sdkAppID: 1_400_000_000, time: 1_730_390_400, expire: 15_552_000, userbuf: nil)
        #expect(String(decoding: plain, as: UTF8.self) == "TLS.identifier:admin\nTLS.sdkappid:1400000000\nTLS.time:1730390400\nTLS.expire:15552000\n")
        let withUserbuf = UserSigIssuer.contentToSign(identifier: "a", sdkAppID: 1, time: 2, expire: 3, userbuf: Array("abc".utf8))
        #expect(String(decoding: withUserbuf, as: UTF8.self) == "TLS.identifier:a\nTLS.sdkappid:1\nTLS.time:2\nTLS.expire:3\nTLS.userbuf:YWJj\n")
    }

    @Test func officialVectorsVerify() throws {
        for vector in try loadVectors() {
            let expected = try UserSigToken.decode(vector.usersig)
            let issuer = vector.issuer
            #expect(issuer.verify(vector.usersig, identifier: vector.identifier, now: vector.time, userbuf: vector.userbuf) == .success(expected))
            #expect(
                issuer.verify(vector.usersig, identifier: vector.identifier, now: vector.time + vector.expire, userbuf: vector.userbuf)
                    == .success(expected))
        }
    }

    @Test func signingVectorInputsReproducesTheirFieldsAndSignature() throws {
        for vector in try loadVectors() {
            let issuer = vector.issuer
            let userSig = issuer.sign(identifier: vector.identifier, expire: vector.expire, time: vector.time, userbuf: vector.userbuf)
            let token = try UserSigToken.decode(userSig)
            expectMatches(token, vector.decodedJSON)
            #expect(token == (try UserSigToken.decode(vector.usersig)))
            #expect(issuer.verify(userSig, identifier: vector.identifier, now: vector.time + 1, userbuf: vector.userbuf) == .success(token))
        }
    }

    @Test func writtenJSONHasTheReferenceFieldsAndTypes() throws {
        for userbuf in [nil, Array("abc".utf8)] as [[UInt8]?] {
            let userSig = Self.issuer.sign(identifier: "admin", expire: 15_552_000, time: 1_730_390_400, userbuf: userbuf)
            #expect(!userSig.contains("+") && !userSig.contains("/") && !userSig.contains("="))
            let compressed = try #require(UserSigBase64.decode(userSig))
            #expect(compressed.first == 0x78)
            let json = try Zlib.decompress(compressed, limit: 1 << 16)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
            var keys: Set = ["TLS.ver", "TLS.identifier", "TLS.sdkappid", "TLS.expire", "TLS.time", "TLS.sig"]
            if userbuf != nil { keys.insert("TLS.userbuf") }
            #expect(Set(object.keys) == keys)
            #expect(object["TLS.ver"] as? String == "2.0")
            #expect(object["TLS.identifier"] as? String == "admin")
            for field in ["TLS.sdkappid", "TLS.expire", "TLS.time"] {
                #expect(object[field] is NSNumber, "\(field) must be a JSON number")
            }
            #expect((object["TLS.sdkappid"] as? NSNumber)?.intValue == Self.appID)
            #expect((object["TLS.expire"] as? NSNumber)?.intValue == 15_552_000)
            #expect((object["TLS.time"] as? NSNumber)?.intValue == 1_730_390_400)
            if userbuf != nil { #expect(object["TLS.userbuf"] as? String == "YWJj") }
            #expect(
                object["TLS.sig"] as? String
                    == "\(userbuf == nil ? "spgDdYqwLymuM0gRs9DKRh9szMUQ67ZhMh5utqseEhQ=" : "rU6OaGDMcn6Qp4bgG5w6PkjlnCLYpoaAZfu1ETxCuWA=")")
        }
    }

    // MARK: - Round trips

    /// A test argument with a short label, so that long values do not flood the test log.
    struct Labeled<Value: Sendable>: Sendable, CustomTestStringConvertible {
        var value: Value
        var testDescription: String
    }

    static let identifiers: [Labeled<String>] = [
        Labeled(value: "admin", testDescription: "ASCII"),
        Labeled(value: "", testDescription: "empty"),
        Labeled(value: "客服-001", testDescription: "CJK"),
        Labeled(value: "émoji 🎧 agent", testDescription: "emoji"),
        Labeled(value: "quote\" back\\slash\nnew\tline \u{1}", testDescription: "JSON escapes"),
        Labeled(value: String(repeating: "x", count: 2_000), testDescription: "2000 characters"),
    ]
    static let userbufs: [Labeled<[UInt8]?>] = [
        Labeled(value: nil, testDescription: "no userbuf"),
        Labeled(value: [], testDescription: "empty userbuf"),
        Labeled(value: Array("abc".utf8), testDescription: "abc"),
        Labeled(value: [0, 255, 1, 128], testDescription: "binary"),
        Labeled(value: (0..<3_000).map { UInt8(truncatingIfNeeded: $0 &* 131) }, testDescription: "3000 bytes"),
    ]

    @Test(arguments: identifiers, userbufs)
    func roundTrip(identifier labeledIdentifier: Labeled<String>, userbuf labeledUserbuf: Labeled<[UInt8]?>) throws {
        let identifier = labeledIdentifier.value
        let userbuf = labeledUserbuf.value
        let userSig = Self.issuer.sign(identifier: identifier, expire: 86_400, time: 1_730_390_400, userbuf: userbuf)
        let token = try UserSigToken.decode(userSig)
        #expect(token.version == "2.0")
        #expect(token.identifier.utf8.elementsEqual(identifier.utf8))
        #expect(token.sdkAppID == Self.appID)
        #expect(token.expire == 86_400)
        #expect(token.time == 1_730_390_400)
        #expect(token.userbuf == userbuf)
        #expect(token.signature == Self.issuer.signature(identifier: identifier, time: 1_730_390_400, expire: 86_400, userbuf: userbuf))
        #expect(Self.issuer.verify(userSig, identifier: identifier, now: 1_730_400_000, userbuf: userbuf) == .success(token))
        #expect(Self.issuer.verify("  \(userSig)\n", identifier: identifier, now: 1_730_400_000, userbuf: userbuf) == .success(token))
    }

    @Test func storedStreamFallbackIsValidZlib() throws {
        for size in [0, 1, 1_000, 65_535, 65_536, 140_000] {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 9) }
            let stored = Zlib.storedStream(bytes)
            #expect(try Zlib.decompress(stored, limit: 1 << 20) == bytes)
            let compressed = try Zlib.compress(bytes)
            #expect(Array(compressed.suffix(4)) == Array(stored.suffix(4)), "Adler-32 of \(size) bytes")
        }
        let token = try UserSigToken.decode(Self.issuer.sign(identifier: "admin", expire: 60, time: 1_000, userbuf: [9]))
        let userSig = UserSigBase64.encode(Zlib.storedStream(token.jsonBytes()))
        #expect(Self.issuer.verify(userSig, identifier: "admin", now: 1_060, userbuf: [9]) == .success(token))
    }

    @Test func integerFieldsWrittenAsStringsAreAccepted() throws {
        let base = try UserSigToken.decode(Self.issuer.sign(identifier: "admin", expire: 3_600, time: 1_700_000_000))
        let userSig = try craft(
            #"{"TLS.ver":"2.0","TLS.identifier":"admin","TLS.sdkappid":"1400000000","TLS.expire":"3600","TLS.time":"1700000000","TLS.sig":"\#(base.signature)"}"#
        )
        #expect(Self.issuer.verify(userSig, identifier: "admin", now: 1_700_000_000) == .success(base))
    }

    // MARK: - Failures

    @Test func expiryBoundary() throws {
        let time = 1_795_514_400 - 3_600  // expires at 2026-11-24T10:00:00Z
        let userSig = Self.issuer.sign(identifier: "admin", expire: 3_600, time: time)
        #expect(throws: Never.self) { try Self.issuer.verify(userSig, identifier: "admin", now: time + 3_600).get() }
        #expect(
            failure(Self.issuer.verify(userSig, identifier: "admin", now: time + 3_601)) == .expired(expiredAt: 1_795_514_400, now: 1_795_514_401))
        let late = try #require(failure(Self.issuer.verify(userSig, identifier: "admin", now: 1_795_595_415)))
        #expect(late == .expired(expiredAt: 1_795_514_400, now: 1_795_595_415))
        #expect(late.description == "expired at 2026-11-24T10:00:00Z (now 2026-11-25T08:30:15Z)")
        // Lifetimes that overflow saturate instead of trapping.
        let forever = try UserSigToken.decode(Self.issuer.sign(identifier: "admin", expire: Int.max, time: 10))
        #expect(forever.expiresAt == Int.max)
        #expect(UserSigFailure.expired(expiredAt: Int.min, now: 0).description == "expired at Unix time \(Int.min) (now 1970-01-01T00:00:00Z)")
    }

    @Test func appIDMismatch() throws {
        let vector = try #require(try loadVectors().first)
        let other = UserSigIssuer(sdkAppID: 1_400_000_001, secretKey: vector.key)
        let result = failure(other.verify(vector.usersig, identifier: vector.identifier, now: vector.time))
        #expect(result == .appIDMismatch(expected: 1_400_000_001, found: 1_400_000_000))
        #expect(result?.description == "SDKAppID mismatch: the UserSig was issued for SDKAppID 1400000000, expected 1400000001")
    }

    @Test func identifierMismatch() {
        let userSig = Self.issuer.sign(identifier: "admin", expire: 60, time: 1_000)
        let result = failure(Self.issuer.verify(userSig, identifier: "administrator", now: 1_000))
        #expect(result == .identifierMismatch(expected: "administrator", found: "admin"))
        #expect(result?.description == #"identifier mismatch: the UserSig was issued for "admin", expected "administrator""#)
        // Canonically equivalent but different bytes: NFC in the UserSig, NFD expected.
        let composed = Self.issuer.sign(identifier: "caf\u{E9}", expire: 60, time: 1_000)
        guard case .identifierMismatch = failure(Self.issuer.verify(composed, identifier: "cafe\u{301}", now: 1_000)) else {
            Issue.record("NFD identifier must not match an NFC one")
            return
        }
        #expect(failure(Self.issuer.verify(composed, identifier: "", now: 1_000)) == .identifierMismatch(expected: "", found: "caf\u{E9}"))
    }

    @Test func userbufMismatch() {
        let withUserbuf = Self.issuer.sign(identifier: "admin", expire: 60, time: 1_000, userbuf: [1, 2, 3])
        let without = Self.issuer.sign(identifier: "admin", expire: 60, time: 1_000)
        let empty = Self.issuer.sign(identifier: "admin", expire: 60, time: 1_000, userbuf: [])
        #expect(failure(Self.issuer.verify(withUserbuf, identifier: "admin", now: 1_000)) == .userbufMismatch)
        #expect(failure(Self.issuer.verify(withUserbuf, identifier: "admin", now: 1_000, userbuf: [1, 2, 4])) == .userbufMismatch)
        #expect(failure(Self.issuer.verify(withUserbuf, identifier: "admin", now: 1_000, userbuf: [1, 2])) == .userbufMismatch)
        #expect(failure(Self.issuer.verify(without, identifier: "admin", now: 1_000, userbuf: [1, 2, 3])) == .userbufMismatch)
        #expect(failure(Self.issuer.verify(without, identifier: "admin", now: 1_000, userbuf: [])) == .userbufMismatch)
        #expect(failure(Self.issuer.verify(empty, identifier: "admin", now: 1_000)) == .userbufMismatch)
        #expect(failure(Self.issuer.verify(empty, identifier: "admin", now: 1_000, userbuf: [])) == nil)
    }

    @Test func signatureMismatch() throws {
        let stranger = UserSigIssuer(sdkAppID: Self.appID, secretKey: Self.otherKey)
        let foreign = stranger.sign(identifier: "admin", expire: 60, time: 1_000)
        let result = failure(Self.issuer.verify(foreign, identifier: "admin", now: 1_000))
        #expect(result == .signatureMismatch)
        #expect(result?.description == "signature mismatch: the secret key does not match the one that signed this UserSig")
        for vector in try loadVectors() {
            let wrongKey = UserSigIssuer(sdkAppID: vector.sdkappid, secretKey: Self.otherKey)
            #expect(
                failure(wrongKey.verify(vector.usersig, identifier: vector.identifier, now: vector.time, userbuf: vector.userbuf))
                    == .signatureMismatch)
        }
        // Altered content with the original signature: a longer lifetime, a different userbuf.
        var token = try UserSigToken.decode(Self.issuer.sign(identifier: "admin", expire: 60, time: 1_000, userbuf: [1]))
        token.expire = 86_400
        #expect(failure(Self.issuer.verify(token.encoded(), identifier: "admin", now: 2_000, userbuf: [1])) == .signatureMismatch)
        token.expire = 60
        token.userbuf = [2]
        #expect(failure(Self.issuer.verify(token.encoded(), identifier: "admin", now: 1_000, userbuf: [2])) == .signatureMismatch)
        // A well-formed base64 signature of the wrong length.
        token.userbuf = [1]
        token.signature = "YWJj"
        #expect(failure(Self.issuer.verify(token.encoded(), identifier: "admin", now: 1_000, userbuf: [1])) == .signatureMismatch)
    }

    @Test func undecodableInputs() throws {
        let fields = [
            #""TLS.ver":"2.0""#, #""TLS.identifier":"admin""#, #""TLS.sdkappid":1400000000"#, #""TLS.expire":60"#, #""TLS.time":1000"#,
            #""TLS.sig":"spgDdYqwLymuM0gRs9DKRh9szMUQ67ZhMh5utqseEhQ=""#,
        ]
        let object = "{" + fields.joined(separator: ",") + "}"
        let valid = Self.issuer.sign(identifier: "admin", expire: 60, time: 1_000)
        let validZlib = try #require(UserSigBase64.decode(valid))
        let cases: [(input: String, reason: String)] = [
            ("", "the UserSig is empty"),
            (" \n\t", "the UserSig is empty"),
            ("!!! this is no UserSig !!!", "not valid base64"),
            ("abcd$fgh", "not valid base64"),
            ("a", "not valid base64"),
            (String(repeating: "A", count: 70_000), "longer than 65536 characters"),
            (UserSigBase64.encode(Array("hello world, plain text".utf8)), "not usable zlib data: not a valid zlib stream (incorrect header check)"),
            (UserSigBase64.encode(Array(validZlib.dropLast(6))), "the zlib stream is truncated"),
            (UserSigBase64.encode(validZlib + [0]), "unexpected bytes follow the zlib stream"),
            (UserSigBase64.encode(try Zlib.compress([UInt8](repeating: 0, count: 1 << 20))), "inflates to more than 65536 bytes"),
            (try craft("not json at all"), "the content is not valid JSON"),
            (try craft(#"["TLS.ver","2.0"]"#), "the content is not a JSON object"),
            (try craft("{}"), "missing field TLS.ver"),
            (try craft(object.replacingOccurrences(of: #""TLS.sdkappid":1400000000"#, with: #""TLS.sdkappid":true"#)), "field TLS.sdkappid"),
            (try craft(object.replacingOccurrences(of: #""TLS.time":1000"#, with: #""TLS.time":"soon""#)), "field TLS.time"),
            (try craft(object.replacingOccurrences(of: #""TLS.expire":60"#, with: #""TLS.expire":1e40"#)), "field TLS.expire"),
            (try craft(object.replacingOccurrences(of: "}", with: #","TLS.userbuf":"%%%"}"#)), "field TLS.userbuf is not valid base64"),
            (try craft(object.replacingOccurrences(of: "spgDdYqw", with: "sp%Ddy")), "field TLS.sig is not valid base64"),
        ]
        for (input, reason) in cases {
            let found = undecodableReason(input)
            #expect(found?.contains(reason) == true, "expected \(reason.debugDescription), found \(found.debugDescription)")
            #expect(failure(Self.issuer.verify(input, identifier: "admin", now: 1_000)) == found.map(UserSigFailure.undecodable))
        }
        for (index, field) in fields.enumerated() {
            var others = fields
            others.remove(at: index)
            let name = String(field.dropFirst().prefix { $0 != "\"" })
            #expect(undecodableReason(try craft("{" + others.joined(separator: ",") + "}")) == "missing field \(name)")
            let nullValue = "{" + others.joined(separator: ",") + ",\"\(name)\":null}"
            #expect(undecodableReason(try craft(nullValue))?.contains("field \(name)") == true)
        }
        #expect(undecodableReason(try craft(object)) == nil)
    }

    // MARK: - Secrets stay secret

    @Test func descriptionsNeverContainTheKeyOrTheUserSig() throws {
        let userSig = Self.issuer.sign(identifier: "admin", expire: 60, time: 1_000, userbuf: [7])
        let token = try UserSigToken.decode(userSig)
        let garbage = "zz" + userSig.dropFirst(2)
        let inputs = [
            userSig, garbage, String(userSig.dropLast(8)), userSig + "AAAA", userSig.replacingOccurrences(of: "-", with: "+"),
            try craft("{\"TLS.sig\":\"\(token.signature)\"}"),
            "!!!\(Self.key)!!!", Self.key,
        ]
        let issuers = [
            Self.issuer,
            UserSigIssuer(sdkAppID: 7, secretKey: Self.key),
            UserSigIssuer(sdkAppID: Self.appID, secretKey: Self.otherKey),
        ]
        let expectations: [(identifier: String, now: Int, userbuf: [UInt8]?)] = [
            ("admin", 1_000, [7]), ("root", 1_000, [7]), ("admin", 5_000, [7]), ("admin", 1_000, nil),
        ]
        var failures: [UserSigFailure] = []
        for input in inputs {
            for issuer in issuers {
                for expected in expectations {
                    let result = issuer.verify(input, identifier: expected.identifier, now: expected.now, userbuf: expected.userbuf)
                    if let failure = failure(result) { failures.append(failure) }
                }
            }
        }
        for reason in ["undecodable", "appIDMismatch", "identifierMismatch", "expired", "userbufMismatch", "signatureMismatch"] {
            #expect(failures.contains { caseName($0) == reason }, "no \(reason) failure was produced")
        }
        let secrets = [Self.key, userSig, garbage, token.signature, String(token.signature.dropLast())]
        let texts =
            failures.flatMap { ["\($0)", String(reflecting: $0)] } + [
                "\(Self.issuer)", String(reflecting: Self.issuer), dumped(Self.issuer), "\(token)", String(reflecting: token), dumped(token),
            ]
        for text in texts {
            for secret in secrets {
                #expect(!text.contains(secret), "a description contains a secret")
            }
        }
    }

    func caseName(_ failure: UserSigFailure) -> String {
        switch failure {
        case .undecodable: "undecodable"
        case .appIDMismatch: "appIDMismatch"
        case .identifierMismatch: "identifierMismatch"
        case .expired: "expired"
        case .userbufMismatch: "userbufMismatch"
        case .signatureMismatch: "signatureMismatch"
        }
    }

    func dumped(_ value: Any) -> String {
        var text = ""
        dump(value, to: &text)
        return text
    }
}
