import ConfigSupport
import DeskAPI
import Foundation

/// A time in a scenario: absolute (Unix seconds or ISO 8601) or relative to the simulator's start
/// (`now`, `-10m`, `+2h`).
public enum ScenarioTime: Sendable, Equatable {
    case absolute(Int)
    /// Seconds after (positive) or before (negative) the start.
    case relative(Int)

    public static let now = ScenarioTime.relative(0)

    /// Unix seconds, given the simulated start.
    public func resolve(start: Int) -> Int {
        switch self {
        case .absolute(let seconds): seconds
        case .relative(let offset): start + offset
        }
    }

    /// Parses `now`, `now-10m`, `-10m`, `+1h30m`, Unix seconds, or ISO 8601.
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "now" {
            self = .now
            return
        }
        var relative = trimmed
        if relative.hasPrefix("now") { relative.removeFirst(3) }
        if let sign = relative.first, sign == "-" || sign == "+", let magnitude = try? DurationParser.parse(String(relative.dropFirst())) {
            let seconds = Int(magnitude.seconds)
            self = .relative(sign == "-" ? -seconds : seconds)
            return
        }
        if let unix = Int(trimmed) {
            self = .absolute(unix)
            return
        }
        if let date = ISO8601DateFormatter().date(from: trimmed) {
            self = .absolute(Int(date.timeIntervalSince1970))
            return
        }
        return nil
    }
}
