import ConfigSupport
import Foundation
import Rules
import Testing

/// Named schedules: days, hours, holidays, midnight and daylight-saving changes.
struct ScheduleTests {
    func schedule(_ yaml: String) -> Schedule? {
        var reader = YAMLReader(file: "s.yaml", environment: [:])
        guard let root = reader.compose(yaml) else { return nil }
        let result = reader.schedule(root, named: "s")
        #expect(reader.finish().map(\.description) == [])
        return result
    }

    /// Unix time of a local wall-clock time in `zone`.
    func time(_ zone: String, _ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int = 0) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone) ?? .gmt
        let date = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute))
        return Int(date?.timeIntervalSince1970 ?? 0)
    }

    @Test func businessHoursOnWeekdaysInTheScheduleTimeZone() throws {
        let hours = try #require(schedule("{timezone: Asia/Shanghai, days: mon-fri, hours: \"09:00-18:00\", except: [2026-10-01]}"))
        #expect(hours.isActive(at: time("Asia/Shanghai", 2026, 3, 2, 9, 0)))
        #expect(!hours.isActive(at: time("Asia/Shanghai", 2026, 3, 2, 8, 59)))
        #expect(hours.isActive(at: time("Asia/Shanghai", 2026, 3, 2, 17, 59)))
        #expect(!hours.isActive(at: time("Asia/Shanghai", 2026, 3, 2, 18, 0)))
        #expect(!hours.isActive(at: time("Asia/Shanghai", 2026, 3, 7, 10, 0)))  // Saturday
        #expect(!hours.isActive(at: time("Asia/Shanghai", 2026, 10, 1, 10, 0)))  // holiday, a Thursday
        #expect(hours.isActive(at: time("Asia/Shanghai", 2026, 10, 2, 10, 0)))
    }

    @Test func hoursPastMidnightBelongToTheDayTheyStart() throws {
        let night = try #require(schedule("{timezone: UTC, days: fri, hours: \"22:00-06:00\"}"))
        #expect(night.isActive(at: time("UTC", 2026, 3, 6, 23, 0)))  // Friday night
        #expect(night.isActive(at: time("UTC", 2026, 3, 7, 5, 59)))  // Saturday early, still Friday's shift
        #expect(!night.isActive(at: time("UTC", 2026, 3, 7, 6, 0)))
        #expect(!night.isActive(at: time("UTC", 2026, 3, 6, 5, 0)))  // Friday early belongs to Thursday
    }

    @Test func exceptDateAlsoEndsTheShiftThatStartedThatEvening() throws {
        let night = try #require(schedule("{timezone: UTC, hours: \"22:00-06:00\", except: [2026-03-06]}"))
        #expect(!night.isActive(at: time("UTC", 2026, 3, 7, 2, 0)))
        #expect(night.isActive(at: time("UTC", 2026, 3, 8, 2, 0)))
    }

    /// Europe/Berlin moves from 02:00 to 03:00 on 2026-03-29 and back on 2026-10-25.
    @Test func hoursFollowTheWallClockAcrossDaylightSavingChanges() throws {
        let hours = try #require(schedule("{timezone: Europe/Berlin, hours: \"09:00-18:00\"}"))
        let springStart = time("Europe/Berlin", 2026, 3, 29, 9, 0)
        #expect(hours.isActive(at: springStart))
        #expect(!hours.isActive(at: springStart - 60))
        #expect((springStart / 3600) % 24 == 7)  // 07:00 UTC in summer time
        let autumnStart = time("Europe/Berlin", 2026, 10, 25, 9, 0)
        #expect(hours.isActive(at: autumnStart))
        #expect(!hours.isActive(at: autumnStart - 60))
        #expect((autumnStart / 3600) % 24 == 8)  // 08:00 UTC in winter time
    }

    @Test func windowThatStraddlesMidnightCountsBothDays() {
        let rule = makeRule("window: 1h\ndelay: 0s\ncondition: {count: {at_least: 2}}")
        var engine = Engine(rules: [rule])
        engine.upsert([chat("before", minute: -10), chat("after", minute: 10)])
        #expect(events(engine.evaluate(at: at(30))) == ["firing@30"])
    }

    @Test func ruleEvaluatesOnlyWhileItsScheduleIsActiveAndResolvesWhenItEnds() throws {
        let hours = try #require(schedule("{timezone: UTC, days: mon-fri, hours: \"09:00-10:00\"}"))
        let rule = makeRule("window: 15m\ndelay: 0s\ncondition: {absent: {}}\nactive: office")
        var engine = Engine(rules: [rule], schedules: ["office": hours])
        let transitions = engine.run(minutes: (8 * 60)...(11 * 60))
        #expect(events(transitions) == ["firing@540", "resolved@600"])
        #expect(transitions.last?.reason == "outside schedule")
        #expect(engine.firstMeasurement?.note == "outside schedule")
    }

    @Test func ruleFiresAgainWhenItsScheduleStartsTheNextDay() throws {
        let hours = try #require(schedule("{timezone: UTC, days: mon-fri, hours: \"09:00-10:00\"}"))
        let rule = makeRule("window: 15m\ndelay: 0s\ncondition: {absent: {}}\nactive: office")
        var engine = Engine(rules: [rule], schedules: ["office": hours])
        let transitions = engine.run(minutes: (8 * 60)...(35 * 60))
        #expect(events(transitions) == ["firing@540", "resolved@600", "firing@1980", "resolved@2040"])
    }

    /// On 2026-03-29 Berlin skips from 02:00 to 03:00: a 01:00-04:00 shift lasts two real hours;
    /// on 2026-10-25 it repeats 02:00-03:00: the same shift lasts four.
    @Test func ruleOnAScheduleFollowsDaylightSavingChanges() throws {
        let night = try #require(schedule("{timezone: Europe/Berlin, hours: \"01:00-04:00\"}"))
        let rule = makeRule("window: 15m\ndelay: 0s\ncondition: {absent: {}}\nactive: night")
        for (day, hours) in [((2026, 3, 29), 2), ((2026, 10, 25), 4)] {
            var engine = Engine(rules: [rule], schedules: ["night": night])
            let shiftStart = time("Europe/Berlin", day.0, day.1, day.2, 1)
            let transitions = stride(from: shiftStart - 3600, through: shiftStart + 6 * 3600, by: 60).flatMap { engine.evaluate(at: $0) }
            #expect(transitions.map(\.event) == [.firing, .resolved])
            #expect(transitions.first?.at == shiftStart)
            #expect(transitions.last?.at == shiftStart + hours * 3600)
        }
    }

    @Test(arguments: [
        ("{timezone: Asia/Shanghia}", "s.yaml:1:12: error: timezone: unknown time zone `Asia/Shanghia` (hint: did you mean `Asia/Shanghai`?)"),
        (
            "{days: mon-fry}",
            "s.yaml:1:8: error: days: `fry` is not a day or a range of days (hint: did you mean `fri`? days are mon, tue, wed, thu, fri, sat, sun)"
        ),
        ("{hours: \"9-18\"}", "s.yaml:1:9: error: hours: `9-18` is not a range of hours (hint: write hours as 09:00-18:00)"),
        ("{except: [2026-02-30]}", "s.yaml:1:11: error: except[0]: `2026-02-30` is not a date (hint: that month has 28 days)"),
        ("{timezon: UTC}", "s.yaml:1:2: error: timezon: unknown schedule key (hint: did you mean `timezone`?)"),
    ])
    func brokenScheduleIsReported(_ yaml: String, _ expected: String) {
        var reader = YAMLReader(file: "s.yaml", environment: [:])
        if let root = reader.compose(yaml) { _ = reader.schedule(root, named: "s") }
        #expect(reader.finish().map(\.description) == [expected])
    }
}
