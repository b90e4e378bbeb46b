import ArgumentParser
import ConfigSupport
import DeskAPI
import Foundation

/// A point in time on the command line: Unix seconds, ISO 8601 (`2026-11-24T08:00:00Z`,
/// `2026-11-24T16:00:00+08:00`, `2026-11-24` for midnight UTC), `now`, or `now-2h`.
struct TimeArgument: ExpressibleByArgument, Sendable {
    var unixSeconds: Int

    /// Times after this (the year 2100) are refused as typing mistakes.
    static let latest = 4_102_444_800

    init?(argument: String) {
        guard let value = Self.parse(argument, now: Int(Date().timeIntervalSince1970)), (0...Self.latest).contains(value) else { return nil }
        unixSeconds = value
    }

    static var defaultCompletionKind: CompletionKind { .default }

    static func parse(_ text: String, now: Int) -> Int? {
        let text = text.trimmingCharacters(in: .whitespaces)
        if let unix = Int(text), unix >= 0 { return unix }
        if text == "now" { return now }
        if text.hasPrefix("now-") || text.hasPrefix("now+"), let offset = parseDuration(String(text.dropFirst(4))) {
            return text.hasPrefix("now-") ? now - offset : now + offset
        }
        let full = ISO8601DateFormatter()
        if let date = full.date(from: text) { return Int(date.timeIntervalSince1970) }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = fractional.date(from: text) { return Int(date.timeIntervalSince1970) }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        if let date = day.date(from: text) { return Int(date.timeIntervalSince1970) }
        return nil
    }

    /// A duration such as `90s`, `15m`, `2h`, `7d` in whole seconds.
    static func parseDuration(_ text: String) -> Int? {
        guard let duration = try? DurationParser.parse(text), duration > .zero else { return nil }
        return Int(duration.seconds.rounded())
    }
}
