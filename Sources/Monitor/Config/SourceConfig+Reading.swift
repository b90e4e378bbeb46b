import ConfigSupport
import DeskAPI
import Foundation
import Transport

extension SourceConfig {
    /// The keys a source may have.
    static let keys = [
        "name", "sdkappid", "region", "endpoint", "identifier", "secret_key", "secret_key_file", "pace", "poll_every", "lookback",
        "backfill", "usersig_expire", "ca_file", "connect_timeout", "timeout",
    ]

    /// Hosts an `http://` endpoint may point to.
    static let loopbackHosts: Set<String> = ["127.0.0.1", "localhost", "::1"]

    /// Reads one entry of `sources:`, recording every problem in `reader`.
    ///
    /// - Parameters:
    ///   - directory: The folder relative paths are resolved against.
    ///   - names: The names of the sources read so far and where they were written; the name read
    ///     here is added.
    /// - Returns: The source, or `nil` when a required value could not be read.
    static func read(
        _ value: YAMLValue, reader: inout YAMLReader, directory: String, names: inout [String: YAMLPosition?]
    ) -> SourceConfig? {
        guard let mapping = reader.mapping(value) else { return nil }
        reader.rejectUnknownKeys(in: mapping, known: keys, context: "source key")

        let name = reader.required("name", in: mapping).flatMap { readName($0, reader: &reader, names: &names) }
        let sdkAppID = reader.required("sdkappid", in: mapping).flatMap { reader.positiveInteger($0) }
        let location = readLocation(mapping, reader: &reader)
        let identifier = reader.required("identifier", in: mapping).flatMap { reader.string($0) }
        let secretKey = readSecretKey(mapping, reader: &reader, directory: directory)

        var source = SourceConfig(
            name: name ?? "", sdkAppID: sdkAppID ?? 0, identifier: identifier ?? "", secretKey: secretKey ?? Secret(""))
        source.location = location ?? .region(.china)
        if let value = mapping["pace"] { source.pace = reader.positiveNumber(value) ?? source.pace }
        if let value = mapping["poll_every"] {
            source.pollEvery = reader.duration(value, atLeast: .seconds(1)) ?? source.pollEvery
        }
        if let value = mapping["lookback"] { source.lookback = reader.duration(value) ?? source.lookback }
        if let value = mapping["backfill"] { source.backfill = reader.duration(value) ?? source.backfill }
        if let value = mapping["usersig_expire"] {
            source.userSigExpire = reader.duration(value, atLeast: minimumUserSigExpire) ?? source.userSigExpire
        }
        if let value = mapping["ca_file"] { source.caFile = readCAFile(value, reader: &reader, directory: directory) }
        if let value = mapping["connect_timeout"] {
            source.connectTimeout = reader.duration(value, allowZero: false) ?? source.connectTimeout
        }
        if let value = mapping["timeout"] { source.timeout = reader.duration(value, allowZero: false) ?? source.timeout }

        guard name != nil, sdkAppID != nil, location != nil, identifier != nil, secretKey != nil else { return nil }
        return source
    }

    /// Whether `name` is a valid source name: `[a-z0-9][a-z0-9_-]*`.
    static func isValidName(_ name: String) -> Bool {
        func allowed(_ scalar: Unicode.Scalar, first: Bool) -> Bool {
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || (!first && (scalar == "_" || scalar == "-"))
        }
        guard let first = name.unicodeScalars.first, allowed(first, first: true) else { return false }
        return name.unicodeScalars.dropFirst().allSatisfy { allowed($0, first: false) }
    }

    private static func readName(_ value: YAMLValue, reader: inout YAMLReader, names: inout [String: YAMLPosition?]) -> String? {
        guard let name = reader.string(value) else { return nil }
        guard isValidName(name) else {
            reader.error(
                "invalid source name \(YAMLReader.quoted(name))", key: value.path, at: value.position,
                hint: "use lowercase letters, digits, `_` and `-`, starting with a letter or digit")
            return nil
        }
        if let earlier = names[name] {
            let hint = earlier.map { "the name is already used at line \($0.line)" }
            reader.error("source name `\(name)` is used more than once", key: value.path, at: value.position, hint: hint)
            return nil
        }
        names[name] = value.position
        return name
    }

    /// `region:` or `endpoint:`, never both; `china` when neither is set.
    private static func readLocation(_ mapping: YAMLMapping, reader: inout YAMLReader) -> Location? {
        _ = reader.exclusive(
            ["region", "endpoint"], in: mapping,
            hint: "use `region` for the vendor's API and `endpoint` for another server such as the simulator")
        var location: Location?
        var failed = false
        if let value = mapping["region"] {
            if let region = reader.choice(value, of: Region.self, named: "region") {
                location = .region(region)
            } else {
                failed = true
            }
        }
        if let value = mapping["endpoint"] {
            if let endpoint = readEndpoint(value, reader: &reader) {
                location = location ?? .endpoint(endpoint)
            } else {
                failed = true
            }
        }
        if failed { return nil }
        return location ?? .region(.china)
    }

    private static func readEndpoint(_ value: YAMLValue, reader: inout YAMLReader) -> String? {
        guard let text = reader.string(value) else { return nil }
        if let (message, hint) = endpointProblem(text) {
            reader.error(message, key: value.path, at: value.position, hint: hint)
            return nil
        }
        return text
    }

    /// What is wrong with `text` as an endpoint, if anything: it must be `https://host[:port]`, or
    /// `http://` to a loopback host, with no credentials, path, query or fragment.
    static func endpointProblem(_ text: String) -> (message: String, hint: String?)? {
        let form = "write scheme://host[:port], e.g. https://api.example.com or http://127.0.0.1:8080"
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            let rawHost = components.host, !rawHost.isEmpty
        else {
            return ("is not a URL", form)
        }
        guard components.user == nil, components.password == nil else {
            return ("must not hold a user name or password", form)
        }
        guard components.path.isEmpty || components.path == "/", components.query == nil, components.fragment == nil else {
            return ("must not have a path, query or fragment", form)
        }
        let host = rawHost.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        switch scheme {
        case "https":
            return nil
        case "http" where loopbackHosts.contains(host):
            return nil
        case "http":
            return ("must use https:// (http:// is allowed only for 127.0.0.1, localhost and [::1])", nil)
        default:
            return ("unsupported scheme `\(scheme)`", "use https://")
        }
    }

    private static func readCAFile(_ value: YAMLValue, reader: inout YAMLReader, directory: String) -> String? {
        guard let path = reader.path(value, relativeTo: directory) else { return nil }
        guard FileManager.default.isReadableFile(atPath: path) else {
            reader.error("cannot read `\(path)`", key: value.path, at: value.position, hint: "check that the file exists and can be read")
            return nil
        }
        return path
    }
}
