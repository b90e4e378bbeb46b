import ConfigSupport
import Foundation

/// Reads the rules of one file, recording diagnostics instead of stopping at the first problem.
struct RuleFileReader {
    /// One rule read without error, with where its name was written.
    struct Entry {
        var rule: Rule
        var namePath: String
        var namePosition: YAMLPosition?
    }

    var reader: YAMLReader
    let options: RuleLoadOptions

    static let ruleKeys = [
        "name", "description", "severity", "where", "group_by", "window", "delay", "condition", "for", "keep_firing_for", "active",
        "notify", "repeat_every", "summary", "labels", "annotations",
    ]

    init(file: String, options: RuleLoadOptions) {
        self.reader = YAMLReader(file: file, environment: [:])
        self.options = options
    }

    /// The rules of the file that have no error.
    mutating func read(_ text: String) -> [Entry] {
        guard let root = reader.compose(text) else {
            if !reader.hasErrors { reader.warning("the file holds no rules", at: nil) }
            return []
        }
        guard let top = reader.mapping(root) else { return [] }
        reader.rejectUnknownKeys(in: top, known: ["rules"], context: "top-level key")
        guard let list = reader.required("rules", in: top), let items = reader.sequence(list) else { return [] }
        var entries: [Entry] = []
        for item in items {
            let errorsBefore = errorCount
            let entry = rule(item)
            if let entry, errorCount == errorsBefore { entries.append(entry) }
        }
        return entries
    }

    private var errorCount: Int { reader.diagnostics.count(where: \.isError) }

    // MARK: - A rule

    private mutating func rule(_ value: YAMLValue) -> Entry? {
        guard let map = reader.mapping(value) else { return nil }
        reader.rejectUnknownKeys(in: map, known: Self.ruleKeys, context: "rule key")
        let nameValue = reader.required("name", in: map)
        let name = nameValue.flatMap { text($0) }
        if let name, let nameValue, !Self.isValidName(name) {
            reader.error(
                "rule names may only hold letters, digits, `-`, `_` and `.`", key: nameValue.path, at: nameValue.position,
                hint: "for example abandonment-high")
        }
        let description = map["description"].flatMap { text($0, allowEmpty: true) } ?? ""
        let severity = map["severity"].map { reader.choice($0, of: Severity.self, named: "severity") } ?? .warning
        let filter = map["where"].map { predicate($0) } ?? .always
        let groupBy = map["group_by"].map { fields($0) } ?? []
        let conditionValue = reader.required("condition", in: map)
        let condition = conditionValue.flatMap { self.condition($0) }
        let isEach: Bool
        if case .each = condition { isEach = true } else { isEach = false }
        var window = 3600
        if let windowValue = map["window"] {
            window = minutes(windowValue, allowZero: false) ?? window
        } else if !isEach, condition != nil {
            reader.error("required key is missing", key: map.value.path(of: "window"), at: map.position, hint: "for example window: 1h")
        }
        let delay = map["delay"].map { minutes($0, allowZero: true) ?? 0 } ?? options.defaultDelay
        let pendingFor = map["for"].flatMap { seconds($0) } ?? 0
        let keepFiringFor = map["keep_firing_for"].flatMap { seconds($0) } ?? 0
        var repeatEvery = options.defaultRepeatEvery
        if let repeatValue = map["repeat_every"] {
            if let text = scalarText(repeatValue), text == "never" {
                repeatEvery = nil
            } else {
                repeatEvery = seconds(repeatValue, allowZero: false)
            }
        }
        let schedule = map["active"].flatMap { scheduleName($0) }
        let receivers = map["notify"].map { receiverNames($0) } ?? []
        let summary = map["summary"].flatMap { text($0, allowEmpty: true) } ?? ""
        if let summaryValue = map["summary"] { checkTemplate(summary, at: summaryValue, groupBy: groupBy) }
        let labels = map["labels"].map { stringMap($0) } ?? [:]
        let annotations = map["annotations"].map { stringMap($0) } ?? [:]
        if isEach, pendingFor > 0, let forValue = map["for"] {
            reader.warning(
                "`for` has no effect on an `each` rule", key: forValue.path, at: forValue.position,
                hint: "every matching session is reported once")
        }
        guard let name, let condition else { return nil }
        let origin = Rule.Origin(file: reader.file, line: map.position?.line ?? 0)
        let rule = Rule(
            name: name, description: description, severity: severity ?? .warning, filter: filter ?? .always, groupBy: groupBy,
            window: window, delay: delay, condition: condition, pendingFor: pendingFor, keepFiringFor: keepFiringFor,
            schedule: schedule, receivers: receivers, repeatEvery: repeatEvery, summary: summary, labels: labels,
            annotations: annotations, origin: origin)
        return Entry(rule: rule, namePath: nameValue?.path ?? "", namePosition: nameValue?.position)
    }

    static func isValidName(_ name: String) -> Bool {
        name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)) }
    }

    // MARK: - Scalars

    /// The text of a scalar, without environment expansion (rule files hold no secrets).
    func scalarText(_ value: YAMLValue) -> String? {
        value.scalarText
    }

    mutating func text(_ value: YAMLValue, allowEmpty: Bool = false, expecting: String = "a text") -> String? {
        guard let text = scalarText(value) else {
            reader.error("expected \(expecting), found \(value.kind)", key: value.path, at: value.position)
            return nil
        }
        if !allowEmpty, text.isEmpty {
            reader.error("must not be empty", key: value.path, at: value.position)
            return nil
        }
        return text
    }

    /// A whole number, at least `minimum`.
    mutating func wholeNumber(_ value: YAMLValue, atLeast minimum: Int = 0) -> Int? {
        guard let text = text(value, expecting: "a whole number") else { return nil }
        guard let number = Int(text) else {
            reader.error("expected a whole number, found \(YAMLReader.quoted(text))", key: value.path, at: value.position)
            return nil
        }
        guard number >= minimum else {
            reader.error("must be at least \(minimum)", key: value.path, at: value.position)
            return nil
        }
        return number
    }

    /// A number such as `3`, `1.5` or `-2`.
    mutating func number(_ value: YAMLValue) -> Double? {
        guard let text = text(value, expecting: "a number") else { return nil }
        guard let number = Double(text), number.isFinite, !text.hasSuffix("%") else {
            let hint = text.hasSuffix("%") ? "a percentage only makes sense for a share (ratio)" : nil
            reader.error("expected a number, found \(YAMLReader.quoted(text))", key: value.path, at: value.position, hint: hint)
            return nil
        }
        return number
    }

    /// A share written `10%` or `0.1`, between 0 and 1.
    mutating func fraction(_ value: YAMLValue) -> Double? {
        guard let text = text(value, expecting: "a percentage such as 10% or 0.1") else { return nil }
        let isPercent = text.hasSuffix("%")
        let digits = isPercent ? String(text.dropLast()).trimmingCharacters(in: .whitespaces) : text
        guard let number = Double(digits), number.isFinite else {
            reader.error(
                "expected a percentage, found \(YAMLReader.quoted(text))", key: value.path, at: value.position, hint: "write 10% or 0.1")
            return nil
        }
        let fraction = isPercent ? number / 100 : number
        guard fraction >= 0, fraction <= 1 else {
            let shown = isPercent ? text : NumberText.percent(fraction)
            let hint = isPercent ? "a share lies between 0% and 100%" : "write \(NumberText.format(number))% or \(NumberText.format(number / 100))"
            reader.error("\(shown) is not a share between 0% and 100%", key: value.path, at: value.position, hint: hint)
            return nil
        }
        return fraction
    }

    /// A duration in whole seconds.
    mutating func seconds(_ value: YAMLValue, allowZero: Bool = true) -> Int? {
        guard let duration = reader.duration(value, allowZero: allowZero) else { return nil }
        let (whole, fraction) = duration.components
        if fraction != 0 {
            reader.error("must be a whole number of seconds", key: value.path, at: value.position)
            return nil
        }
        return Int(whole)
    }

    /// A duration in whole minutes (windows and delays are counted in minutes).
    mutating func minutes(_ value: YAMLValue, allowZero: Bool) -> Int? {
        guard let seconds = seconds(value, allowZero: allowZero) else { return nil }
        guard seconds % 60 == 0 else {
            reader.error(
                "must be a whole number of minutes", key: value.path, at: value.position,
                hint: "windows are counted minute by minute; write \(DurationParser.format(.seconds(max(60, seconds / 60 * 60))))")
            return nil
        }
        return seconds
    }

    mutating func stringMap(_ value: YAMLValue) -> [String: String] {
        guard let map = reader.mapping(value) else { return [:] }
        var result: [String: String] = [:]
        for entry in map.entries {
            if let text = text(entry.value, allowEmpty: true) { result[entry.key] = text }
        }
        return result
    }

    // MARK: - Names

    mutating func field(_ value: YAMLValue) -> SessionField? {
        guard let text = text(value, expecting: "a field name") else { return nil }
        return field(named: text, path: value.path, at: value.position)
    }

    mutating func field(named text: String, path: String, at position: YAMLPosition?) -> SessionField? {
        if let field = SessionField(rawValue: text) { return field }
        let names = SessionField.allCases.map(\.rawValue)
        let hint = Suggestion.didYouMean(text, among: names) ?? "fields are \(names.joined(separator: ", "))"
        reader.error("unknown field \(YAMLReader.quoted(text))", key: path, at: position, hint: hint)
        return nil
    }

    mutating func fields(_ value: YAMLValue) -> [SessionField] {
        var result: [SessionField] = []
        for item in reader.oneOrMany(value) {
            guard let field = field(item) else { continue }
            if result.contains(field) {
                reader.error("`\(field.rawValue)` is listed twice", key: item.path, at: item.position)
            } else {
                result.append(field)
            }
        }
        return result
    }

    mutating func scheduleName(_ value: YAMLValue) -> String? {
        guard let name = text(value, expecting: "a schedule name") else { return nil }
        if let known = options.knownSchedules, !known.contains(name) {
            let list = known.sorted()
            let hint =
                Suggestion.didYouMean(name, among: list)
                ?? (list.isEmpty ? "the configuration defines no schedules" : "schedules: \(list.joined(separator: ", "))")
            reader.error("unknown schedule \(YAMLReader.quoted(name))", key: value.path, at: value.position, hint: hint)
            return nil
        }
        return name
    }

    mutating func receiverNames(_ value: YAMLValue) -> [String] {
        var names: [String] = []
        for item in reader.oneOrMany(value) {
            guard let name = text(item, expecting: "a receiver name") else { continue }
            if let known = options.knownReceivers, !known.contains(name) {
                let list = known.sorted()
                let hint =
                    Suggestion.didYouMean(name, among: list)
                    ?? (list.isEmpty ? "the configuration defines no receivers" : "receivers: \(list.joined(separator: ", "))")
                reader.error("unknown receiver \(YAMLReader.quoted(name))", key: item.path, at: item.position, hint: hint)
                continue
            }
            names.append(name)
        }
        return names
    }

    // MARK: - Summary

    static let placeholders = [
        "rule", "severity", "description", "value", "threshold", "count", "total", "matches", "ratio", "reference", "window", "group",
        "sessions",
    ]

    mutating func checkTemplate(_ template: String, at value: YAMLValue, groupBy: [SessionField]) {
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                reader.error("`{{` is not closed by `}}`", key: value.path, at: value.position)
                return
            }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            rest = rest[close.upperBound...]
            if name.hasPrefix("group.") {
                let fieldName = String(name.dropFirst("group.".count))
                guard let field = SessionField(rawValue: fieldName) else {
                    let hint = Suggestion.didYouMean(fieldName, among: SessionField.allCases.map(\.rawValue))
                    reader.warning("`{{\(name)}}` names no field", key: value.path, at: value.position, hint: hint)
                    continue
                }
                let shown = groupBy + groupBy.compactMap(\.displayField)
                if !shown.contains(field) {
                    reader.warning(
                        "`{{\(name)}}` is not a group field of this rule and shows empty", key: value.path, at: value.position,
                        hint: "add \(field.rawValue) to group_by")
                }
            } else if !Self.placeholders.contains(name), !name.hasPrefix("labels.") {
                let hint = Suggestion.didYouMean(name, among: Self.placeholders) ?? "placeholders: \(Self.placeholders.joined(separator: ", "))"
                reader.warning("unknown placeholder `{{\(name)}}`", key: value.path, at: value.position, hint: hint)
            }
        }
    }
}
