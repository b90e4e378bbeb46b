import Foundation

/// A JSON document with object keys kept in the order they were written, so that payloads read
/// like the targets' documentation; serialised by hand so that the output is always valid JSON
/// (every string escaped, non-finite numbers written as `null`).
public enum JSONValue: Sendable, Hashable {
    /// A string.
    case string(String)
    /// An integer.
    case int(Int)
    /// A number; non-finite values are written as `null`.
    case double(Double)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null
    /// An array.
    case array([JSONValue])
    /// An object, keys in order.
    case object([(String, JSONValue)])

    /// Equal when the serialised texts are equal.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.serialized == rhs.serialized }

    /// Hashes the serialised text.
    public func hash(into hasher: inout Hasher) { hasher.combine(serialized) }

    /// A string, or `null` for `nil`.
    static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }

    /// The compact JSON text.
    public var serialized: String {
        var output = ""
        write(to: &output)
        return output
    }

    /// The UTF-8 bytes of ``serialized``.
    public var data: Data { Data(serialized.utf8) }

    private func write(to output: inout String) {
        switch self {
        case .string(let text): Self.writeString(text, to: &output)
        case .int(let value): output += String(value)
        case .double(let value): output += value.isFinite ? "\(value)" : "null"
        case .bool(let value): output += value ? "true" : "false"
        case .null: output += "null"
        case .array(let values):
            output += "["
            for (index, value) in values.enumerated() {
                if index > 0 { output += "," }
                value.write(to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { output += "," }
                Self.writeString(key, to: &output)
                output += ":"
                value.write(to: &output)
            }
            output += "}"
        }
    }

    private static func writeString(_ text: String, to output: inout String) {
        output += "\""
        writeStringContent(text, to: &output)
        output += "\""
    }

    /// `text` escaped for the inside of a JSON string, without the quotes.
    static func stringContent(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        writeStringContent(text, to: &output)
        return output
    }

    private static func writeStringContent(_ text: String, to output: inout String) {
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{2028}": output += "\\u2028"
            case "\u{2029}": output += "\\u2029"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
    }
}
