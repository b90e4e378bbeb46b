import Yams

extension YAMLReader {
    /// Composes the first document of `text`.
    ///
    /// Returns `nil` for a document with no content (nothing recorded) and for a syntax error (an
    /// error is recorded at its position). A key repeated in a mapping is recorded as an error at
    /// the repetition; the later value is the one read, so the rest of the file is still checked.
    package mutating func compose(_ text: String) -> YAMLValue? {
        var text = text
        var repeated: [(key: String, first: YAMLPosition)] = []
        for attempt in 0..<64 {
            do {
                // Every scalar is read by this reader itself (as text, with its position), so
                // Yams need not guess types: its default resolver compiles a set of regular
                // expressions, which loads ICU's regex engine into the process for nothing.
                let root = try Yams.compose(yaml: text, .basic)
                reportRepeatedKeys(repeated, in: root)
                return root.map { YAMLValue(node: $0, path: "") }
            } catch let YamlError.duplicatedKeysInMapping(duplicates, context) {
                let key = duplicates.first ?? ""
                let first = YAMLPosition(context.mark)
                guard let renamed = Self.renamingKey(key, at: first, in: text, attempt: attempt) else {
                    reportRepeatedKeys(repeated, in: nil)
                    error("duplicate key `\(key)`", at: first)
                    return nil
                }
                repeated.append((key, first))
                text = renamed
            } catch let yamlError as YamlError {
                reportRepeatedKeys(repeated, in: nil)
                reportSyntaxError(yamlError)
                return nil
            } catch {
                reportRepeatedKeys(repeated, in: nil)
                self.error("cannot read YAML", at: nil)
                return nil
            }
        }
        reportRepeatedKeys(repeated, in: nil)
        error("too many duplicate keys", at: nil)
        return nil
    }

    /// Records a YAML syntax error at its position, without quoting the file's text.
    private mutating func reportSyntaxError(_ yamlError: YamlError) {
        switch yamlError {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let hint = context.map { "\($0.text) that starts at line \($0.mark.line), column \($0.mark.column)" }
            error("YAML syntax error: \(problem)", at: YAMLPosition(mark), hint: hint)
        case .reader(let problem, let offset, _, let yaml):
            let position = offset.map { Self.position(atCharacterOffset: $0, in: yaml) }
            error("cannot read YAML: \(problem)", at: position)
        case .duplicatedKeysInMapping(let duplicates, let context):
            error("duplicate key `\(duplicates.first ?? "")`", at: YAMLPosition(context.mark))
        default:
            error("cannot read YAML", at: nil)
        }
    }

    /// Records an error for each repeated key: at the repetition when it can be found in `root`,
    /// otherwise at the first occurrence.
    private mutating func reportRepeatedKeys(_ repeated: [(key: String, first: YAMLPosition)], in root: Node?) {
        let originals = Dictionary(repeated.map { ($0.first, $0.key) }, uniquingKeysWith: { first, _ in first })
        for (key, first) in repeated {
            shadowedKeys.insert(first)
            if let root, let again = Self.repetition(of: key, after: first, in: root, originals: originals) {
                error("duplicate key `\(key)`", at: again, hint: "the key is also set at line \(first.line), column \(first.column)")
            } else {
                error("duplicate key `\(key)`", at: first)
            }
        }
    }

    /// The position of the next `key` after the one at `first`, in the mapping that holds `first`.
    ///
    /// `originals` maps the positions of renamed keys to their names in the file.
    private static func repetition(
        of key: String, after first: YAMLPosition, in node: Node, originals: [YAMLPosition: String]
    ) -> YAMLPosition? {
        switch node {
        case .mapping(let mapping):
            let keys: [(name: String?, position: YAMLPosition)] = mapping.compactMap { pair in
                pair.key.mark.map(YAMLPosition.init).map { position in (originals[position] ?? pair.key.string, position) }
            }
            if keys.contains(where: { $0.position == first }) {
                return keys.filter { $0.name == key && $0.position > first }.map(\.position).min()
            }
            for (_, value) in mapping {
                if let found = repetition(of: key, after: first, in: value, originals: originals) { return found }
            }
            return nil
        case .sequence(let sequence):
            for element in sequence {
                if let found = repetition(of: key, after: first, in: element, originals: originals) { return found }
            }
            return nil
        case .scalar, .alias:
            return nil
        }
    }

    /// `text` with the first character of the key `key` that starts at `position` replaced by a
    /// private-use character distinct for each `attempt`, so that the key no longer repeats a later
    /// one; `nil` when the text there is not that key.
    package static func renamingKey(_ key: String, at position: YAMLPosition, in text: String, attempt: Int) -> String? {
        var scalars = Array(text.unicodeScalars)
        var line = 1
        var index = 0
        while line < position.line, index < scalars.count {
            if scalars[index] == "\n" { line += 1 }
            index += 1
        }
        index += position.column - 1
        guard line == position.line, position.column >= 1, index < scalars.count else { return nil }
        if scalars[index] == "\"" || scalars[index] == "'" { index += 1 }
        guard index < scalars.count, let first = key.unicodeScalars.first, scalars[index] == first,
            let replacement = Unicode.Scalar(0xE000 + UInt32(attempt % 0x1000))
        else { return nil }
        scalars[index] = replacement
        var renamed = ""
        renamed.unicodeScalars.append(contentsOf: scalars)
        return renamed
    }

    /// The line and column of the character `offset` characters into `text`.
    package static func position(atCharacterOffset offset: Int, in text: String) -> YAMLPosition {
        var line = 1
        var column = 1
        for character in text.prefix(offset) {
            if character == "\n" || character == "\r\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return YAMLPosition(line: line, column: column)
    }
}
