import ConfigSupport
import Foundation
import Notify
import Transport

extension ReceiverConfig {
    /// The keys of each receiver type, besides `type`.
    static let keys: [Kind: [String]] = [
        .wecom: ["url", "url_file", "format", "mentioned_list", "mentioned_mobile_list", "template", "template_file"],
        .dingtalk: ["url", "url_file", "secret", "secret_file", "at_mobiles", "at_user_ids", "template", "template_file"],
        .feishu: ["url", "url_file", "secret", "secret_file", "format", "template", "template_file"],
        .lark: ["url", "url_file", "secret", "secret_file", "format", "template", "template_file"],
        .slack: ["url", "url_file", "template", "template_file"],
        .teams: ["url", "url_file", "template", "template_file"],
        .discord: ["url", "url_file", "template", "template_file"],
        .googlechat: ["url", "url_file", "template", "template_file"],
        .telegram: ["bot_token", "bot_token_file", "chat_id", "api_url", "template", "template_file"],
        .webhook: ["url", "url_file", "format", "headers", "hmac_secret", "hmac_secret_file", "template", "template_file"],
        .alertmanager: ["url"],
        .email: ["url", "folder", "username", "password", "password_file", "from", "to", "allow_plaintext", "ca_file"],
        .console: [],
    ]

    /// Reads one entry of `receivers:`, recording every problem in `reader`.
    ///
    /// - Parameter directory: The folder relative paths are resolved against.
    /// - Returns: The receiver, or `nil` when any of its settings is wrong.
    static func read(_ entry: YAMLMapping.Entry, reader: inout YAMLReader, directory: String) -> ReceiverConfig? {
        let errorsBefore = reader.diagnostics.filter(\.isError).count
        guard let mapping = reader.mapping(entry.value) else { return nil }
        guard let typeValue = reader.required("type", in: mapping),
            let type = reader.choice(typeValue, of: Kind.self, named: "receiver type")
        else { return nil }
        reader.rejectUnknownKeys(in: mapping, known: ["type"] + (keys[type] ?? []), context: "\(type.rawValue) receiver key")
        let settings = Settings(mapping: mapping, directory: directory)
        var target = settings.target(of: type, reader: &reader)
        if case .http(let http) = target, let template = settings.template(name: entry.key, reader: &reader) {
            target = .http(http.with(template: template))
        }
        guard let target, reader.diagnostics.filter(\.isError).count == errorsBefore else { return nil }
        return ReceiverConfig(name: entry.key, type: type, target: target)
    }
}

/// The settings of one receiver, read into its target.
struct Settings {
    var mapping: YAMLMapping
    var directory: String

    func target(of type: ReceiverConfig.Kind, reader: inout YAMLReader) -> ReceiverConfig.Target? {
        switch type {
        case .wecom: return wecom(reader: &reader).map { .http(.wecom($0)) }
        case .dingtalk: return dingtalk(reader: &reader).map { .http(.dingtalk($0)) }
        case .feishu, .lark: return feishu(reader: &reader).map { .http(.feishu($0)) }
        case .slack: return chatURL(reader: &reader).map { .http(.slack(SlackTarget(url: $0))) }
        case .teams: return chatURL(reader: &reader).map { .http(.teams(TeamsTarget(url: $0))) }
        case .discord: return chatURL(reader: &reader).map { .http(.discord(DiscordTarget(url: $0))) }
        case .googlechat: return chatURL(reader: &reader).map { .http(.googleChat(GoogleChatTarget(url: $0))) }
        case .telegram: return telegram(reader: &reader).map { .http(.telegram($0)) }
        case .webhook: return webhook(reader: &reader).map { .http(.webhook($0)) }
        case .alertmanager: return alertmanager(reader: &reader).map { .http(.alertmanager($0)) }
        case .email: return email(reader: &reader).map { .email($0) }
        case .console: return .console
        }
    }

    // MARK: - Targets

    func wecom(reader: inout YAMLReader) -> WeComTarget? {
        let url = chatURL(reader: &reader)
        let format = mapping["format"].flatMap { choice($0, among: ["markdown", "text"], named: "format", reader: &reader) } ?? "markdown"
        let users = mapping["mentioned_list"].flatMap { strings($0, reader: &reader) } ?? []
        let mobiles = mapping["mentioned_mobile_list"].flatMap { strings($0, reader: &reader) } ?? []
        if format == "markdown", !mobiles.isEmpty, let entry = mapping.entry("mentioned_mobile_list") {
            reader.warning(
                "mobile numbers are mentioned only in text messages", key: entry.value.path, at: entry.keyPosition,
                hint: "set format: text, or mention user ids with mentioned_list")
        }
        guard let url else { return nil }
        return WeComTarget(url: url, format: WeComTarget.Format(rawValue: format) ?? .markdown, mentionedUserIDs: users, mentionedMobiles: mobiles)
    }

    func dingtalk(reader: inout YAMLReader) -> DingTalkTarget? {
        let url = chatURL(reader: &reader)
        let secret = self.secret("secret", required: false, reader: &reader)
        let mobiles = mapping["at_mobiles"].flatMap { strings($0, reader: &reader) } ?? []
        let users = mapping["at_user_ids"].flatMap { strings($0, reader: &reader) } ?? []
        guard let url else { return nil }
        return DingTalkTarget(url: url, secret: secret, atMobiles: mobiles, atUserIDs: users)
    }

    func feishu(reader: inout YAMLReader) -> FeishuTarget? {
        let url = chatURL(reader: &reader)
        let secret = self.secret("secret", required: false, reader: &reader)
        let format = mapping["format"].flatMap { choice($0, among: ["post", "card"], named: "format", reader: &reader) } ?? "post"
        guard let url else { return nil }
        return FeishuTarget(url: url, secret: secret, format: FeishuTarget.Format(rawValue: format) ?? .post)
    }

    func telegram(reader: inout YAMLReader) -> TelegramTarget? {
        // The token goes into the request path.
        let token = secret("bot_token", required: true, reader: &reader) { value in
            value.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || ":_-".unicodeScalars.contains($0))
            }
        }
        let chatID = reader.required("chat_id", in: mapping).flatMap { reader.string($0) }
        var apiURL = "https://api.telegram.org"
        if let value = mapping["api_url"], let text = reader.string(value, expecting: "a URL") {
            if let (message, hint) = Self.urlProblem(text, requireHTTPS: true) {
                reader.error(message, key: value.path, at: value.position, hint: hint)
            }
            apiURL = text
        }
        guard let token, let chatID else { return nil }
        return TelegramTarget(botToken: token, chatID: chatID, apiURL: apiURL)
    }

    func webhook(reader: inout YAMLReader) -> WebhookTarget? {
        let url = urlSecret(requireHTTPS: false, reader: &reader)
        let format =
            mapping["format"].flatMap { choice($0, among: ["deskwatch", "alertmanager"], named: "format", reader: &reader) } ?? "deskwatch"
        let headers = mapping["headers"].flatMap { self.headers($0, reader: &reader) } ?? []
        let secret = self.secret("hmac_secret", required: false, reader: &reader)
        guard let url else { return nil }
        return WebhookTarget(url: url, format: WebhookTarget.Format(rawValue: format) ?? .deskwatch, secret: secret, headers: headers)
    }

    func alertmanager(reader: inout YAMLReader) -> AlertmanagerTarget? {
        guard let value = reader.required("url", in: mapping), let url = reader.string(value, expecting: "a URL") else { return nil }
        if let (message, hint) = Self.urlProblem(url, requireHTTPS: false) {
            reader.error(message, key: value.path, at: value.position, hint: hint)
            return nil
        }
        // Re-sent every minute while firing (see MonitorDaemon.refreshAlertmanagers): an alert
        // deskwatch stops re-sending ends by itself 5 minutes later.
        return AlertmanagerTarget(url: url, firingTimeout: MonitorDaemon.alertmanagerFiringTimeout)
    }

    func email(reader: inout YAMLReader) -> EmailReceiver? {
        var url: String?
        var folder: String?
        if mapping.contains("folder") {
            if let entry = mapping.entry("url") {
                reader.error("`url` and `folder` exclude each other", key: entry.value.path, at: entry.keyPosition, hint: "keep one of them")
            }
            folder = mapping["folder"].flatMap { reader.path($0, relativeTo: directory) }
        }
        // A URL with a password in it is refused, and never shown.
        if !mapping.contains("folder"), let value = reader.required("url", in: mapping),
            let text = reader.expandedScalar(value, expecting: "an smtps:// or smtp:// URL", secret: true)?.text
        {
            if let (message, hint) = Self.smtpURLProblem(text) {
                reader.error(message, key: value.path, at: value.position, hint: hint)
            } else {
                url = text
            }
        }
        let username = mapping["username"].flatMap { reader.string($0) }
        let password = secret("password", required: false, reader: &reader) { password in
            !password.unicodeScalars.contains { $0 == "\r" || $0 == "\n" || $0 == "\0" }
        }
        let hasUsername = mapping.contains("username")
        let hasPassword = mapping.contains("password") || mapping.contains("password_file")
        if hasUsername != hasPassword {
            let key = hasUsername ? "username" : (mapping.contains("password") ? "password" : "password_file")
            if let entry = mapping.entry(key) {
                reader.error(
                    "SMTP login needs both `username` and a password", key: entry.value.path, at: entry.keyPosition,
                    hint: "set username with password_file or password: ${ENV_NAME}, or neither")
            }
        }
        var allowPlaintext = false
        if let value = mapping["allow_plaintext"], let flag = bool(value, reader: &reader) {
            allowPlaintext = flag
            let isImplicitTLS = url?.lowercased().hasPrefix("smtps://") ?? false
            if flag, hasUsername || hasPassword, !isImplicitTLS {
                reader.error(
                    "credentials are never sent over a plaintext connection", key: value.path, at: value.position,
                    hint: "use smtps:// or smtp:// with STARTTLS, or remove username and password")
            }
        }
        let caFile = mapping["ca_file"].flatMap { readableFile($0, reader: &reader) }
        let from = reader.required("from", in: mapping).flatMap { sender($0, reader: &reader) }
        var recipients: [String]?
        if let value = reader.required("to", in: mapping) {
            let list = reader.oneOrMany(value)
            if list.isEmpty { reader.error("needs at least one recipient", key: value.path, at: value.position) }
            let addresses = list.compactMap { item in
                reader.string(item, expecting: "an email address").flatMap { address($0, at: item, reader: &reader) }
            }
            if addresses.count == list.count, !list.isEmpty { recipients = addresses }
        }
        guard let from, let recipients else { return nil }
        if let folder { return EmailReceiver(delivery: .folder(folder), from: from.address, fromName: from.name, to: recipients) }
        guard let url else { return nil }
        let smtp = SMTPConfiguration(url: url, username: username, password: password, allowPlaintext: allowPlaintext, caFile: caFile)
        return EmailReceiver(delivery: .smtp(smtp), from: from.address, fromName: from.name, to: recipients)
    }

    // MARK: - Secrets and URLs

    /// `url:` or `url_file:` of a chat webhook: https (http only to a loopback host), kept secret
    /// since the URL holds the webhook's key.
    func chatURL(reader: inout YAMLReader) -> Secret? {
        urlSecret(requireHTTPS: true, reader: &reader)
    }

    func urlSecret(requireHTTPS: Bool, reader: inout YAMLReader) -> Secret? {
        let present = reader.exclusive(["url", "url_file"], in: mapping)
        guard let present, let value = mapping[present] else {
            reader.error(
                "one of `url` and `url_file` is required", key: mapping.value.path(of: "url"), at: mapping.position,
                hint: "url: https://…${KEY} or url_file: <path>")
            return nil
        }
        guard let text = present == "url" ? inlineSecret(value, reader: &reader)?.text : SecretFile.read(value, reader: &reader, directory: directory)
        else { return nil }
        if let (message, hint) = Self.urlProblem(text, requireHTTPS: requireHTTPS) {
            reader.error(message, key: value.path, at: value.position, hint: hint)
            return nil
        }
        return Secret(text)
    }

    /// `key:` (normally `${ENV_NAME}`; a value written out gets a warning) or `key_file:`, at most
    /// one of them; `isValid` checks the value without showing it.
    func secret(_ key: String, required: Bool, reader: inout YAMLReader, isValid: (String) -> Bool = { _ in true }) -> Secret? {
        let fileKey = key + "_file"
        let present = reader.exclusive([key, fileKey], in: mapping)
        guard let present, let value = mapping[present] else {
            if required {
                reader.error(
                    "one of `\(key)` and `\(fileKey)` is required", key: mapping.value.path(of: key), at: mapping.position,
                    hint: "\(key): ${ENV_NAME} or \(fileKey): <path>")
            }
            return nil
        }
        var text: String?
        if present == key, let (inline, variables) = inlineSecret(value, reader: &reader) {
            if variables.isEmpty {
                reader.warning(
                    "the \(key.replacingOccurrences(of: "_", with: " ")) is written in the config file", key: value.path, at: value.position,
                    hint: "use \(key): ${ENV_NAME} or \(fileKey): <path>")
            }
            text = inline
        } else if present == fileKey {
            text = SecretFile.read(value, reader: &reader, directory: directory)
        }
        guard let text else { return nil }
        guard isValid(text) else {
            reader.error("holds characters a \(key.replacingOccurrences(of: "_", with: " ")) cannot have", key: value.path, at: value.position)
            return nil
        }
        return Secret(text)
    }

    /// A non-empty scalar kept out of every diagnostic, with the variables it referenced.
    func inlineSecret(_ value: YAMLValue, reader: inout YAMLReader) -> (text: String, variables: [String])? {
        guard let (text, variables) = reader.expandedScalar(value, secret: true) else { return nil }
        guard !text.isEmpty else {
            let message =
                variables.isEmpty
                ? "must not be empty" : "is empty (environment variable \(variables.map { "`\($0)`" }.joined(separator: ", ")))"
            reader.error(message, key: value.path, at: value.position)
            return nil
        }
        return (text, variables)
    }

    /// What is wrong with `text` as a webhook URL, if anything: `https://`, or `http://` when
    /// `requireHTTPS` is off or the host is a loopback address; no user name or password. The
    /// message never shows the URL.
    static func urlProblem(_ text: String, requireHTTPS: Bool) -> (message: String, hint: String?)? {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            let rawHost = components.host, !rawHost.isEmpty
        else {
            return ("is not a URL", "write https://host/path")
        }
        guard components.user == nil, components.password == nil else {
            return ("must not hold a user name or password", nil)
        }
        let host = rawHost.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        switch scheme {
        case "https":
            return nil
        case "http" where !requireHTTPS || SourceConfig.loopbackHosts.contains(host):
            return nil
        case "http":
            return ("must use https:// (http:// is allowed only for 127.0.0.1, localhost and [::1])", nil)
        default:
            return ("unsupported scheme `\(scheme)`", requireHTTPS ? "use https://" : "use https:// or http://")
        }
    }

    /// What is wrong with `text` as an SMTP server URL, if anything: `smtps://host[:port]` or
    /// `smtp://host[:port]`, without user name, password, path, query or fragment.
    static func smtpURLProblem(_ text: String) -> (message: String, hint: String?)? {
        let form = "write smtps://host:465 (implicit TLS) or smtp://host:587 (STARTTLS, required)"
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else {
            return ("is not a URL", form)
        }
        guard scheme == "smtps" || scheme == "smtp" else { return ("unsupported scheme `\(scheme)`", form) }
        guard components.user == nil, components.password == nil else {
            return ("must not hold a user name or password", "set `username` and `password_file` instead")
        }
        guard components.path.isEmpty || components.path == "/", components.query == nil, components.fragment == nil else {
            return ("must not have a path, query or fragment", form)
        }
        return nil
    }

    // MARK: - Templates

    /// `template:` (Mustache text) or `template_file:` (a file holding it), compiled: a syntax
    /// error is an error at the line of the template, names the template context does not have
    /// are warnings.
    func template(name: String, reader: inout YAMLReader) -> MessageTemplate? {
        guard let present = reader.exclusive(["template", "template_file"], in: mapping), let value = mapping[present] else { return nil }
        var source: String?
        if present == "template" {
            source = reader.string(value, expecting: "a Mustache template")
        } else if let path = readableFile(value, reader: &reader) {
            source = (FileManager.default.contents(atPath: path)).flatMap { String(data: $0, encoding: .utf8) }
            if source == nil { reader.error("`\(path)` is not UTF-8 text", key: value.path, at: value.position) }
        }
        guard let source else { return nil }
        do {
            let template = try MessageTemplate(name: name, source: source)
            let unknown = template.unknownNames()
            if !unknown.isEmpty {
                reader.warning(
                    "the template uses \(unknown.map { "`\($0)`" }.joined(separator: ", ")), which messages do not have",
                    key: value.path, at: value.position, hint: "see the template variables in the configuration guide")
            }
            return template
        } catch {
            let place = error.line.map { line in "line \(line)" + (error.column.map { ", column \($0)" } ?? "") + " of the template: " } ?? ""
            reader.error("\(place)\(error.problem)", key: value.path, at: value.position, hint: error.sourceLine.map { "the line reads: \($0)" })
            return nil
        }
    }

    // MARK: - Values

    /// Extra HTTP headers: a mapping of names to values; the values may hold credentials, so they
    /// are kept out of every diagnostic.
    func headers(_ value: YAMLValue, reader: inout YAMLReader) -> [HTTPHeader]? {
        guard let headers = reader.mapping(value) else { return nil }
        let reserved = ["content-type", "content-length", "host", WebhookTarget.signatureHeader.lowercased()]
        let token = CharacterSet(charactersIn: "!#$%&'*+-.^_`|~").union(CharacterSet(charactersIn: "a"..."z"))
            .union(CharacterSet(charactersIn: "A"..."Z")).union(CharacterSet(charactersIn: "0"..."9"))
        var result: [HTTPHeader] = []
        for entry in headers.entries {
            guard !entry.key.isEmpty, entry.key.unicodeScalars.allSatisfy({ token.contains($0) }) else {
                reader.error("is not a valid header name", key: entry.value.path, at: entry.keyPosition)
                continue
            }
            guard !reserved.contains(entry.key.lowercased()) else {
                reader.error("is set by deskwatch", key: entry.value.path, at: entry.keyPosition, hint: "remove this header")
                continue
            }
            guard let (text, _) = reader.expandedScalar(entry.value, secret: true) else { continue }
            guard !text.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F }) else {
                reader.error("a header value must not hold line breaks or control characters", key: entry.value.path, at: entry.value.position)
                continue
            }
            result.append(HTTPHeader(name: entry.key, value: text))
        }
        return result
    }

    /// A list of non-empty strings (a single string stands for a list of one).
    func strings(_ value: YAMLValue, reader: inout YAMLReader) -> [String]? {
        let items = reader.oneOrMany(value)
        let strings = items.compactMap { reader.string($0) }
        return strings.count == items.count ? strings : nil
    }

    /// `true` or `false`.
    func bool(_ value: YAMLValue, reader: inout YAMLReader) -> Bool? {
        guard let text = reader.expandedScalar(value, expecting: "true or false")?.text else { return nil }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default:
            reader.error("expected true or false, found \(YAMLReader.quoted(text))", key: value.path, at: value.position)
            return nil
        }
    }

    /// One of `names`, with a suggestion for a near miss.
    func choice(_ value: YAMLValue, among names: [String], named noun: String, reader: inout YAMLReader) -> String? {
        guard let text = reader.string(value) else { return nil }
        if names.contains(text) { return text }
        let list = "\(noun)s: \(names.joined(separator: ", "))"
        let hint = Suggestion.didYouMean(text, among: names).map { "\($0) \(list)" } ?? list
        reader.error("unknown \(noun) \(YAMLReader.quoted(text))", key: value.path, at: value.position, hint: hint)
        return nil
    }

    /// A file that exists and can be read.
    func readableFile(_ value: YAMLValue, reader: inout YAMLReader) -> String? {
        guard let path = reader.path(value, relativeTo: directory) else { return nil }
        guard FileManager.default.isReadableFile(atPath: path) else {
            reader.error("cannot read `\(path)`", key: value.path, at: value.position, hint: "check that the file exists and can be read")
            return nil
        }
        return path
    }

    /// `from:`: a bare address, or `Name <address>`.
    func sender(_ value: YAMLValue, reader: inout YAMLReader) -> (address: String, name: String?)? {
        guard let text = reader.string(value, expecting: "an email address") else { return nil }
        guard let open = text.lastIndex(of: "<"), text.hasSuffix(">") else {
            return address(text, at: value, reader: &reader).map { ($0, nil) }
        }
        var name = text[..<open].trimmingCharacters(in: .whitespaces)
        if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") { name = String(name.dropFirst().dropLast()) }
        guard !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            reader.error("the display name must not hold line breaks or control characters", key: value.path, at: value.position)
            return nil
        }
        let bare = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
        return address(bare, at: value, reader: &reader).map { ($0, name.isEmpty ? nil : name) }
    }

    /// `text` when it is a plain `local@domain` address.
    func address(_ text: String, at value: YAMLValue, reader: inout YAMLReader) -> String? {
        if let problem = SMTPEnvelope.problem(withAddress: text) {
            reader.error("\(YAMLReader.quoted(text)) is not a valid email address: \(problem)", key: value.path, at: value.position)
            return nil
        }
        return text
    }
}

extension NotificationTarget {
    /// The same target with `template` for its text (the whole body of a webhook).
    func with(template: MessageTemplate) -> NotificationTarget {
        switch self {
        case .wecom(var target):
            target.template = template
            return .wecom(target)
        case .dingtalk(var target):
            target.template = template
            return .dingtalk(target)
        case .feishu(var target):
            target.template = template
            return .feishu(target)
        case .slack(var target):
            target.template = template
            return .slack(target)
        case .teams(var target):
            target.template = template
            return .teams(target)
        case .discord(var target):
            target.template = template
            return .discord(target)
        case .telegram(var target):
            target.template = template
            return .telegram(target)
        case .googleChat(var target):
            target.template = template
            return .googleChat(target)
        case .webhook(var target):
            target.bodyTemplate = template
            return .webhook(target)
        case .alertmanager: return self
        }
    }
}
