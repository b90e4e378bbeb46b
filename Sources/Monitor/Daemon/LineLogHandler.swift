import Foundation
import Logging
import Notify

/// A log handler that writes one line per event to standard error, as logfmt
/// (`time=2026-11-25T14:00:00.123Z level=info msg="poll" desk.source=cn new=12`) or as a JSON
/// object. Values are quoted and escaped, so a value holding a line break or a quote cannot forge
/// another line or field.
public struct LineLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let format: LogConfig.Format
    private let write: @Sendable (String) -> Void

    public init(
        label: String, level: Logger.Level, format: LogConfig.Format,
        write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
    ) {
        self.label = label
        self.logLevel = level
        self.format = format
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        let fields: [(String, String)] =
            [("time", Self.timestamp(Date())), ("level", event.level.rawValue), ("msg", event.message.description), ("logger", label)]
            + merged.sorted { $0.key < $1.key }.map { ($0.key, $0.value.description) }
        switch format {
        case .logfmt:
            write(fields.map { "\(Self.logfmtKey($0.0))=\(Self.logfmtValue($0.1))" }.joined(separator: " ") + "\n")
        case .json:
            write(JSONValue.object(fields.map { ($0.0, .string($0.1)) }).serialized + "\n")
        }
    }

    /// RFC 3339 with milliseconds, UTC.
    static func timestamp(_ date: Date) -> String {
        let milliseconds = Int((date.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        return TimeText.rfc3339(seconds).dropLast() + String(format: ".%03dZ", milliseconds - seconds * 1000)
    }

    /// A key with anything but letters, digits, `.`, `_` and `-` replaced by `_`.
    static func logfmtKey(_ key: String) -> String {
        String(
            key.unicodeScalars.map { scalar in
                CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar) ? Character(scalar) : "_"
            })
    }

    /// A value as it is when it is plain, quoted with `\"`, `\\` and control escapes otherwise.
    static func logfmtValue(_ value: String) -> String {
        let plain =
            !value.isEmpty
            && value.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F && $0 != "\"" && $0 != "=" && $0 != "\\" }
        return plain ? value : jsonString(value)
    }

    /// A JSON string literal.
    static func jsonString(_ value: String) -> String { JSONValue.string(value).serialized }
}
