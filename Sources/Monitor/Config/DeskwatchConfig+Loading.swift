import ConfigSupport
import Foundation
import Rules

extension DeskwatchConfig {
    /// The top-level keys of `deskwatch.yaml`.
    static let topLevelKeys = [
        "sources", "rules", "state", "retention", "defaults", "schedules", "receivers", "routes", "inhibit", "status", "log",
    ]

    /// Loads `deskwatch.yaml`.
    ///
    /// Top-level keys:
    /// - `sources` (required): a list of one or more Desk applications, each a mapping of
    ///   - `name` (required): unique, `[a-z0-9][a-z0-9_-]*`
    ///   - `sdkappid` (required): the application's SDKAppID, a positive whole number
    ///   - `region`: one of `china` (the default), `singapore`, `seoul`, `tokyo`, `frankfurt`,
    ///     `silicon-valley`, `jakarta`, `mumbai`; or instead
    ///   - `endpoint`: `https://host[:port]`, or `http://` to 127.0.0.1, localhost or [::1]
    ///   - `identifier` (required): an App administrator account
    ///   - `secret_key`: the secret key, normally `${ENV_NAME}` (a key written out gets a warning);
    ///     or instead
    ///   - `secret_key_file`: a file holding the secret key (surrounding whitespace is removed; a
    ///     file other users can read gets a warning)
    ///   - `pace`: requests per second, default 5
    ///   - `poll_every`: default `30s`; `lookback`: default `30m`; `backfill`: default `24h`
    ///   - `usersig_expire`: default `1d`, at least `5m`
    ///   - `ca_file`: extra CA certificates to trust
    ///   - `connect_timeout`: default `10s`; `timeout`: default `30s`
    /// - `rules`: a rule folder or file, or a list of them
    /// - `state`: the state database
    /// - `retention`: how long sessions are kept, default `35d`, at least `1d`
    /// - `schedules`: named schedules, each a mapping of `timezone`, `days`, `hours` and `except`
    ///   (see the rule file guide)
    /// - `receivers`: a mapping of receiver names (the names rules put in `notify:`) to their
    ///   settings, each with a `type` and that type's keys. Secrets (keys, tokens, passwords, and
    ///   the webhook URLs that hold them) never show in a diagnostic. Each secret is either written
    ///   as `key: ${ENV_NAME}` (a signing secret, token or password written out gets a warning) or
    ///   read from a file with `key_file: <path>` (surrounding whitespace removed; a file other
    ///   users can read gets a warning). Chat webhook URLs must be `https://` (`http://` only to
    ///   127.0.0.1, localhost or [::1]).
    ///   - `wecom`: `url` or `url_file`; `format`: `markdown` (the default) or `text`;
    ///     `mentioned_list` (user ids); `mentioned_mobile_list` (mobiles, text only)
    ///   - `dingtalk`: `url` or `url_file`; `secret` or `secret_file` (signing); `at_mobiles`;
    ///     `at_user_ids`
    ///   - `feishu`, `lark`: `url` or `url_file`; `secret` or `secret_file` (signing); `format`:
    ///     `post` (the default) or `card`
    ///   - `slack`, `teams`, `discord`, `googlechat`: `url` or `url_file`
    ///   - `telegram`: `bot_token` or `bot_token_file`; `chat_id` (required); `api_url` (default
    ///     `https://api.telegram.org`)
    ///   - `webhook`: `url` or `url_file` (`http://` allowed); `format`: `deskwatch` (the default)
    ///     or `alertmanager`; `headers`: a mapping of extra headers (values kept secret);
    ///     `hmac_secret` or `hmac_secret_file`
    ///   - `alertmanager`: `url`, the Alertmanager base URL
    ///   - `email`: `url` (required): `smtps://host[:port]` (implicit TLS) or `smtp://host[:port]`
    ///     (STARTTLS, required unless `allow_plaintext: true`, which refuses credentials);
    ///     `username` with `password` or `password_file`; `from` (required): `address` or
    ///     `Name <address>`; `to` (required): one or more addresses; `ca_file`: CA certificates to
    ///     trust (TLS verification is always on)
    ///   - `console`: no other keys
    /// - `status`: the status server: `listen` (`host:port`, default `127.0.0.1:9464`, or `off`);
    ///   `external_url` (the page as people reach it, linked from messages); `token` or
    ///   `token_file` (at least 16 characters: the bearer token that allows adding and expiring
    ///   silences through the API)
    /// - `log`: `level` (`trace` … `critical`, default `info`); `format` (`logfmt`, the default, or
    ///   `json`)
    /// - `routes`: a list of routes that send alerts to receivers besides their rule's `notify:`,
    ///   each a mapping of
    ///   - `match`: matchers, all of which must match the alert's labels: `name=value`,
    ///     `name!=value`, `name=~regex`, `name!~regex` (regular expressions match the whole
    ///     value); without it the route takes every alert. An alert's labels are its rule's
    ///     `labels:`, its group's fields (`AgentGroupId`), `alertname` (the rule's name) and
    ///     `severity`.
    ///   - `receivers` (required): receivers defined under `receivers:`
    ///   - `continue`: `false` (the default) stops at this route when it matches; `true` goes on
    ///     to the next routes
    /// - `inhibit`: a list of inhibition rules: while an alert matching `source` (matchers) fires,
    ///   alerts matching `target` (matchers) that have the same values of the `equal` labels are
    ///   not sent (an alert never inhibits itself)
    /// - `defaults`: `delay` and `repeat_every` for rules that do not set them; `group_wait` (default
    ///   `0s`, at most `10m`): how long a message waits for others to the same receiver so that
    ///   they go out as one
    ///
    /// Durations are written like `30s`, `5m`, `2h`, `1d`, `1h30m` or `500ms`. Any string value may
    /// hold `${NAME}`, replaced by the environment variable `NAME` (`$${` for a literal `${`).
    /// Relative paths are taken from the folder of the config file.
    ///
    /// - Parameters:
    ///   - path: The config file.
    ///   - environment: The variables `${NAME}` is expanded from, usually the process environment.
    /// - Throws: ``ConfigError`` with every problem found, each with file, line, column and key.
    public static func load(path: String, environment: [String: String]) throws(ConfigError) -> DeskwatchConfig {
        func failure(_ message: String, hint: String? = nil) -> ConfigError {
            ConfigError(diagnostics: [ConfigDiagnostic(severity: .error, file: path, message: message, hint: hint)])
        }
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        guard files.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw failure("config file does not exist")
        }
        guard !isDirectory.boolValue else { throw failure("is a folder, not a config file") }
        guard let data = files.contents(atPath: path) else {
            throw failure("cannot read the config file", hint: "check its permissions")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw failure("the config file is not UTF-8 text") }
        let absolute = ConfigPath.resolve(path, against: files.currentDirectoryPath)
        return try load(yaml: text, file: path, baseDirectory: ConfigPath.directory(of: absolute), environment: environment)
    }

    /// Loads a configuration from text; see ``load(path:environment:)`` for the keys.
    ///
    /// - Parameters:
    ///   - yaml: The text of the config file.
    ///   - file: The file name diagnostics show.
    ///   - baseDirectory: The folder relative paths are resolved against.
    ///   - environment: The variables `${NAME}` is expanded from.
    /// - Throws: ``ConfigError`` with every problem found.
    public static func load(
        yaml: String, file: String, baseDirectory: String, environment: [String: String]
    ) throws(ConfigError) -> DeskwatchConfig {
        var reader = YAMLReader(file: file, environment: environment)
        var config = DeskwatchConfig()
        read(yaml, into: &config, reader: &reader, directory: baseDirectory)
        let diagnostics = reader.finish()
        guard !diagnostics.contains(where: \.isError) else { throw ConfigError(diagnostics: diagnostics) }
        config.warnings = diagnostics
        return config
    }

    private static func read(_ yaml: String, into config: inout DeskwatchConfig, reader: inout YAMLReader, directory: String) {
        let start = YAMLPosition(line: 1, column: 1)
        guard let root = reader.compose(yaml) else {
            if !reader.hasErrors {
                reader.error("the config file is empty", at: start, hint: "it needs at least `sources:`")
            }
            return
        }
        guard let mapping = reader.mapping(root) else { return }
        reader.rejectUnknownKeys(in: mapping, known: topLevelKeys, context: "top-level key")

        if let value = reader.required("sources", in: mapping), let entries = reader.sequence(value) {
            if entries.isEmpty {
                reader.error("needs at least one source", key: value.path, at: value.position)
            }
            var names: [String: YAMLPosition?] = [:]
            config.sources = entries.compactMap { SourceConfig.read($0, reader: &reader, directory: directory, names: &names) }
        }
        if let value = mapping["state"] {
            config.state = reader.path(value, relativeTo: directory)
        }
        if let value = mapping["retention"], let retention = reader.duration(value, atLeast: .seconds(86_400)) {
            config.retention = retention
        }
        // Records re-read within the look-back must still be kept, or each poll would store
        // again what retention just deleted.
        let retentionPosition = mapping.entry("retention")?.keyPosition
        for (index, source) in config.sources.enumerated() where source.lookback >= config.retention || source.backfill > config.retention {
            let key = source.lookback >= config.retention ? "lookback" : "backfill"
            reader.error(
                "sources[\(index)].\(key) is longer than the retention (\(DurationParser.format(config.retention)))",
                key: "sources[\(index)].\(key)", at: retentionPosition, hint: "shorten it or raise `retention`")
        }
        if let value = mapping["rules"] {
            config.rules = reader.oneOrMany(value).compactMap { reader.path($0, relativeTo: directory) }
        }
        if let value = mapping["schedules"] {
            config.schedules = reader.schedules(value)
        }
        if let value = mapping["status"] {
            config.status = StatusConfig.read(value, reader: &reader, directory: directory)
        }
        if let value = mapping["defaults"] {
            config.defaults = DefaultsConfig.read(value, reader: &reader)
        }
        if let value = mapping["log"] {
            config.log = LogConfig.read(value, reader: &reader)
        }
        if let value = mapping["receivers"], let receivers = reader.mapping(value) {
            config.receiverNames = receivers.entries.map(\.key)
            config.receivers = receivers.entries.compactMap { ReceiverConfig.read($0, reader: &reader, directory: directory) }
        }
        if let value = mapping["routes"] {
            config.routes = RoutingConfigReader.routes(value, receivers: config.receiverNames, reader: &reader)
        }
        if let value = mapping["inhibit"] {
            config.inhibitRules = RoutingConfigReader.inhibitRules(value, reader: &reader)
        }
    }
}
