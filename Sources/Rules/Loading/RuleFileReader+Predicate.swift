import ConfigSupport
import Foundation

extension RuleFileReader {
    static let operators = ["is", "is_not", "in", "not_in", "above", "at_least", "below", "at_most", "matches", "exists"]

    /// A predicate: a mapping of fields to values or operators, and `all` / `any` / `not`.
    mutating func predicate(_ value: YAMLValue) -> Predicate? {
        if value.isNull { return .always }
        guard let map = reader.mapping(value) else { return nil }
        var parts: [Predicate] = []
        var failed = false
        for entry in map.entries {
            let part: Predicate?
            switch entry.key {
            case "all", "any":
                if let items = reader.sequence(entry.value) {
                    let inner = items.map { predicate($0) }
                    if inner.contains(where: { $0 == nil }) {
                        part = nil
                    } else {
                        let list = inner.compactMap { $0 }
                        part = entry.key == "all" ? .all(list) : .any(list)
                    }
                } else {
                    part = nil
                }
            case "not":
                part = predicate(entry.value).map { .not($0) }
            default:
                if let field = SessionField(rawValue: entry.key) {
                    part = matcher(field, entry.value)
                } else {
                    let known = SessionField.allCases.map(\.rawValue) + ["all", "any", "not"]
                    var hint =
                        Suggestion.didYouMean(entry.key, among: known)
                        ?? "fields are \(SessionField.allCases.map(\.rawValue).joined(separator: ", ")); combine with all, any, not"
                    if Self.operators.contains(entry.key) { hint = "name the field first, e.g. {Duration: {\(entry.key): …}}" }
                    reader.error("unknown field \(YAMLReader.quoted(entry.key))", key: entry.value.path, at: entry.keyPosition, hint: hint)
                    part = nil
                }
            }
            if let part { parts.append(part) } else { failed = true }
        }
        if failed { return nil }
        return parts.count == 1 ? parts[0] : (parts.isEmpty ? .always : .all(parts))
    }

    /// What one field must be: a value, a list of values, or a mapping of operators.
    private mutating func matcher(_ field: SessionField, _ value: YAMLValue) -> Predicate? {
        if value.isSequence { return fieldValues(field, value).map { .oneOf(field, $0) } }
        if !value.isMapping { return fieldValue(field, value).map { .equals(field, $0) } }
        guard let map = reader.mapping(value) else { return nil }
        var parts: [Predicate] = []
        var failed = false
        for entry in map.entries {
            var part: Predicate?
            switch entry.key {
            case "is": part = fieldValue(field, entry.value).map { .equals(field, $0) }
            case "is_not": part = fieldValue(field, entry.value).map { .not(.equals(field, $0)) }
            case "in": part = fieldValues(field, entry.value).map { .oneOf(field, $0) }
            case "not_in": part = fieldValues(field, entry.value).map { .noneOf(field, $0) }
            case "above", "at_least", "below", "at_most":
                part = comparison(field, entry.key, entry.value, keyPosition: entry.keyPosition)
            case "matches": part = pattern(field, entry.value)
            case "exists":
                if let flag = boolean(entry.value) { part = .exists(field, flag) }
            default:
                let hint = Suggestion.didYouMean(entry.key, among: Self.operators) ?? "operators: \(Self.operators.joined(separator: ", "))"
                reader.error("unknown operator \(YAMLReader.quoted(entry.key))", key: entry.value.path, at: entry.keyPosition, hint: hint)
            }
            if let part { parts.append(part) } else { failed = true }
        }
        if failed { return nil }
        guard !parts.isEmpty else {
            reader.error("says nothing about `\(field.rawValue)`", key: value.path, at: value.position, hint: "for example {is: …} or {in: […]}")
            return nil
        }
        return parts.count == 1 ? parts[0] : .all(parts)
    }

    mutating func boolean(_ value: YAMLValue) -> Bool? {
        switch scalarText(value)?.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default:
            reader.error(
                "expected true or false, found \(value.kind == "a scalar" ? YAMLReader.quoted(scalarText(value) ?? "") : value.kind)",
                key: value.path, at: value.position)
            return nil
        }
    }

    /// One value a field is compared with, checked against what the field can hold.
    private mutating func fieldValue(_ field: SessionField, _ value: YAMLValue) -> String? {
        guard let text = text(value, allowEmpty: true, expecting: "a value") else { return nil }
        if field.isNumeric {
            guard let number = Int(text) else {
                reader.error(
                    "`\(field.rawValue)` holds whole numbers, not \(YAMLReader.quoted(text))", key: value.path, at: value.position,
                    hint: field == .satisfaction ? "to select unrated sessions write {exists: false}" : nil)
                return nil
            }
            if field == .satisfaction, !(1...5).contains(number) {
                reader.error("ratings run from 1 to 5; \(number) never occurs", key: value.path, at: value.position)
                return nil
            }
        } else if field == .endStatus, !KnownEndStatus.values.contains(text) {
            let hint =
                Suggestion.didYouMean(text, among: KnownEndStatus.values) ?? "documented values: \(KnownEndStatus.values.joined(separator: ", "))"
            reader.warning("`\(text)` is not a documented EndStatus", key: value.path, at: value.position, hint: hint)
        }
        return text
    }

    private mutating func fieldValues(_ field: SessionField, _ value: YAMLValue) -> [String]? {
        guard let items = reader.sequence(value) else { return nil }
        guard !items.isEmpty else {
            reader.error("the list is empty", key: value.path, at: value.position)
            return nil
        }
        var result: [String] = []
        var failed = false
        for item in items {
            if let text = fieldValue(field, item) { result.append(text) } else { failed = true }
        }
        return failed ? nil : result
    }

    private mutating func comparison(_ field: SessionField, _ key: String, _ value: YAMLValue, keyPosition: YAMLPosition?) -> Predicate? {
        guard field.isNumeric else {
            reader.error(
                "`\(key)` compares numbers, but `\(field.rawValue)` holds text", key: value.path, at: keyPosition,
                hint: "use is, in, not_in or matches")
            return nil
        }
        guard let relation = Bound.Relation(rawValue: key), let limit = number(value) else { return nil }
        let bound = Bound(relation, limit)
        if field == .satisfaction {
            let met = (1...5).contains { bound.isMet(by: Double($0)) }
            let all = (1...5).allSatisfy { bound.isMet(by: Double($0)) }
            if !met {
                reader.error(
                    "no rating from 1 to 5 is \(key.replacingOccurrences(of: "_", with: " ")) \(NumberText.format(limit))", key: value.path,
                    at: value.position)
                return nil
            }
            if all {
                reader.warning(
                    "every rating is \(key.replacingOccurrences(of: "_", with: " ")) \(NumberText.format(limit))", key: value.path,
                    at: value.position,
                    hint: "ratings run from 1 to 5; to select rated sessions write {exists: true}")
            }
        } else if field == .duration, !bound.relation.isUpper, limit <= 0, !(bound.relation == .atMost && limit == 0) {
            reader.error("no session lasts less than 0 seconds", key: value.path, at: value.position)
            return nil
        }
        return .compare(field, bound)
    }

    private mutating func pattern(_ field: SessionField, _ value: YAMLValue) -> Predicate? {
        guard let text = text(value, expecting: "a regular expression") else { return nil }
        do {
            _ = try NSRegularExpression(pattern: text)
        } catch {
            reader.error("\(YAMLReader.quoted(text)) is not a valid regular expression", key: value.path, at: value.position)
            return nil
        }
        return .matches(field, text)
    }
}
