import Yams

/// A 1-based line and column (in Unicode scalars) in a YAML file.
package struct YAMLPosition: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// 1-based line.
    package var line: Int
    /// 1-based column, counted in Unicode scalars.
    package var column: Int

    /// Creates a position.
    package init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The position of a Yams mark.
    package init(_ mark: Mark) {
        self.init(line: mark.line, column: mark.column)
    }

    /// `line:column`.
    package var description: String { "\(line):\(column)" }

    package static func < (lhs: YAMLPosition, rhs: YAMLPosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}
