import ConfigSupport
import Rules

/// Reading `routes:` and `inhibit:` of `deskwatch.yaml`.
enum RoutingConfigReader {
    /// The keys of a route.
    static let routeKeys = ["match", "receivers", "continue"]
    /// The keys of an inhibition rule.
    static let inhibitKeys = ["source", "target", "equal"]

    /// Reads `routes:`, a list of `{match, receivers, continue}`. Every receiver must be one of
    /// `receivers` (the names under `receivers:`).
    static func routes(_ value: YAMLValue, receivers: [String], reader: inout YAMLReader) -> [Route] {
        guard let entries = reader.sequence(value) else { return [] }
        return entries.compactMap { entry in
            guard let mapping = reader.mapping(entry) else { return nil }
            reader.rejectUnknownKeys(in: mapping, known: routeKeys, context: "route key")
            // A route without `match` takes every alert that gets this far.
            var matchers: [LabelMatcher]? = []
            if let match = mapping["match"] { matchers = self.matchers(match, reader: &reader) }
            let names = reader.required("receivers", in: mapping).flatMap { self.receivers($0, known: receivers, reader: &reader) }
            var proceed: Bool? = false
            if let value = mapping["continue"] { proceed = bool(value, reader: &reader) }
            guard let matchers, let names, let proceed else { return nil }
            return Route(matchers: matchers, receivers: names, continue: proceed)
        }
    }

    /// Reads `inhibit:`, a list of `{source, target, equal}`.
    static func inhibitRules(_ value: YAMLValue, reader: inout YAMLReader) -> [InhibitRule] {
        guard let entries = reader.sequence(value) else { return [] }
        return entries.compactMap { entry in
            guard let mapping = reader.mapping(entry) else { return nil }
            reader.rejectUnknownKeys(in: mapping, known: inhibitKeys, context: "inhibit key")
            let source = reader.required("source", in: mapping).flatMap { matchers($0, nonEmpty: true, reader: &reader) }
            let target = reader.required("target", in: mapping).flatMap { matchers($0, nonEmpty: true, reader: &reader) }
            var equal: [String]? = []
            if let value = mapping["equal"] { equal = labelNames(value, reader: &reader) }
            guard let source, let target, let equal else { return nil }
            return InhibitRule(source: source, target: target, equal: equal)
        }
    }

    /// A list of matchers such as `severity=critical` (one string stands for a list of one);
    /// `nil` after an error.
    static func matchers(_ value: YAMLValue, nonEmpty: Bool = false, reader: inout YAMLReader) -> [LabelMatcher]? {
        let items = reader.oneOrMany(value)
        if nonEmpty, items.isEmpty {
            reader.error("needs at least one matcher", key: value.path, at: value.position, hint: LabelMatcher.forms)
            return nil
        }
        var result: [LabelMatcher] = []
        var failed = false
        for item in items {
            guard let text = reader.string(item, expecting: "a matcher such as severity=critical") else {
                failed = true
                continue
            }
            do {
                let matcher = try LabelMatcher(parsing: text)
                report(MatcherLint.findings(for: matcher), at: item, reader: &reader)
                result.append(matcher)
            } catch {
                reader.error(error.message, key: item.path, at: item.position, hint: error.hint)
                failed = true
            }
        }
        return failed ? nil : result
    }

    /// Records what ``MatcherLint`` finds at the matcher's position.
    private static func report(_ findings: [MatcherLint.Finding], at value: YAMLValue, reader: inout YAMLReader) {
        for finding in findings {
            reader.report(finding.isError ? .error : .warning, finding.message, key: value.path, at: value.position, hint: finding.hint)
        }
    }

    /// Receiver names, each defined under `receivers:`; at least one.
    private static func receivers(_ value: YAMLValue, known: [String], reader: inout YAMLReader) -> [String]? {
        let items = reader.oneOrMany(value)
        guard !items.isEmpty else {
            reader.error("needs at least one receiver", key: value.path, at: value.position)
            return nil
        }
        var names: [String] = []
        for item in items {
            guard let name = reader.string(item, expecting: "a receiver name") else { return nil }
            guard known.contains(name) else {
                let hint =
                    known.isEmpty
                    ? "define it under `receivers:`"
                    : Suggestion.didYouMean(name, among: known) ?? "receivers: \(known.joined(separator: ", "))"
                reader.error("unknown receiver \(YAMLReader.quoted(name))", key: item.path, at: item.position, hint: hint)
                return nil
            }
            names.append(name)
        }
        return names
    }

    /// Label names (`equal:`).
    private static func labelNames(_ value: YAMLValue, reader: inout YAMLReader) -> [String]? {
        let items = reader.oneOrMany(value)
        var names: [String] = []
        for item in items {
            guard let name = reader.string(item, expecting: "a label name") else { return nil }
            guard LabelMatcher.isLabelName(name) else {
                reader.error(
                    "\(YAMLReader.quoted(name)) is not a label name", key: item.path, at: item.position,
                    hint: "a label name starts with a letter or _ and holds only letters, digits and _")
                return nil
            }
            report(MatcherLint.labelName(name).map { [$0] } ?? [], at: item, reader: &reader)
            names.append(name)
        }
        return names
    }

    /// `true` or `false`.
    private static func bool(_ value: YAMLValue, reader: inout YAMLReader) -> Bool? {
        guard let text = reader.expandedScalar(value, expecting: "true or false")?.text else { return nil }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default:
            reader.error("expected true or false, found \(YAMLReader.quoted(text))", key: value.path, at: value.position)
            return nil
        }
    }
}
