import ConfigSupport
import Foundation

extension RuleTestSuite {
    static let suiteKeys = ["rule_files", "schedules", "start", "tests"]
    static let caseKeys = ["name", "rules", "start", "sessions", "evaluate", "events", "expect", "alerts"]

    /// Reads a test file. `rule_files` are resolved against the folder of `source.file`.
    ///
    /// Returns `nil` with the diagnostics when the file cannot be used.
    public static func read(_ source: RuleSource) -> (suite: RuleTestSuite?, diagnostics: [ConfigDiagnostic]) {
        var reader = YAMLReader(file: source.file, environment: [:])
        let suite = read(source, reader: &reader)
        let diagnostics = reader.finish()
        return (diagnostics.contains(where: \.isError) ? nil : suite, diagnostics)
    }

    private static func read(_ source: RuleSource, reader: inout YAMLReader) -> RuleTestSuite? {
        guard let root = reader.compose(source.text), let map = reader.mapping(root) else {
            if !reader.hasErrors { reader.error("the test file is empty", at: nil) }
            return nil
        }
        reader.rejectUnknownKeys(in: map, known: suiteKeys, context: "test file key")
        let directory = ConfigPath.directory(of: source.file)
        let files = (map["rule_files"].map { reader.oneOrMany($0) } ?? []).compactMap { value in
            reader.string(value, expecting: "a rule file path").map { ConfigPath.resolve($0, against: directory) }
        }
        let schedules = map["schedules"].map { reader.schedules($0) } ?? [:]
        let defaultStart = map["start"].flatMap { time($0, reader: &reader) }
        guard let testsValue = reader.required("tests", in: map), let tests = reader.sequence(testsValue) else { return nil }
        let cases = tests.compactMap { testCase($0, defaultStart: defaultStart, reader: &reader) }
        return RuleTestSuite(file: source.file, ruleFiles: files, schedules: schedules, cases: cases)
    }

    /// An absolute time such as `2026-03-02T09:00:00Z` or `2026-03-02T17:00:00+08:00`.
    static func time(_ value: YAMLValue, reader: inout YAMLReader) -> Int? {
        guard let text = reader.string(value, expecting: "a time") else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        guard let date = formatter.date(from: text) else {
            reader.error("\(YAMLReader.quoted(text)) is not a time", key: value.path, at: value.position, hint: "write 2026-03-02T09:00:00Z")
            return nil
        }
        return Int(date.timeIntervalSince1970)
    }

    static func offset(_ value: YAMLValue, reader: inout YAMLReader) -> Int? {
        guard let text = reader.string(value, expecting: "a time offset") else { return nil }
        do {
            return try SessionNotation.offset(text)
        } catch {
            reader.error(error.message, key: value.path, at: value.position, hint: error.hint)
            return nil
        }
    }

    private static func testCase(_ value: YAMLValue, defaultStart: Int?, reader: inout YAMLReader) -> RuleTestCase? {
        guard let map = reader.mapping(value) else { return nil }
        reader.rejectUnknownKeys(in: map, known: caseKeys, context: "test key")
        let errorsBefore = reader.diagnostics.count(where: \.isError)
        let name = reader.required("name", in: map).flatMap { reader.string($0) } ?? "unnamed"
        let rules = (map["rules"].map { reader.oneOrMany($0) } ?? []).compactMap { reader.string($0, expecting: "a rule name") }
        var start = defaultStart
        if let value = map["start"] { start = time(value, reader: &reader) }
        if start == nil, map["start"] == nil {
            reader.error("required key is missing", key: map.value.path(of: "start"), at: map.position, hint: "start: 2026-03-02T09:00:00Z")
        }
        let origin = start ?? 0
        var feeds: [RuleTestCase.Feed] = []
        var nextID = 1
        for line in map["sessions"].flatMap({ reader.sequence($0) }) ?? [] {
            guard let text = reader.string(line, expecting: "a session line") else { continue }
            do {
                feeds += try SessionNotation.sessions(text, start: origin, nextID: &nextID)
            } catch {
                reader.error(error.message, key: line.path, at: line.position, hint: error.hint)
            }
        }
        var evaluations: [Int] = []
        if let evaluate = reader.required("evaluate", in: map), let evaluateMap = reader.mapping(evaluate) {
            reader.rejectUnknownKeys(in: evaluateMap, known: ["from", "to", "every", "at"], context: "evaluate key")
            if let at = evaluateMap["at"] {
                evaluations = reader.oneOrMany(at).compactMap { offset($0, reader: &reader) }.map { origin + $0 }
            } else {
                let from = evaluateMap["from"].flatMap { offset($0, reader: &reader) } ?? 0
                let to = reader.required("to", in: evaluateMap).flatMap { offset($0, reader: &reader) } ?? from
                let every = evaluateMap["every"].flatMap { offset($0, reader: &reader) } ?? 60
                if every <= 0 || to < from || (to - from) / max(every, 1) > 200_000 {
                    reader.error(
                        "the evaluation times make no sense: from \(from)s to \(to)s every \(every)s", key: evaluate.path, at: evaluate.position)
                } else {
                    evaluations = Array(stride(from: origin + from, through: origin + to, by: every))
                }
            }
        }
        var allEvents = false
        if let events = map["events"], let text = reader.string(events) {
            switch text {
            case "all": allEvents = true
            case "notifying": allEvents = false
            default: reader.error("expected `all` or `notifying`", key: events.path, at: events.position)
            }
        }
        var expected: [RuleTestCase.ExpectedEvent]?
        if let expect = map["expect"] {
            expected = []
            if !expect.isNull {
                for item in reader.sequence(expect) ?? [] {
                    guard let text = reader.string(item, expecting: "an expected event") else { continue }
                    if let event = expectedEvent(text, origin: origin, line: item.position?.line) {
                        expected?.append(event)
                    } else {
                        reader.error(
                            "cannot read the expected event \(YAMLReader.quoted(text))", key: item.path, at: item.position,
                            hint:
                                "write `1h5m rule-name{AgentGroupId=g1} firing`; events: \(AlertEvent.allCases.map(\.rawValue).joined(separator: ", "))"
                        )
                    }
                }
            }
        }
        var checks: [RuleTestCase.StateCheck] = []
        for item in map["alerts"].flatMap({ reader.sequence($0) }) ?? [] {
            guard let check = reader.mapping(item) else { continue }
            reader.rejectUnknownKeys(in: check, known: ["at", "firing", "pending"], context: "alerts key")
            guard let at = reader.required("at", in: check).flatMap({ offset($0, reader: &reader) }) else { continue }
            let firing = (check["firing"].map { reader.oneOrMany($0) } ?? []).compactMap { reader.string($0) }
            let pending = (check["pending"].map { reader.oneOrMany($0) } ?? []).compactMap { reader.string($0) }
            if !evaluations.contains(origin + at) {
                reader.error("no evaluation happens at \(SessionNotation.format(offset: at))", key: item.path, at: item.position)
            }
            checks.append(RuleTestCase.StateCheck(at: origin + at, firing: firing, pending: pending, line: item.position?.line))
        }
        guard reader.diagnostics.count(where: \.isError) == errorsBefore else { return nil }
        return RuleTestCase(
            name: name, rules: rules, start: origin, feeds: feeds, evaluations: evaluations, allEvents: allEvents, expected: expected,
            stateChecks: checks, line: map.position?.line)
    }

    /// Reads `1h5m rule{Field=value} firing [value=12%]`.
    static func expectedEvent(_ text: String, origin: Int, line: Int?) -> RuleTestCase.ExpectedEvent? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard parts.count == 3 || parts.count == 4, let at = try? SessionNotation.offset(parts[0]), let event = AlertEvent(rawValue: parts[2]) else {
            return nil
        }
        var value: String?
        if parts.count == 4 {
            guard parts[3].hasPrefix("value=") else { return nil }
            value = String(parts[3].dropFirst("value=".count))
        }
        let (rule, labels) = splitAlert(parts[1])
        return RuleTestCase.ExpectedEvent(at: origin + at, rule: rule, labels: labels, event: event, value: value, line: line)
    }

    /// `rule{labels}` into its parts; labels without braces.
    static func splitAlert(_ text: String) -> (rule: String, labels: String) {
        guard let brace = text.firstIndex(of: "{"), text.hasSuffix("}") else { return (text, "") }
        return (String(text[..<brace]), String(text[text.index(after: brace)..<text.index(before: text.endIndex)]))
    }
}
