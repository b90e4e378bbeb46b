/// Times and durations as messages show them, computed without a calendar or locale so that the
/// output depends on the input only.
public enum TimeText {
    /// `2026-11-25 12:57 UTC` for Unix seconds.
    public static func utc(_ seconds: Int) -> String {
        let (date, time) = parts(seconds)
        return "\(date) \(pad(time.hour)):\(pad(time.minute)) UTC"
    }

    /// RFC 3339 in UTC: `2026-11-25T12:57:03Z`.
    public static func rfc3339(_ seconds: Int) -> String {
        let (date, time) = parts(seconds)
        return "\(date)T\(pad(time.hour)):\(pad(time.minute)):\(pad(time.second))Z"
    }

    /// `1h 5m`, `45s`, `2d 3h`.
    public static func duration(_ seconds: Int) -> String {
        let seconds = max(seconds, 0)
        let days = seconds / 86_400
        let hours = seconds % 86_400 / 3600
        let minutes = seconds % 3600 / 60
        if days > 0 { return hours > 0 ? "\(days)d \(hours)h" : "\(days)d" }
        if hours > 0 { return minutes > 0 ? "\(hours)h \(minutes)m" : "\(hours)h" }
        if minutes > 0 { return seconds % 60 > 0 && minutes < 10 ? "\(minutes)m \(seconds % 60)s" : "\(minutes)m" }
        return "\(seconds)s"
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// `Wed, 25 Nov 2026 12:57:03 +0000`: the `Date:` of a mail (RFC 5322), in UTC.
    public static func rfc5322(_ seconds: Int) -> String {
        let civil = Civil(seconds)
        // 1970-01-01 was a Thursday.
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][((civil.days % 7) + 7) % 7]
        let month = months[civil.month - 1]
        return "\(weekday), \(civil.day) \(month) \(civil.year) \(pad(civil.hour)):\(pad(civil.minute)):\(pad(civil.second)) +0000"
    }

    /// Unix seconds of an HTTP date in its preferred form (IMF-fixdate, RFC 9110):
    /// `Wed, 25 Nov 2026 12:57:03 GMT`; `nil` for anything else. The obsolete RFC 850 and asctime
    /// forms, which no current server sends, are not read.
    public static func httpDate(_ text: String) -> Int? {
        let fields = text.split(separator: " ")
        guard fields.count == 6, fields[0].count == 4, fields[0].last == ",", fields[5] == "GMT",
            let day = Int(fields[1]), (1...31).contains(day), fields[1].count == 2,
            let month = months.firstIndex(where: { $0 == fields[2] }),
            let year = Int(fields[3]), fields[3].count == 4
        else { return nil }
        let time = fields[4].split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard time.count == 3, let hour = time[0], let minute = time[1], let second = time[2],
            (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        return Civil.days(year: year, month: month + 1, day: day) * 86_400 + hour * 3600 + minute * 60 + second
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The civil date (proleptic Gregorian) and time of day of Unix seconds.
    private static func parts(_ seconds: Int) -> (String, (hour: Int, minute: Int, second: Int)) {
        let civil = Civil(seconds)
        return ("\(civil.year)-\(pad(civil.month))-\(pad(civil.day))", (civil.hour, civil.minute, civil.second))
    }

    /// A moment's calendar fields in UTC.
    private struct Civil {
        /// Days since 1970-01-01.
        var days: Int
        var year: Int
        var month: Int
        var day: Int
        var hour: Int
        var minute: Int
        var second: Int

        init(_ seconds: Int) {
            days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
            let secondOfDay = seconds - days * 86_400
            // Howard Hinnant's days-to-civil.
            let z = days + 719_468
            let era = (z >= 0 ? z : z - 146_096) / 146_097
            let dayOfEra = z - era * 146_097
            let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
            let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
            let monthIndex = (5 * dayOfYear + 2) / 153
            day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
            month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
            year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
            hour = secondOfDay / 3600
            minute = secondOfDay % 3600 / 60
            second = secondOfDay % 60
        }

        /// Days since 1970-01-01 of a civil date (Howard Hinnant's days-from-civil).
        static func days(year: Int, month: Int, day: Int) -> Int {
            let year = month <= 2 ? year - 1 : year
            let era = (year >= 0 ? year : year - 399) / 400
            let yearOfEra = year - era * 400
            let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
            let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
            return era * 146_097 + dayOfEra - 719_468
        }
    }
}
