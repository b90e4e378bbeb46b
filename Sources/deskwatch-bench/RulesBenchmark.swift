import ConfigSupport
import DeskAPI
import Foundation
import Monitor
import Rules
import Simulator
import Store

/// The rule engine over a generated month: 30 days at an average of one session per second, with
/// an incident every day, replayed through the whole default rule pack evaluated every minute.
enum RulesBenchmark {
    /// The first second of the data set (a Monday, 00:00 UTC).
    static let dataStart = 1_772_409_600
    /// The business hours the default rule pack's `no-traffic-business-hours` refers to.
    static let schedules: [String: Schedule] = {
        var schedule = Schedule(name: "business-hours", timeZone: TimeZone(identifier: "Asia/Shanghai") ?? .gmt)
        schedule.days = Set(1...5)
        if let hours = try? Schedule.parseRange("09:00-18:00") { schedule.hours = [hours] }
        return ["business-hours": schedule]
    }()

    /// The data set: one session per second on average, `NoAgentsOnline` rare outside incidents,
    /// and one incident a day, cycling through no agents, abandonment, a ratings collapse, an
    /// outage and a volume spike.
    static func generator(days: Int) -> TrafficGenerator {
        var endStatus = Scenario.defaultEndStatus
        endStatus["NoAgentsOnline"] = 0.01
        let kinds: [Scenario.Incident.Kind] = [.noAgents, .abandonment, .ratingsCollapse, .outage, .volumeSpike]
        let incidents = (0..<days).map { day in
            let kind = kinds[day % kinds.count]
            let start = dataStart + day * 86_400 + (2 + day % 8) * 3600
            return Scenario.Incident(
                kind: kind, start: .absolute(start), duration: .seconds(kind == .ratingsCollapse ? 4 * 3600 : 40 * 60),
                queue: kind == .ratingsCollapse ? nil : "3070", agent: kind == .ratingsCollapse ? "maria@example.com" : nil,
                share: kind == .abandonment ? 0.3 : 1)
        }
        let scenario = Scenario(
            seed: 30, history: .seconds(days * 86_400), traffic: .init(perHour: 3600), endStatus: endStatus, incidents: incidents)
        return TrafficGenerator(scenario: scenario, start: dataStart + days * 86_400)
    }

    /// The sessions of one day of the data set, in time order.
    static func sessions(day: Int, generator: TrafficGenerator) -> [Session] {
        let firstBucket = TrafficGenerator.bucket(of: dataStart + day * 86_400)
        var sessions: [Session] = []
        sessions.reserveCapacity(100_000)
        for bucket in firstBucket..<firstBucket + 1440 {
            for simulated in generator.sessions(inBucket: bucket) { sessions.append(Session(simulated.record, source: "bench")) }
        }
        return sessions
    }

    /// The rule files of `folder` (its `*.yaml`), loaded with the default options.
    static func loadRules(_ folder: String) throws -> [Rule] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }.sorted()
        let sources = try names.map { name in
            RuleSource(file: name, text: try String(contentsOfFile: folder + "/" + name, encoding: .utf8))
        }
        let set = RuleSet.load(sources, options: RuleLoadOptions(knownSchedules: Set(schedules.keys)))
        guard !set.hasErrors, !set.rules.isEmpty else {
            throw BenchFailure(message: "the rules in \(folder) do not load: \(set.diagnostics.map(\.description).joined(separator: "\n"))")
        }
        return set.rules
    }

    /// `rules-engine`: the engine alone, a day of records at a time already in memory; upserts and
    /// evaluations are timed, generating the records is not.
    static func engineOnly(days: Int, rulesFolder: String) throws {
        let rules = try loadRules(rulesFolder)
        let generator = generator(days: days)
        var engine = Engine(rules: rules, schedules: schedules, options: EngineOptions(correctionHorizon: 0))
        engine.setHistoryStart(dataStart)
        let clock = ContinuousClock()
        var feeding = Duration.zero
        var evaluating = Duration.zero
        var records = 0
        var evaluations = 0
        var transitions = 0
        // CPU time of the harness (generating and freeing the records), taken out of the CPU figure.
        var harnessCPU = 0.0
        let startCPU = ThreadCPU.seconds
        for day in 0..<days {
            let generating = ThreadCPU.seconds
            // Newest first, so that each record is taken off the end and handed over without a
            // copy made for it, then moved to `fedSessions` so that freeing the day's records, like
            // generating them, is not timed.
            var daySessions = sessions(day: day, generator: generator)
            daySessions.reverse()
            var fedSessions: [Session] = []
            fedSessions.reserveCapacity(daySessions.count)
            harnessCPU += ThreadCPU.seconds - generating
            let count = daySessions.count
            let dayStart = dataStart + day * 86_400
            for minute in stride(from: dayStart, to: dayStart + 86_400, by: 60) {
                let fed = clock.now
                while let last = daySessions.indices.last, daySessions[last].timestamp < minute {
                    let session = daySessions.removeLast()
                    engine.upsert(session)
                    fedSessions.append(session)
                }
                let evaluated = clock.now
                transitions += engine.evaluate(at: minute).count
                evaluating += clock.now - evaluated
                feeding += evaluated - fed
                evaluations += 1
            }
            let fed = clock.now
            while let session = daySessions.popLast() {
                engine.upsert(session)
                fedSessions.append(session)
            }
            feeding += clock.now - fed
            records += count
            let freeing = ThreadCPU.seconds
            fedSessions = []
            harnessCPU += ThreadCPU.seconds - freeing
        }
        let total = (feeding + evaluating).seconds
        let cpu = ThreadCPU.seconds - startCPU - harnessCPU
        print(
            String(
                format: "rules-engine: %.0f records/s and %.0f evaluations/s (%d rules each) = %.0f rule evaluations/s; "
                    + "%d records, %d evaluations, %d transitions over %d days in %.2f s (%.2f s in upserts, %.2f s in evaluations; "
                    + "%.2f s of CPU, %.0f records per CPU second); peak RSS %.0f MB",
                Double(records) / total, Double(evaluations) / evaluating.seconds, rules.count,
                Double(evaluations * rules.count) / evaluating.seconds, records, evaluations, transitions, days, total, feeding.seconds,
                evaluating.seconds, cpu, Double(records) / cpu, PeakMemory.megabytes))
    }

    /// `backtest-store`: the data set written to a state database file, then a backtest read from
    /// it end to end (store reads, the replay loop, the engine); only the backtest is timed. With
    /// `keeping`, the file is kept there, and a file already there is taken as written.
    static func fromStore(days: Int, rulesFolder: String, keeping kept: String? = nil) throws {
        let rules = try loadRules(rulesFolder)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deskwatch-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = kept ?? folder.appendingPathComponent("state.sqlite").path
        let clock = ContinuousClock()
        let building = clock.now
        var written = 0
        let reused = kept != nil && FileManager.default.fileExists(atPath: path)
        if reused {
            written = try SessionStore.open(path: path).sessionCount()
        } else {
            let store = try SessionStore.open(path: path)
            let generator = generator(days: days)
            for day in 0..<days {
                let sessions = sessions(day: day, generator: generator)
                // An hour at a time, so that writing stays small in memory.
                for start in stride(from: 0, to: sessions.count, by: 3600) {
                    try store.ingest(Array(sessions[start..<min(sessions.count, start + 3600)]), source: "bench", now: dataStart + days * 86_400)
                }
                written += sessions.count
            }
        }
        let built = reused ? "store kept from an earlier run" : String(format: "store written in %.1f s", (clock.now - building).seconds)
        let memoryBefore = PeakMemory.megabytes

        let started = clock.now
        let store = try SessionStore.open(path: path)
        var backtest = Backtest(rules: rules, schedules: schedules, from: dataStart, to: dataStart + days * 86_400 - 1)
        var transitions = 0
        try store.replay(source: nil, from: backtest.feedStart, to: backtest.to) { session in
            backtest.feed(session) { _ in transitions += 1 }
        }
        let summary = backtest.finish { _ in transitions += 1 }
        let elapsed = (clock.now - started).seconds
        guard summary.records == written else { throw BenchFailure(message: "backtest-store: replayed \(summary.records) of \(written) records") }
        print(
            String(
                format: "backtest-store: %.0f records/s end to end (%d records, %d evaluations of %d rules, %d transitions over %d days in %.2f s; ",
                Double(summary.records) / elapsed, summary.records, summary.evaluations, rules.count, transitions, days, elapsed)
                + built
                + String(format: "); peak RSS %.0f MB (%.0f MB before the backtest)", PeakMemory.megabytes, memoryBefore))
    }
}

/// A benchmark that could not run.
struct BenchFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// The calling thread's CPU time so far, in seconds.
enum ThreadCPU {
    static var seconds: Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// The process's peak resident memory so far.
enum PeakMemory {
    static var megabytes: Double {
        var usage = rusage()
        #if os(Linux)
            let who = __rusage_who_t(RUSAGE_SELF.rawValue)
        #else
            let who = RUSAGE_SELF
        #endif
        guard getrusage(who, &usage) == 0 else { return 0 }
        return Double(usage.ru_maxrss) / 1024
    }
}
