import Foundation

/// Reads and writes the durations used across the configuration: `500ms`, `30s`, `5m`, `2h`, `1d`
/// and combinations from the largest unit down, such as `1h30m` or `1d12h`.
///
/// A bare number is not a duration (`30` could mean seconds or minutes), and neither is a fraction
/// (`1.5h`; write `1h30m`).
public enum DurationParser {
    /// Why a text is not a duration, with a suggestion when there is one.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// What is wrong.
        public var message: String
        /// How to write it instead.
        public var hint: String?

        /// Creates a parse error.
        public init(message: String, hint: String? = nil) {
            self.message = message
            self.hint = hint
        }

        /// The message, followed by ` (hint: …)` when there is a hint.
        public var description: String {
            hint.map { "\(message) (hint: \($0))" } ?? message
        }
    }

    /// The units, largest first, with their length in milliseconds.
    package static let units: [(name: String, milliseconds: Int64)] = [
        ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1),
    ]

    private static let unitList = "ms, s, m, h, d"

    /// Parses a duration such as `30s` or `1h30m`.
    ///
    /// - Throws: ``ParseError`` for a bare number, a fraction, an unknown unit, units out of order,
    ///   an empty or negative text, or a value too large to represent.
    public static func parse(_ text: String) throws(ParseError) -> Duration {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let example = "write 30s, 5m, 2h, 1d, 1h30m or 500ms"
        guard !trimmed.isEmpty else {
            throw ParseError(message: "empty duration", hint: example)
        }
        if trimmed.allSatisfy(\.isASCIIDigit) {
            throw ParseError(message: "`\(trimmed)` has no unit", hint: "write \(trimmed)s")
        }
        if trimmed.hasPrefix("-") {
            throw ParseError(message: "a duration cannot be negative", hint: example)
        }
        var total: Int64 = 0
        var previousRank: Int?
        var rest = Substring(trimmed)
        while !rest.isEmpty {
            let digits = rest.prefix(while: \.isASCIIDigit)
            guard !digits.isEmpty else {
                throw ParseError(message: "`\(trimmed)` is not a duration", hint: example)
            }
            rest = rest.dropFirst(digits.count)
            if rest.first == "." || rest.first == "," {
                throw ParseError(message: "`\(trimmed)` has a fraction", hint: "use smaller units, such as 1h30m or 1500ms")
            }
            let unit = rest.prefix(while: { $0.isLetter })
            rest = rest.dropFirst(unit.count)
            guard !unit.isEmpty else {
                throw ParseError(message: "`\(trimmed)` has a number without a unit", hint: "units are \(unitList)")
            }
            guard let rank = units.firstIndex(where: { $0.name == String(unit) }) else {
                throw ParseError(message: "unknown unit `\(unit)` in `\(trimmed)`", hint: "units are \(unitList)")
            }
            if let previousRank, rank <= previousRank {
                throw ParseError(message: "units in `\(trimmed)` must go from the largest down, each once", hint: "for example 1h30m")
            }
            previousRank = rank
            guard let count = Int64(digits) else {
                throw ParseError(message: "`\(trimmed)` is too large")
            }
            let (part, overflowPart) = count.multipliedReportingOverflow(by: units[rank].milliseconds)
            let (sum, overflowSum) = total.addingReportingOverflow(part)
            guard !overflowPart, !overflowSum else {
                throw ParseError(message: "`\(trimmed)` is too large")
            }
            total = sum
        }
        return .milliseconds(total)
    }

    /// Writes a duration the way ``parse(_:)`` reads it, e.g. `1h30m`, `500ms` or `0s`.
    ///
    /// Parts smaller than a millisecond are dropped.
    public static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0, attoseconds >= 0 else { return "-" + format(.zero - duration) }
        let (milliseconds, overflow) = seconds.multipliedReportingOverflow(by: 1_000)
        guard !overflow else { return "\(seconds)s" }
        var remaining = milliseconds + attoseconds / 1_000_000_000_000_000
        guard remaining > 0 else { return "0s" }
        var text = ""
        for unit in units where remaining >= unit.milliseconds {
            text += "\(remaining / unit.milliseconds)\(unit.name)"
            remaining %= unit.milliseconds
        }
        return text
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
