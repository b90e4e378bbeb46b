/// A line diff for test output: `  ` kept, `- ` expected but missing, `+ ` there but not expected.
enum LineDiff {
    /// The diff of `expected` against `actual`, where `same` says whether two lines match.
    static func render<E, A>(expected: [E], actual: [A], same: (E, A) -> Bool, showExpected: (E) -> String, showActual: (A) -> String) -> String {
        let rows = expected.count
        let columns = actual.count
        var table = Array(repeating: Array(repeating: 0, count: columns + 1), count: rows + 1)
        if rows > 0, columns > 0 {
            for row in stride(from: rows - 1, through: 0, by: -1) {
                for column in stride(from: columns - 1, through: 0, by: -1) {
                    table[row][column] =
                        same(expected[row], actual[column]) ? table[row + 1][column + 1] + 1 : max(table[row + 1][column], table[row][column + 1])
                }
            }
        }
        var lines: [String] = []
        var row = 0
        var column = 0
        while row < rows || column < columns {
            if row < rows, column < columns, same(expected[row], actual[column]) {
                lines.append("  " + showActual(actual[column]))
                row += 1
                column += 1
            } else if column < columns, row == rows || table[row][column + 1] >= table[row + 1][column] {
                lines.append("+ " + showActual(actual[column]))
                column += 1
            } else {
                lines.append("- " + showExpected(expected[row]))
                row += 1
            }
        }
        return lines.joined(separator: "\n")
    }
}
