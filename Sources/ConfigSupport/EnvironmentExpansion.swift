/// `${NAME}` references in configuration strings, replaced by the value of the environment variable
/// `NAME`; `$${` stands for a literal `${`.
package struct EnvironmentExpansion: Sendable, Equatable {
    /// The text with every reference replaced (a missing variable is replaced by nothing).
    package var text: String
    /// The variables referenced, in order of appearance.
    package var variables: [String] = []
    /// The referenced variables that are not set.
    package var missing: [String] = []
    /// Whether a `${` was not closed by `}` or did not hold a valid name (`[A-Za-z_][A-Za-z0-9_]*`).
    package var malformed = false

    /// Expands the references in `raw` from `environment`.
    package init(_ raw: String, environment: [String: String]) {
        var output = ""
        var variables: [String] = []
        var missing: [String] = []
        var malformed = false
        let scalars = Array(raw.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            guard scalar == "$" else {
                output.unicodeScalars.append(scalar)
                index += 1
                continue
            }
            if index + 2 < scalars.count, scalars[index + 1] == "$", scalars[index + 2] == "{" {
                output += "${"
                index += 3
                continue
            }
            guard index + 1 < scalars.count, scalars[index + 1] == "{" else {
                output.unicodeScalars.append(scalar)
                index += 1
                continue
            }
            guard let close = scalars[(index + 2)...].firstIndex(of: "}") else {
                malformed = true
                break
            }
            var name = ""
            name.unicodeScalars.append(contentsOf: scalars[(index + 2)..<close])
            if Self.isValidName(name) {
                variables.append(name)
                if let value = environment[name] {
                    output += value
                } else if !missing.contains(name) {
                    missing.append(name)
                }
            } else {
                malformed = true
            }
            index = close + 1
        }
        self.text = output
        self.variables = variables
        self.missing = missing
        self.malformed = malformed
    }

    /// Whether `name` can be an environment variable reference: `[A-Za-z_][A-Za-z0-9_]*`.
    package static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else {
            return false
        }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}
