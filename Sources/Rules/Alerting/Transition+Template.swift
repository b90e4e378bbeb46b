import Foundation

extension Transition {
    /// The values of the `summary` placeholders for this transition (see `rules/README.md`):
    /// `rule`, `severity`, `description`, `value`, `threshold`, `count`, `total`, `matches`,
    /// `ratio`, `reference`, `window`, `sessions`, `group.<Field>` and `labels.<name>`.
    ///
    /// Values are plain text taken partly from end-user data; the renderer escapes them for its
    /// target before it substitutes them.
    public func templateValues(for rule: Rule) -> [String: String] {
        let measurement = self.measurement
        var values: [String: String] = [
            "rule": rule.name, "severity": rule.severity.rawValue, "description": rule.description, "value": measurement.valueText,
            "threshold": measurement.threshold, "total": String(measurement.total), "matches": String(measurement.matches),
            "window": SessionNotation.format(offset: rule.window),
        ]
        switch rule.condition {
        case .ratio:
            values["ratio"] = measurement.valueText
            values["count"] = String(measurement.matches)
        case .each:
            values["count"] = String(sessionCount)
            values["sessions"] = sample.map { sample in
                [sample.sessionID, sample.agentID, sample.satisfaction.map { "\($0)★" } ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
            }.joined(separator: ", ")
        case .stat:
            values["count"] = String(measurement.total)
        case .count, .spike, .absent:
            values["count"] = measurement.value.map(NumberText.format) ?? String(measurement.matches)
        }
        if let reference = measurement.reference { values["reference"] = NumberText.format(reference) }
        for label in group.labels + group.display { values["group.\(label.field.rawValue)"] = label.value }
        for (name, value) in rule.labels { values["labels.\(name)"] = value }
        return values
    }

    /// `template` with every `{{name}}` replaced by `escape(value)`; unknown placeholders become
    /// empty.
    public static func render(_ template: String, values: [String: String], escape: (String) -> String = { $0 }) -> String {
        var output = ""
        var rest = Substring(template)
        while let open = rest.firstRange(of: "{{") {
            output += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstRange(of: "}}") else {
                output += rest[open.lowerBound...]
                return output
            }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            output += escape(values[name] ?? "")
            rest = rest[close.upperBound...]
        }
        return output + rest
    }
}
