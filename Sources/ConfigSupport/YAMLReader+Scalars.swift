import Yams

extension YAMLReader {
    /// A scalar's text with `${NAME}` references expanded, and the variables it referenced.
    ///
    /// Records an error for null, a mapping or a list (`expecting` says what was wanted), for each
    /// variable that is not set, and for a malformed reference. With `secret`, the result and the
    /// variables' values are kept out of all diagnostics.
    package mutating func expandedScalar(_ value: YAMLValue, expecting: String = "a string", secret: Bool = false) -> (
        text: String, variables: [String]
    )? {
        guard case .scalar(let scalar) = value.node else {
            error("expected \(expecting), found \(value.kind)", key: value.path, at: value.position)
            return nil
        }
        guard !value.isNull else {
            error("has no value; expected \(expecting)", key: value.path, at: value.position)
            return nil
        }
        let expansion = EnvironmentExpansion(scalar.string, environment: environment)
        if secret {
            markSecret(expansion.text)
            for name in expansion.variables {
                if let variable = environment[name] { markSecret(variable) }
            }
        }
        for name in expansion.missing {
            error("environment variable `\(name)` is not set", key: value.path, at: value.position)
        }
        if expansion.malformed {
            error(
                "malformed environment reference", key: value.path, at: value.position,
                hint: "write ${NAME} with a name of letters, digits and _, or $${ for a literal ${")
        }
        guard expansion.missing.isEmpty, !expansion.malformed else { return nil }
        return (expansion.text, expansion.variables)
    }

    /// A non-empty string, expanded from the environment; `expecting` names it in messages.
    package mutating func string(_ value: YAMLValue, expecting: String = "a string") -> String? {
        guard let text = expandedScalar(value, expecting: expecting)?.text else { return nil }
        guard !text.isEmpty else {
            error("must not be empty", key: value.path, at: value.position)
            return nil
        }
        return text
    }

    /// A whole number greater than zero.
    package mutating func positiveInteger(_ value: YAMLValue) -> Int? {
        guard let text = expandedScalar(value, expecting: "a positive whole number")?.text else { return nil }
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(text) else {
            error("expected a positive whole number, found \(Self.quoted(text))", key: value.path, at: value.position)
            return nil
        }
        guard number > 0 else {
            error("must be greater than 0", key: value.path, at: value.position)
            return nil
        }
        return number
    }

    /// A finite number greater than zero, such as `5` or `0.5`.
    package mutating func positiveNumber(_ value: YAMLValue) -> Double? {
        guard let text = expandedScalar(value, expecting: "a positive number")?.text else { return nil }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let isDecimal =
            !text.isEmpty && parts.count <= 2 && parts[0].allSatisfy({ $0.isASCII && $0.isNumber })
            && parts.dropFirst().allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
        guard isDecimal, !parts[0].isEmpty, let number = Double(text), number.isFinite else {
            error("expected a positive number, found \(Self.quoted(text))", key: value.path, at: value.position)
            return nil
        }
        guard number > 0 else {
            error("must be greater than 0", key: value.path, at: value.position)
            return nil
        }
        return number
    }

    /// A duration such as `30s` or `1h30m` (see ``DurationParser``), at least `minimum`, and not
    /// zero unless `allowZero`.
    package mutating func duration(_ value: YAMLValue, atLeast minimum: Duration = .zero, allowZero: Bool = true) -> Duration? {
        guard let text = expandedScalar(value, expecting: "a duration such as 30s")?.text else { return nil }
        let duration: Duration
        do {
            duration = try DurationParser.parse(text)
        } catch {
            self.error(error.message, key: value.path, at: value.position, hint: error.hint)
            return nil
        }
        guard duration >= minimum else {
            error("must be at least \(DurationParser.format(minimum))", key: value.path, at: value.position)
            return nil
        }
        guard allowZero || duration > .zero else {
            error("must be longer than 0s", key: value.path, at: value.position)
            return nil
        }
        return duration
    }

    /// One of the raw values of `T`, with a suggestion for a near miss and the full list as a hint.
    package mutating func choice<T: RawRepresentable & CaseIterable>(_ value: YAMLValue, of type: T.Type, named noun: String) -> T?
    where T.RawValue == String {
        guard let text = expandedScalar(value)?.text else { return nil }
        if let match = T(rawValue: text) { return match }
        let names = T.allCases.map(\.rawValue)
        let list = "\(noun)s: \(names.joined(separator: ", "))"
        let hint = Suggestion.didYouMean(text, among: names).map { "\($0) \(list)" } ?? list
        error("unknown \(noun) \(Self.quoted(text))", key: value.path, at: value.position, hint: hint)
        return nil
    }

    /// A file or folder path; a relative one is resolved against `directory`.
    package mutating func path(_ value: YAMLValue, relativeTo directory: String) -> String? {
        string(value, expecting: "a path").map { ConfigPath.resolve($0, against: directory) }
    }

    /// `text` in backticks for a message, shortened when long.
    package static func quoted(_ text: String) -> String {
        let shown = text.count > 60 ? text.prefix(57) + "..." : Substring(text)
        return "`\(shown)`"
    }
}
