import ConfigSupport
import Foundation

extension YAMLReader {
    /// The keys of a schedule.
    package static let scheduleKeys = ["timezone", "days", "hours", "except"]

    /// Reads a named schedule:
    ///
    /// - `timezone`: IANA name such as `Asia/Shanghai` (default `UTC`).
    /// - `days`: `mon-fri`, `sat,sun`, `daily` or a list of those (default every day).
    /// - `hours`: `"09:00-18:00"` or a list of ranges; a range may pass midnight (`"22:00-06:00"`);
    ///   leave it out for the whole day.
    /// - `except`: dates `2026-10-01` when the schedule is off, read in the schedule's time zone.
    package mutating func schedule(_ value: YAMLValue, named name: String) -> Schedule? {
        guard let map = mapping(value) else { return nil }
        rejectUnknownKeys(in: map, known: Self.scheduleKeys, context: "schedule key")
        var failed = false
        func attempt<T>(_ value: YAMLValue, _ parse: (String) throws(Schedule.ParseError) -> T) -> T? {
            guard let text = string(value) else {
                failed = true
                return nil
            }
            do {
                return try parse(text)
            } catch {
                self.error(error.message, key: value.path, at: value.position, hint: error.hint)
                failed = true
                return nil
            }
        }
        var schedule = Schedule(name: name, timeZone: .gmt)
        if let zone = map["timezone"], let parsed = attempt(zone, Schedule.parseTimeZone) { schedule.timeZone = parsed }
        if let days = map["days"] {
            var set: Set<Int> = []
            for item in oneOrMany(days) { set.formUnion(attempt(item, Schedule.parseDays) ?? []) }
            schedule.days = set
        }
        if let hours = map["hours"] {
            schedule.hours = oneOrMany(hours).compactMap { attempt($0, Schedule.parseRange) }
        }
        if let except = map["except"] {
            schedule.except = Set(oneOrMany(except).compactMap { attempt($0, Schedule.parseDate) })
        }
        return failed ? nil : schedule
    }

    /// Reads a mapping of schedule names to schedules.
    package mutating func schedules(_ value: YAMLValue) -> [String: Schedule] {
        guard let map = mapping(value) else { return [:] }
        var result: [String: Schedule] = [:]
        for entry in map.entries {
            if let schedule = schedule(entry.value, named: entry.key) { result[entry.key] = schedule }
        }
        return result
    }
}
