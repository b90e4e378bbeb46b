/// Removes what no target should ever receive from outside text: control characters (CR and LF
/// included), bidi overrides and isolates, and unbounded length.
public enum TextSanitizer {
    /// The default cap of a single field, in characters.
    public static let defaultCap = 200

    /// The marker appended to a capped field.
    public static let ellipsis = "…"

    /// `text` with control characters turned into spaces, bidi controls removed, and at most `cap`
    /// characters (the last one an ellipsis when something was cut).
    ///
    /// The cap also bounds Unicode scalars (four per character), so that one character made of
    /// thousands of combining marks cannot blow a size limit. Cuts fall between characters, never
    /// inside a UTF-8 sequence.
    public static func clean(_ text: String, cap: Int = defaultCap) -> String {
        let cap = max(cap, 1)
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isBidiControl(scalar) { continue }
            if isControl(scalar) {
                if scalars.last != " " { scalars.append(" ") }
                continue
            }
            scalars.append(scalar)
        }
        let cleaned = String(scalars)
        let scalarBudget = cap * 4
        if cleaned.count <= cap, cleaned.unicodeScalars.count <= scalarBudget { return cleaned }
        var output = ""
        var characters = 0
        var used = 0
        for character in cleaned {
            let size = character.unicodeScalars.count
            if characters + 1 >= cap || used + size + 1 > scalarBudget { break }
            output.append(character)
            characters += 1
            used += size
        }
        return output + ellipsis
    }

    /// Whether `scalar` is a bidi embedding, override, isolate or mark.
    public static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: true
        default: false
        }
    }

    /// Whether `scalar` is a C0 or C1 control, DEL, or a line or paragraph separator.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029: true
        default: false
        }
    }
}
