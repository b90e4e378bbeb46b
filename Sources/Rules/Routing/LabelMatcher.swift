import Foundation

/// One condition on an alert's labels, written like Alertmanager's: `name=value`, `name!=value`,
/// `name=~regex` or `name!~regex`.
///
/// A label the alert does not have counts as the empty string, so `team!=ops` matches an alert
/// without `team`, and `team=~.*` matches every alert. Regular expressions must match the whole
/// value (`AgentGroupId=~30.*` matches `3070` but not `13070`).
public struct LabelMatcher: Sendable, Hashable, CustomStringConvertible {
    /// How the value is compared.
    public enum Operator: String, Sendable, Hashable, Codable, CaseIterable {
        /// `=`: the value is exactly this.
        case equal = "="
        /// `!=`: the value is not this.
        case notEqual = "!="
        /// `=~`: the whole value matches this regular expression.
        case matches = "=~"
        /// `!~`: the whole value does not match this regular expression.
        case notMatches = "!~"

        /// Whether the operator compares against a regular expression.
        public var isRegex: Bool { self == .matches || self == .notMatches }
    }

    /// The label name.
    public let name: String
    /// How the value is compared.
    public let op: Operator
    /// The value, or the regular expression for `=~` and `!~`.
    public let value: String
    private let regex: RegexMatcher?

    /// Creates a matcher.
    ///
    /// - Throws: ``ParseError`` when `name` is not a label name or `value` is not a valid regular
    ///   expression for `=~` and `!~`.
    public init(name: String, op: Operator, value: String) throws(ParseError) {
        guard Self.isLabelName(name) else {
            throw ParseError(
                message: name.isEmpty ? "the label name is missing" : "`\(name)` is not a label name",
                hint: "a label name starts with a letter or _ and holds only letters, digits and _")
        }
        self.name = name
        self.op = op
        self.value = value
        if op.isRegex {
            // \A and \z anchor at the very ends (`$` would also match before a final newline).
            guard let regex = RegexMatcher("\\A(?:\(value))\\z") else {
                throw ParseError(message: "`\(value)` is not a valid regular expression", hint: nil)
            }
            self.regex = regex
        } else {
            regex = nil
        }
    }

    /// Parses `name=value`, `name!=value`, `name=~regex` or `name!~regex`. Spaces around the name,
    /// the operator and the value are ignored; a value in double quotes keeps its spaces (`\"` and
    /// `\\` stand for a quote and a backslash inside).
    public init(parsing text: String) throws(ParseError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw ParseError(message: "the matcher is empty", hint: Self.forms) }
        guard let split = Self.split(trimmed) else {
            throw ParseError(message: "`\(trimmed)` has no operator", hint: Self.forms)
        }
        let name = trimmed[..<split.operatorStart].trimmingCharacters(in: .whitespaces)
        let rest = trimmed[split.valueStart...].trimmingCharacters(in: .whitespaces)
        try self.init(name: name, op: split.op, value: try Self.unquote(rest))
    }

    /// How matchers are written, for hints.
    public static let forms = "write name=value, name!=value, name=~regex or name!~regex"

    /// Whether the labels satisfy the matcher (a missing label counts as empty).
    public func matches(_ labels: [String: String]) -> Bool {
        let actual = labels[name] ?? ""
        switch op {
        case .equal: return actual == value
        case .notEqual: return actual != value
        case .matches: return regex?.matches(actual) ?? false
        case .notMatches: return !(regex?.matches(actual) ?? false)
        }
    }

    /// `name=value`, with the value in double quotes when it is empty, holds spaces or starts with
    /// a quote, so that it reads back the same.
    public var description: String {
        let needsQuotes = value.isEmpty || value.contains(where: \.isWhitespace) || value.hasPrefix("\"")
        guard needsQuotes else { return "\(name)\(op.rawValue)\(value)" }
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\(name)\(op.rawValue)\"\(escaped)\""
    }

    public static func == (lhs: LabelMatcher, rhs: LabelMatcher) -> Bool {
        lhs.name == rhs.name && lhs.op == rhs.op && lhs.value == rhs.value
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(op)
        hasher.combine(value)
    }

    /// Whether `text` can name a label: a letter or `_`, then letters, digits and `_` (ASCII).
    public static func isLabelName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic || first == "_" else { return false }
        return text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") }
    }

    /// The first operator in `text`: where it starts, which one, and where the value starts.
    private static func split(_ text: String) -> (operatorStart: String.Index, op: Operator, valueStart: String.Index)? {
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            let following = next < text.endIndex ? text[next] : nil
            switch (character, following) {
            case ("=", "~"): return (index, .matches, text.index(after: next))
            case ("!", "~"): return (index, .notMatches, text.index(after: next))
            case ("!", "="): return (index, .notEqual, text.index(after: next))
            case ("=", _): return (index, .equal, next)
            default: index = next
            }
        }
        return nil
    }

    /// `text` without surrounding double quotes and escapes, or as written when unquoted.
    private static func unquote(_ text: String) throws(ParseError) -> String {
        guard text.hasPrefix("\"") else { return text }
        var result = ""
        var escaping = false
        var closed = false
        for character in text.dropFirst() {
            if closed {
                throw ParseError(message: "text after the closing quote of `\(text)`", hint: "quote the whole value")
            }
            if escaping {
                result.append(character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else if character == "\"" {
                closed = true
            } else {
                result.append(character)
            }
        }
        guard closed else { throw ParseError(message: "the quoted value `\(text)` has no closing quote", hint: nil) }
        return result
    }

    /// A matcher that could not be read.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        /// What is wrong.
        public var message: String
        /// How to write it instead, when there is something useful to say.
        public var hint: String?

        /// Creates an error.
        public init(message: String, hint: String?) {
            self.message = message
            self.hint = hint
        }

        /// The message, with the hint in parentheses.
        public var description: String { hint.map { "\(message) (hint: \($0))" } ?? message }
    }
}

extension LabelMatcher: Codable {
    private enum CodingKeys: String, CodingKey {
        case name
        case op
        case value
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .name)
        let op = try container.decode(Operator.self, forKey: .op)
        let value = try container.decode(String.self, forKey: .value)
        do {
            try self.init(name: name, op: op, value: value)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(op, forKey: .op)
        try container.encode(value, forKey: .value)
    }
}

extension [LabelMatcher] {
    /// Whether every matcher matches the labels (an empty list matches every alert).
    public func matches(_ labels: [String: String]) -> Bool {
        allSatisfy { $0.matches(labels) }
    }
}
