import ConfigSupport
import Foundation

extension Schedule {
    /// Why a schedule's text cannot be read.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        /// What is wrong.
        public var message: String
        /// How to write it instead.
        public var hint: String?

        /// Creates a parse error.
        public init(message: String, hint: String? = nil) {
            self.message = message
            self.hint = hint
        }

        public var description: String { hint.map { "\(message) (hint: \($0))" } ?? message }
    }

    static let dayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// Reads a time zone identifier such as `Asia/Shanghai` or `UTC`.
    public static func parseTimeZone(_ text: String) throws(ParseError) -> TimeZone {
        guard let zone = TimeZone(identifier: text) else {
            let hint = Suggestion.didYouMean(text, among: TimeZone.knownTimeZoneIdentifiers) ?? "use an IANA name such as Asia/Shanghai or UTC"
            throw ParseError(message: "unknown time zone `\(text)`", hint: hint)
        }
        return zone
    }

    /// Reads `mon-fri`, `sat,sun`, `mon-wed,fri`, `daily` or `every day`.
    public static func parseDays(_ text: String) throws(ParseError) -> Set<Int> {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        if trimmed == "daily" || trimmed == "every day" || trimmed == "all" { return Set(1...7) }
        var days: Set<Int> = []
        for part in trimmed.split(separator: ",") {
            let ends = part.split(separator: "-", omittingEmptySubsequences: false).map {
                String($0.trimmingCharacters(in: .whitespaces).prefix(3))
            }
            guard (1...2).contains(ends.count) else { throw dayError(String(part)) }
            var numbers: [Int] = []
            for end in ends {
                guard let index = dayNames.firstIndex(of: end) else { throw dayError(end) }
                numbers.append(index + 1)
            }
            let first = numbers[0]
            let last = numbers[numbers.count - 1]
            var day = first
            while true {
                days.insert(day)
                if day == last { break }
                day = day % 7 + 1
            }
        }
        guard !days.isEmpty else { throw dayError(text) }
        return days
    }

    private static func dayError(_ text: String) -> ParseError {
        let hint = Suggestion.didYouMean(text, among: dayNames).map { "\($0) days are mon, tue, wed, thu, fri, sat, sun" }
        return ParseError(message: "`\(text)` is not a day or a range of days", hint: hint ?? "write mon-fri, sat,sun or daily")
    }

    /// Reads `09:00-18:00` (a range may pass midnight: `22:00-06:00`).
    public static func parseRange(_ text: String) throws(ParseError) -> TimeRange {
        let parts = text.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
        let example = "write hours as 09:00-18:00"
        guard parts.count == 2, let start = minutes(parts[0]), let end = minutes(parts[1]) else {
            throw ParseError(message: "`\(text)` is not a range of hours", hint: example)
        }
        guard start < 1440 else { throw ParseError(message: "`\(text)` starts at 24:00", hint: example) }
        guard start != end % 1440 || end == 1440 && start == 0 else {
            throw ParseError(message: "`\(text)` is empty", hint: "for the whole day leave `hours` out")
        }
        return TimeRange(start: start, end: end)
    }

    private static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[0].count <= 2, parts[1].count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]),
            (0...24).contains(hours), (0...59).contains(minutes), hours < 24 || minutes == 0
        else { return nil }
        return hours * 60 + minutes
    }

    /// Reads a date `2026-10-01` as days since 1970-01-01.
    public static func parseDate(_ text: String) throws(ParseError) -> Int {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), (1...31).contains(day)
        else { throw ParseError(message: "`\(text)` is not a date", hint: "write dates as 2026-10-01") }
        let number = dayNumber(year: year, month: month, day: day)
        let lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let length = month == 2 && leap ? 29 : lengths[month - 1]
        guard day <= length else { throw ParseError(message: "`\(text)` is not a date", hint: "that month has \(length) days") }
        return number
    }
}
