import Foundation

/// A named schedule (`active:` in a rule): the days and hours, in a time zone, when a rule is
/// active, minus holiday dates.
///
/// ```yaml
/// business-hours: {timezone: Asia/Shanghai, days: mon-fri, hours: "09:00-18:00", except: [2026-10-01]}
/// ```
///
/// Hours that pass midnight (`22:00-06:00`) belong to the day they start on: with `days: mon-fri`
/// the range runs from Friday 22:00 to Saturday 06:00, and not from Sunday to Monday. Local time is
/// taken from the time zone's rules, so a daylight-saving change moves the hours with the clock.
public struct Schedule: Sendable, Hashable {
    /// Hours of a day, in minutes after local midnight; `end` may be below `start` (passes midnight).
    public struct TimeRange: Sendable, Hashable, CustomStringConvertible {
        /// First minute inside the range.
        public var start: Int
        /// First minute after the range (1440 for midnight).
        public var end: Int

        /// Creates a time range.
        public init(start: Int, end: Int) {
            self.start = start
            self.end = end
        }

        /// Whether the range passes midnight.
        public var passesMidnight: Bool { end <= start }

        /// `09:00-18:00`.
        public var description: String {
            func clock(_ minutes: Int) -> String {
                let hours = minutes / 60
                let rest = minutes % 60
                return (hours < 10 ? "0" : "") + "\(hours):" + (rest < 10 ? "0" : "") + "\(rest)"
            }
            return "\(clock(start))-\(clock(end))"
        }
    }

    /// The schedule's name.
    public var name: String
    /// The time zone the days and hours are read in.
    public var timeZone: TimeZone
    /// Days of the week, 1 = Monday … 7 = Sunday.
    public var days: Set<Int>
    /// Hours of the day; empty means the whole day.
    public var hours: [TimeRange]
    /// Local dates (days since 1970-01-01 in the schedule's time zone) when the schedule is off.
    public var except: Set<Int>

    /// Creates a schedule.
    public init(name: String, timeZone: TimeZone, days: Set<Int> = Set(1...7), hours: [TimeRange] = [], except: Set<Int> = []) {
        self.name = name
        self.timeZone = timeZone
        self.days = days
        self.hours = hours
        self.except = except
    }

    /// Whether the schedule is on at `time` (Unix seconds).
    public func isActive(at time: Int) -> Bool {
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(time)))
        let local = time + offset
        let day = Self.floorDivide(local, 86_400)
        let minute = (local - day * 86_400) / 60
        if hours.isEmpty { return isOn(day: day) }
        for range in hours {
            if range.passesMidnight {
                if minute >= range.start, isOn(day: day) { return true }
                if minute < range.end, isOn(day: day - 1) { return true }
            } else if minute >= range.start, minute < range.end, isOn(day: day) {
                return true
            }
        }
        return false
    }

    private func isOn(day: Int) -> Bool {
        days.contains(Self.weekday(ofDay: day)) && !except.contains(day)
    }

    /// 1 = Monday … 7 = Sunday for a day counted from 1970-01-01 (a Thursday).
    static func weekday(ofDay day: Int) -> Int {
        let fromMonday = ((day + 3) % 7 + 7) % 7
        return fromMonday + 1
    }

    static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
        value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date.
    public static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400)
        let yearOfEra = y - era * 400
        let monthIndex = (month + 9) % 12
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
