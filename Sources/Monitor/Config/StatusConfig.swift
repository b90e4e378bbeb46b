import ConfigSupport
import Foundation
import Logging
import Transport

/// The status server (`status:`): where it listens, the address people reach it at, and the
/// token that allows changing silences through the API.
public struct StatusConfig: Sendable {
    /// The address to listen on (`listen:`), default `127.0.0.1`.
    public var host: String
    /// The port (`listen:`), default 9464; 0 picks a free one.
    public var port: Int
    /// Whether the server runs at all (`listen: off` turns it off).
    public var enabled: Bool
    /// The status page as people reach it (`external_url:`), linked from messages.
    public var externalURL: String?
    /// The bearer token for `POST` and `DELETE` on `/api/v1/silences` (`token` or `token_file`);
    /// without one, changes through the API are refused.
    public var token: Secret?

    public init(host: String = "127.0.0.1", port: Int = 9464, enabled: Bool = true, externalURL: String? = nil, token: Secret? = nil) {
        self.host = host
        self.port = port
        self.enabled = enabled
        self.externalURL = externalURL
        self.token = token
    }

    static let keys = ["listen", "external_url", "token", "token_file"]

    /// Reads `status:`.
    static func read(_ value: YAMLValue, reader: inout YAMLReader, directory: String) -> StatusConfig {
        var status = StatusConfig()
        guard let mapping = reader.mapping(value) else { return status }
        reader.rejectUnknownKeys(in: mapping, known: keys, context: "status key")
        if let listen = mapping["listen"], let text = reader.string(listen, expecting: "host:port or off") {
            if text == "off" {
                status.enabled = false
            } else if let (host, port) = parseListen(text) {
                (status.host, status.port) = (host, port)
            } else {
                reader.error(
                    "expected host:port or off, found \(YAMLReader.quoted(text))", key: listen.path, at: listen.position,
                    hint: "e.g. 127.0.0.1:9464, [::1]:9464 or 0.0.0.0:9464")
            }
        }
        if let value = mapping["external_url"], let text = reader.string(value, expecting: "a URL") {
            if let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil {
                status.externalURL = text.hasSuffix("/") ? String(text.dropLast()) : text
            } else {
                reader.error("expected an http:// or https:// URL", key: value.path, at: value.position, hint: "e.g. https://deskwatch.example.com")
            }
        }
        let settings = Settings(mapping: mapping, directory: directory)
        status.token = settings.secret("token", required: false, reader: &reader) { token in
            token.count >= 16 && token.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F }
        }
        return status
    }

    /// `host:port`, `[v6]:port`, or `:port` (loopback).
    static func parseListen(_ text: String) -> (String, Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65_535).contains(port) else {
            return nil
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.isEmpty { host = "127.0.0.1" }
        guard !host.contains(where: { $0 == "/" || $0 == " " }) else { return nil }
        return (host, port)
    }
}

/// Logging (`log:`): the level and the line format.
public struct LogConfig: Sendable {
    /// How log lines are written.
    public enum Format: String, Sendable, CaseIterable {
        /// `time=… level=info msg="…" key=value`, one line per event.
        case logfmt
        /// One JSON object per line.
        case json
    }

    /// `level:`, default `info`.
    public var level: Logger.Level
    /// `format:`, default `logfmt`.
    public var format: Format

    public init(level: Logger.Level = .info, format: Format = .logfmt) {
        self.level = level
        self.format = format
    }

    static let keys = ["level", "format"]

    /// Reads `log:`.
    static func read(_ value: YAMLValue, reader: inout YAMLReader) -> LogConfig {
        var log = LogConfig()
        guard let mapping = reader.mapping(value) else { return log }
        reader.rejectUnknownKeys(in: mapping, known: keys, context: "log key")
        if let value = mapping["level"], let level = reader.choice(value, of: Logger.Level.self, named: "log level") { log.level = level }
        if let value = mapping["format"], let format = reader.choice(value, of: Format.self, named: "log format") { log.format = format }
        return log
    }
}
