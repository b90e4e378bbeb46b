import ConfigSupport
import DeskAPI
import Foundation
import Monitor
import Testing
import Transport

struct ConfigTests {
    static let secret = "s3cr3t-key-0123456789abcdef"
    static let environment = ["DESK_SECRET_KEY": secret, "APP_ID": "1400000002"]

    /// Loads `yaml` as `deskwatch.yaml` in `/etc/deskwatch`.
    func load(_ yaml: String, environment: [String: String] = ConfigTests.environment, directory: String = "/etc/deskwatch")
        throws(ConfigError) -> DeskwatchConfig
    {
        try DeskwatchConfig.load(yaml: yaml, file: "deskwatch.yaml", baseDirectory: directory, environment: environment)
    }

    /// The diagnostics of a configuration that must not load, one description per entry.
    func failures(_ yaml: String, environment: [String: String] = ConfigTests.environment, directory: String = "/etc/deskwatch")
        -> [String]
    {
        do {
            let config = try load(yaml, environment: environment, directory: directory)
            Issue.record("loaded a configuration that should fail: \(config.sources.map(\.name))")
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    /// Whether one of `lines` starts with `prefix` and contains every one of `parts`.
    func has(_ lines: [String], _ prefix: String, _ parts: String...) -> Bool {
        lines.contains { line in line.hasPrefix(prefix) && parts.allSatisfy { line.contains($0) } }
    }

    /// A fresh folder, removed after `body`.
    func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("deskwatch-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try body(path)
    }

    func write(_ text: String, to path: String, permissions: Int = 0o600) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: path)
    }

    static let minimalSource = """
        sources:
          - name: cn-support
            sdkappid: 1400000000
            identifier: admin
            secret_key: ${DESK_SECRET_KEY}
        """

    // MARK: - Valid configurations

    @Test func fullConfigurationLoadsEveryKey() throws {
        try withTemporaryDirectory { directory in
            try write("\(Self.secret)\n", to: directory + "/secret_key")
            try write("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=wecom-key-0123\n", to: directory + "/wecom_url")
            let yaml = """
                sources:
                  - name: cn-support
                    sdkappid: 1400000000
                    region: singapore
                    identifier: admin
                    secret_key: ${DESK_SECRET_KEY}
                    pace: 2.5
                    poll_every: 1m
                    lookback: 1h30m
                    backfill: 2d
                    usersig_expire: 12h
                    ca_file: secret_key
                    connect_timeout: 5s
                    timeout: 45s
                  - name: sim_2
                    sdkappid: ${APP_ID}
                    endpoint: http://127.0.0.1:8080/
                    identifier: "ops ${APP_ID}"
                    secret_key_file: ./secret_key
                rules: [./rules, /opt/rules/extra.yaml]
                state: data/deskwatch.sqlite
                retention: 35d
                defaults: {delay: 2m, group_wait: 30s, repeat_every: 4h}
                schedules:
                  business-hours: {timezone: Asia/Shanghai, days: mon-fri, hours: "09:00-18:00"}
                receivers:
                  support-wecom: {type: wecom, url_file: wecom_url}
                status: {listen: 127.0.0.1:9464}
                log: {level: info}
                """
            let config = try load(yaml, directory: directory)
            #expect(config.warnings.isEmpty)
            #expect(config.sources.count == 2)
            let first = try #require(config.sources.first)
            #expect(first.name == "cn-support")
            #expect(first.sdkAppID == 1_400_000_000)
            #expect(first.location == .region(.singapore))
            #expect(first.identifier == "admin")
            #expect(first.secretKey.reveal() == Self.secret)
            #expect(first.pace == 2.5)
            #expect(first.pollEvery == .seconds(60))
            #expect(first.lookback == .seconds(5_400))
            #expect(first.backfill == .seconds(2 * 86_400))
            #expect(first.userSigExpire == .seconds(12 * 3_600))
            #expect(first.caFile == directory + "/secret_key")
            #expect(first.connectTimeout == .seconds(5))
            #expect(first.timeout == .seconds(45))

            let second = try #require(config.sources.last)
            #expect(second.name == "sim_2")
            #expect(second.sdkAppID == 1_400_000_002)
            #expect(second.location == .endpoint("http://127.0.0.1:8080/"))
            #expect(second.identifier == "ops 1400000002")
            #expect(second.secretKey.reveal() == Self.secret)

            #expect(config.rules == [directory + "/rules", "/opt/rules/extra.yaml"])
            #expect(config.state == directory + "/data/deskwatch.sqlite")

            let client = second.deskSource()
            #expect(client.baseURL == "http://127.0.0.1:8080")
            #expect(client.name == "sim_2")
            #expect(client.sdkAppID == 1_400_000_002)
            #expect(client.pace == 5)
            #expect(client.userSigLifetime == 86_400)
            #expect(first.deskSource().baseURL == "https://adminapisgp.im.qcloud.com")
            #expect(first.deskSource().userSigLifetime == 43_200)
        }
    }

    @Test func optionalKeysTakeTheirDefaults() throws {
        let config = try load(Self.minimalSource + "\nrules: rules\n")
        let source = try #require(config.sources.first)
        #expect(source.location == .region(.china))
        #expect(source.deskSource().baseURL == "https://console.tim.qq.com")
        #expect(source.pace == 5)
        #expect(source.pollEvery == .seconds(30))
        #expect(source.lookback == .seconds(30 * 60))
        #expect(source.backfill == .seconds(24 * 3_600))
        #expect(source.userSigExpire == .seconds(86_400))
        #expect(source.caFile == nil)
        #expect(source.connectTimeout == .seconds(10))
        #expect(source.timeout == .seconds(30))
        #expect(config.state == nil)
        #expect(config.rules == ["/etc/deskwatch/rules"])
        #expect(config.warnings.isEmpty)
    }

    @Test func everyRegionIsAccepted() throws {
        for region in Region.allCases {
            let yaml = Self.minimalSource + "\n    region: \(region.rawValue)\n"
            #expect(try load(yaml).sources.first?.location == .region(region))
        }
    }

    @Test func httpEndpointsAreAllowedForLoopbackHosts() throws {
        for endpoint in ["http://127.0.0.1:8080", "http://localhost:9000/", "http://[::1]:8080", "https://desk.example.com:8443"] {
            let config = try load(Self.minimalSource + "\n    endpoint: \(endpoint)\n")
            #expect(config.sources.first?.location == .endpoint(endpoint))
        }
    }

    // MARK: - Source keys that are wrong

    @Test func valueOfTheWrongTypeIsReportedAtTheValue() {
        let lines = failures(
            """
            sources:
              - name: cn-support
                sdkappid: abc
                identifier: [admin]
                secret_key: ${DESK_SECRET_KEY}
                pace: fast
            """)
        #expect(has(lines, "deskwatch.yaml:3:15: error: sources[0].sdkappid: ", "positive whole number", "`abc`"))
        #expect(has(lines, "deskwatch.yaml:4:17: error: sources[0].identifier: ", "expected a string, found a list"))
        #expect(has(lines, "deskwatch.yaml:6:11: error: sources[0].pace: ", "positive number", "`fast`"))
        #expect(lines.count == 3)
    }

    @Test func sourcesThatAreNotAListAreReported() {
        let lines = failures("sources:\n  name: cn-support\n")
        #expect(lines == ["deskwatch.yaml:2:3: error: sources: expected a list, found a mapping"])
        #expect(failures("sources: []\n") == ["deskwatch.yaml:1:10: error: sources: needs at least one source"])
    }

    @Test func missingRequiredKeysAreReportedAtTheSource() {
        let lines = failures(
            """
            sources:
              - name: cn-support
                region: china
            """)
        #expect(has(lines, "deskwatch.yaml:2:5: error: sources[0].sdkappid: required key is missing"))
        #expect(has(lines, "deskwatch.yaml:2:5: error: sources[0].identifier: required key is missing"))
        #expect(has(lines, "deskwatch.yaml:2:5: error: sources[0].secret_key: ", "`secret_key` and `secret_key_file`"))
        #expect(lines.count == 3)
        #expect(failures("retention: 35d\n") == ["deskwatch.yaml:1:1: error: sources: required key is missing"])
    }

    @Test func badDurationsAreReportedWithAHint() {
        let lines = failures(
            Self.minimalSource + """

                    poll_every: 30
                    lookback: 1.5h
                    backfill: 2 days
                    usersig_expire: 1m
                    timeout: 0s
                    connect_timeout: 5x
                """)
        #expect(has(lines, "deskwatch.yaml:6:17: error: sources[0].poll_every: `30` has no unit", "(hint: write 30s)"))
        #expect(has(lines, "deskwatch.yaml:7:15: error: sources[0].lookback: ", "fraction", "1h30m"))
        #expect(has(lines, "deskwatch.yaml:8:15: error: sources[0].backfill: "))
        #expect(has(lines, "deskwatch.yaml:9:21: error: sources[0].usersig_expire: must be at least 5m"))
        #expect(has(lines, "deskwatch.yaml:10:14: error: sources[0].timeout: must be longer than 0s"))
        #expect(has(lines, "deskwatch.yaml:11:22: error: sources[0].connect_timeout: unknown unit `x`"))
        #expect(lines.count == 6)
    }

    @Test func unknownRegionSuggestsTheClosestAndListsAll() {
        let lines = failures(Self.minimalSource + "\n    region: chna\n")
        #expect(
            lines == [
                "deskwatch.yaml:6:13: error: sources[0].region: unknown region `chna` (hint: did you mean `china`? "
                    + "regions: china, singapore, seoul, tokyo, frankfurt, silicon-valley, jakarta, mumbai)"
            ])
    }

    @Test func regionAndEndpointTogetherAreRejected() {
        let lines = failures(Self.minimalSource + "\n    region: china\n    endpoint: https://desk.example.com\n")
        #expect(has(lines, "deskwatch.yaml:7:5: error: sources[0].endpoint: `region` and `endpoint` cannot both be set"))
        #expect(lines.count == 1)
    }

    @Test func plainHTTPToAnotherHostIsRejected() {
        let lines = failures(Self.minimalSource + "\n    endpoint: http://desk.example.com:8080\n")
        #expect(has(lines, "deskwatch.yaml:6:15: error: sources[0].endpoint: must use https://", "127.0.0.1, localhost and [::1]"))
        #expect(lines.count == 1)
        #expect(has(failures(Self.minimalSource + "\n    endpoint: desk.example.com\n"), "deskwatch.yaml:6:15: error: sources[0].endpoint: "))
        #expect(
            has(
                failures(Self.minimalSource + "\n    endpoint: https://desk.example.com/v4?x=1\n"),
                "deskwatch.yaml:6:15: error: sources[0].endpoint: must not have a path"))
    }

    @Test func invalidSourceNameIsRejected() {
        for name in ["CN-Support", "-support", "cn support", "\"\""] {
            let yaml = Self.minimalSource.replacingOccurrences(of: "name: cn-support", with: "name: \(name)")
            let lines = failures(yaml)
            #expect(has(lines, "deskwatch.yaml:2:11: error: sources[0].name: "), "\(name)")
            #expect(lines.count == 1)
        }
    }

    @Test func duplicateSourceNamesAreReportedAtTheSecond() {
        let lines = failures(
            Self.minimalSource + """

                  - name: cn-support
                    sdkappid: 1400000001
                    identifier: admin
                    secret_key: ${DESK_SECRET_KEY}
                """)
        #expect(
            lines == [
                "deskwatch.yaml:6:11: error: sources[1].name: source name `cn-support` is used more than once "
                    + "(hint: the name is already used at line 2)"
            ])
    }

    @Test func misspelledSourceKeySuggestsTheRightOne() {
        let lines = failures(
            """
            sources:
              - name: cn-support
                sdkappid: 1400000000
                identifier: admin
                secret_keyy: ${DESK_SECRET_KEY}
            """)
        #expect(
            has(
                lines, "deskwatch.yaml:5:5: error: sources[0].secret_keyy: unknown source key (hint: did you mean `secret_key`?)"))
        #expect(has(lines, "deskwatch.yaml:2:5: error: sources[0].secret_key: "))
        #expect(lines.count == 2)
    }

    @Test func unknownTopLevelKeyIsAnError() {
        let lines = failures(Self.minimalSource + "\nstat: /var/lib/deskwatch.sqlite\ncolour: red\n")
        #expect(has(lines, "deskwatch.yaml:6:1: error: stat: unknown top-level key (hint: did you mean `state`?)"))
        #expect(has(lines, "deskwatch.yaml:7:1: error: colour: unknown top-level key (hint: known keys: sources, rules, state"))
        #expect(lines.count == 2)
    }

    @Test func repeatedKeyInAMappingIsReportedAtTheRepetition() {
        let lines = failures(Self.minimalSource + "\n    sdkappid: 1400000001\n")
        #expect(lines == ["deskwatch.yaml:6:5: error: duplicate key `sdkappid` (hint: the key is also set at line 3, column 5)"])
        let repeatedTwice = failures(Self.minimalSource + "\nstate: a\nstate: b\nstate: c\nlog: {level: info, \"level\": debug}\n")
        #expect(
            repeatedTwice == [
                "deskwatch.yaml:7:1: error: duplicate key `state` (hint: the key is also set at line 6, column 1)",
                "deskwatch.yaml:8:1: error: duplicate key `state` (hint: the key is also set at line 7, column 1)",
                "deskwatch.yaml:9:20: error: duplicate key `level` (hint: the key is also set at line 9, column 7)",
            ])
    }

    @Test func repeatedKeyDoesNotHideOtherErrors() {
        let lines = failures(Self.minimalSource + "\n    pace: 1\n    pace: slow\n    poll_every: 5\n")
        #expect(has(lines, "deskwatch.yaml:7:5: error: duplicate key `pace`"))
        #expect(has(lines, "deskwatch.yaml:7:11: error: sources[0].pace: expected a positive number, found `slow`"))
        #expect(has(lines, "deskwatch.yaml:8:17: error: sources[0].poll_every: `5` has no unit"))
        #expect(lines.count == 3)
    }

    // MARK: - Environment

    @Test func environmentReferencesAreExpandedInAnyString() throws {
        let yaml = """
            sources:
              - name: ${NAME}
                sdkappid: ${APP_ID}
                endpoint: https://${HOST}:8443
                identifier: "price $$5 $${NOT_EXPANDED} ${HOST}"
                secret_key: ${DESK_SECRET_KEY}
                poll_every: ${EVERY}
            state: ${STATE_DIR}/deskwatch.sqlite
            """
        var environment = Self.environment
        environment["NAME"] = "from-env"
        environment["HOST"] = "desk.example.com"
        environment["EVERY"] = "1m"
        environment["STATE_DIR"] = "/var/lib/deskwatch"
        let config = try load(yaml, environment: environment)
        let source = try #require(config.sources.first)
        #expect(source.name == "from-env")
        #expect(source.sdkAppID == 1_400_000_002)
        #expect(source.location == .endpoint("https://desk.example.com:8443"))
        #expect(source.identifier == "price $$5 ${NOT_EXPANDED} desk.example.com")
        #expect(source.pollEvery == .seconds(60))
        #expect(config.state == "/var/lib/deskwatch/deskwatch.sqlite")
    }

    @Test func missingEnvironmentVariableIsNamedWithItsKey() {
        let lines = failures(Self.minimalSource + "\n    region: ${DESK_REGION}\n", environment: [:])
        #expect(has(lines, "deskwatch.yaml:5:17: error: sources[0].secret_key: environment variable `DESK_SECRET_KEY` is not set"))
        #expect(has(lines, "deskwatch.yaml:6:13: error: sources[0].region: environment variable `DESK_REGION` is not set"))
        #expect(lines.count == 2)
    }

    @Test func writtenOutSecretKeyLoadsWithAWarning() throws {
        let yaml = Self.minimalSource.replacingOccurrences(of: "${DESK_SECRET_KEY}", with: Self.secret)
        let config = try load(yaml)
        #expect(config.sources.first?.secretKey.reveal() == Self.secret)
        #expect(config.warnings.count == 1)
        #expect(has(config.warnings.map(\.description), "deskwatch.yaml:5:17: warning: sources[0].secret_key: ", "${ENV_NAME}"))
        #expect(!config.warnings.description.contains(Self.secret))
    }

    // MARK: - Secret key files

    @Test func secretKeyFileIsReadRelativeToTheConfigFileAndTrimmed() throws {
        try withTemporaryDirectory { directory in
            try FileManager.default.createDirectory(atPath: directory + "/keys", withIntermediateDirectories: true)
            try write("  \(Self.secret)\n\n", to: directory + "/keys/desk")
            let yaml = Self.minimalSource.replacingOccurrences(of: "secret_key: ${DESK_SECRET_KEY}", with: "secret_key_file: keys/desk")
            try write(yaml, to: directory + "/deskwatch.yaml")
            let config = try DeskwatchConfig.load(path: directory + "/deskwatch.yaml", environment: [:])
            #expect(config.sources.first?.secretKey.reveal() == Self.secret)
            #expect(config.warnings.isEmpty)
        }
    }

    @Test func missingOrEmptySecretKeyFileIsAnErrorNamingThePath() throws {
        try withTemporaryDirectory { directory in
            try write(" \n", to: directory + "/empty")
            let yaml = """
                sources:
                  - name: missing
                    sdkappid: 1400000000
                    identifier: admin
                    secret_key_file: nowhere/secret_key
                  - name: empty
                    sdkappid: 1400000000
                    identifier: admin
                    secret_key_file: empty
                  - name: folder
                    sdkappid: 1400000000
                    identifier: admin
                    secret_key_file: .
                """
            let lines = failures(yaml, directory: directory)
            #expect(has(lines, "deskwatch.yaml:5:22: error: sources[0].secret_key_file: `\(directory)/nowhere/secret_key` does not exist"))
            #expect(has(lines, "deskwatch.yaml:9:22: error: sources[1].secret_key_file: `\(directory)/empty` is empty"))
            #expect(has(lines, "deskwatch.yaml:13:22: error: sources[2].secret_key_file: `\(directory)` is a folder"))
            #expect(lines.count == 3)
        }
    }

    @Test func secretKeyFileReadableByOthersGivesAWarning() throws {
        try withTemporaryDirectory { directory in
            try write(Self.secret, to: directory + "/secret_key", permissions: 0o644)
            let yaml = Self.minimalSource.replacingOccurrences(of: "secret_key: ${DESK_SECRET_KEY}", with: "secret_key_file: secret_key")
            let config = try load(yaml, directory: directory)
            #expect(config.sources.first?.secretKey.reveal() == Self.secret)
            #expect(
                config.warnings.map(\.description) == [
                    "deskwatch.yaml:5:22: warning: sources[0].secret_key_file: `\(directory)/secret_key` can be read by other users "
                        + "(hint: chmod 600 \(directory)/secret_key)"
                ])
        }
    }

    @Test func secretKeyAndSecretKeyFileTogetherAreRejected() {
        let lines = failures(Self.minimalSource + "\n    secret_key_file: /etc/deskwatch/secret_key\n")
        #expect(has(lines, "deskwatch.yaml:6:5: error: sources[0].secret_key_file: `secret_key` and `secret_key_file` cannot both be set"))
    }

    // MARK: - Files and syntax

    @Test func yamlSyntaxErrorReportsItsLine() {
        let lines = failures(
            """
            sources:
              - name: cn-support
                sdkappid: 1400000000
               identifier: admin
            """)
        #expect(lines.count == 1)
        #expect(has(lines, "deskwatch.yaml:4:", "error: YAML syntax error"))
        #expect(has(failures("sources: [cn\n"), "deskwatch.yaml:2:1: error: YAML syntax error"))
        #expect(has(failures("sources: x: y\n"), "deskwatch.yaml:1:11: error: YAML syntax error: mapping values are not allowed"))
    }

    @Test func emptyOrNonMappingDocumentIsAnError() {
        #expect(failures("# nothing yet\n") == ["deskwatch.yaml:1:1: error: the config file is empty (hint: it needs at least `sources:`)"])
        #expect(failures("- a\n") == ["deskwatch.yaml:1:1: error: expected a mapping of keys to values, found a list"])
    }

    @Test func missingConfigFileIsAClearError() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/deskwatch.yaml"
            do throws(ConfigError) {
                _ = try DeskwatchConfig.load(path: path, environment: [:])
                Issue.record("loaded a file that does not exist")
            } catch {
                #expect(error.description == "\(path): error: config file does not exist")
            }
            do throws(ConfigError) {
                _ = try DeskwatchConfig.load(path: directory, environment: [:])
                Issue.record("loaded a folder")
            } catch {
                #expect(error.description == "\(directory): error: is a folder, not a config file")
            }
        }
    }

    @Test func severalErrorsAreReportedTogetherInFileOrder() {
        let lines = failures(
            """
            sources:
              - name: Bad
                sdkappid: -3
                region: tokio
                identifier: admin
                secret_key: ${DESK_SECRET_KEY}
                poll_every: 10
              - name: ok
                sdkappid: 1400000000
                endpoint: http://10.0.0.1
                identifier: admin
                secret_key: ${DESK_SECRET_KEY}
                timout: 5s
            rulez: ./rules
            """)
        #expect(
            lines.map { String($0.prefix { $0 != " " }) } == [
                "deskwatch.yaml:2:11:", "deskwatch.yaml:3:15:", "deskwatch.yaml:4:13:", "deskwatch.yaml:7:17:",
                "deskwatch.yaml:10:15:", "deskwatch.yaml:13:5:", "deskwatch.yaml:14:1:",
            ])
        #expect(has(lines, "deskwatch.yaml:4:13: error: sources[0].region: unknown region `tokio` (hint: did you mean `tokyo`?"))
        #expect(has(lines, "deskwatch.yaml:13:5: error: sources[1].timout: ", "did you mean `timeout`?"))
        #expect(has(lines, "deskwatch.yaml:14:1: error: rulez: ", "did you mean `rules`?"))
    }

    @Test func noDiagnosticShowsASecret() throws {
        try withTemporaryDirectory { directory in
            let fileSecret = "file-secret-9876543210"
            try write(fileSecret + "\n", to: directory + "/secret_key", permissions: 0o644)
            let yaml = """
                sources:
                  - name: env
                    sdkappid: x
                    identifier: ${DESK_SECRET_KEY}
                    region: ${DESK_SECRET_KEY}
                    secret_key: ${DESK_SECRET_KEY}
                  - name: literal
                    sdkappid: 1
                    identifier: admin
                    endpoint: http://literal-secret-value
                    secret_key: literal-secret-value
                  - name: file
                    sdkappid: 1
                    identifier: admin
                    secret_key_file: secret_key
                    region: file-secret-9876543210
                """
            let lines = failures(yaml, directory: directory)
            #expect(lines.count >= 4)
            let text = lines.joined(separator: "\n")
            for secret in [Self.secret, "literal-secret-value", fileSecret] {
                #expect(!text.contains(secret))
            }
            #expect(text.contains("<redacted>"))
        }
    }

    // MARK: - Diagnostics and durations

    @Test func aLookbackLongerThanTheRetentionIsRefused() {
        let problems = failures(
            """
            retention: 1d
            sources:
              - name: cn
                sdkappid: 1400000000
                identifier: admin
                secret_key: ${DESK_SECRET_KEY}
                lookback: 2d
            """)
        #expect(problems.count == 1)
        #expect(problems.first?.contains("sources[0].lookback is longer than the retention (1d)") == true)
    }

    @Test func diagnosticPrintsLikeACompiler() {
        let error = ConfigDiagnostic(
            severity: .error, file: "a.yaml", line: 3, column: 7, key: "sources[0].pace", message: "bad", hint: "write 5")
        #expect(error.description == "a.yaml:3:7: error: sources[0].pace: bad (hint: write 5)")
        let warning = ConfigDiagnostic(severity: .warning, file: "a.yaml", message: "odd")
        #expect(warning.description == "a.yaml: warning: odd")
        let both = ConfigError(diagnostics: [error, warning])
        #expect(both.description == error.description + "\n" + warning.description)
        #expect(both.errors == [error])
        #expect(both.warnings == [warning])
    }
}
