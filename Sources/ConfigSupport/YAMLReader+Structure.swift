import Yams

extension YAMLReader {
    /// `value` as a mapping with string keys; records an error and returns `nil` for anything else.
    ///
    /// A key that is not a scalar is reported and left out; a key repeated later in the same
    /// mapping is left out in favour of the later one (the repetition is reported by
    /// ``compose(_:)``).
    package mutating func mapping(_ value: YAMLValue) -> YAMLMapping? {
        guard case .mapping(let mapping) = value.node else {
            error("expected a mapping of keys to values, found \(value.kind)", key: value.path, at: value.position)
            return nil
        }
        var entries: [YAMLMapping.Entry] = []
        for (keyNode, valueNode) in mapping {
            let keyPosition = keyNode.mark.map(YAMLPosition.init)
            if let keyPosition, shadowedKeys.contains(keyPosition) { continue }
            guard case .scalar(let scalar) = keyNode else {
                error("keys must be plain strings, found \(YAMLValue(node: keyNode, path: "").kind)", key: value.path, at: keyPosition)
                continue
            }
            let key = scalar.string
            entries.append(.init(key: key, keyPosition: keyPosition, value: YAMLValue(node: valueNode, path: value.path(of: key))))
        }
        return YAMLMapping(value: value, entries: entries)
    }

    /// `value` as a list; records an error and returns `nil` for anything else.
    package mutating func sequence(_ value: YAMLValue) -> [YAMLValue]? {
        guard case .sequence(let sequence) = value.node else {
            error("expected a list, found \(value.kind)", key: value.path, at: value.position)
            return nil
        }
        return sequence.enumerated().map { index, node in YAMLValue(node: node, path: value.path(ofElement: index)) }
    }

    /// `value` as a list, or a single value standing for a list of one.
    package mutating func oneOrMany(_ value: YAMLValue) -> [YAMLValue] {
        if case .sequence = value.node { return sequence(value) ?? [] }
        return [value]
    }

    /// Records an error for every key of `mapping` not in `known`, suggesting the closest known key.
    ///
    /// - Parameter context: How the mapping is called in the message, e.g. "top-level key" or
    ///   "source key".
    package mutating func rejectUnknownKeys(in mapping: YAMLMapping, known: [String], context: String = "key") {
        for entry in mapping.entries where !known.contains(entry.key) {
            let hint = Suggestion.didYouMean(entry.key, among: known) ?? "known keys: \(known.joined(separator: ", "))"
            error("unknown \(context)", key: entry.value.path, at: entry.keyPosition, hint: hint)
        }
    }

    /// The value of `key`, recording an error at the mapping when it is missing or null.
    package mutating func required(_ key: String, in mapping: YAMLMapping) -> YAMLValue? {
        guard let entry = mapping.entry(key) else {
            error("required key is missing", key: mapping.value.path(of: key), at: mapping.position)
            return nil
        }
        guard !entry.value.isNull else {
            error("required key has no value", key: entry.value.path, at: entry.value.position ?? entry.keyPosition)
            return nil
        }
        return entry.value
    }

    /// Which of `keys` is present in `mapping`, recording an error at every key after the first
    /// when more than one is.
    package mutating func exclusive(_ keys: [String], in mapping: YAMLMapping, hint: String? = nil) -> String? {
        let present = mapping.entries.filter { keys.contains($0.key) }
        for entry in present.dropFirst() {
            let names = keys.map { "`\($0)`" }
            let message =
                names.count == 2 ? "\(names[0]) and \(names[1]) cannot both be set" : "only one of \(names.joined(separator: ", ")) can be set"
            error(message, key: entry.value.path, at: entry.keyPosition, hint: hint)
        }
        return present.first?.key
    }
}
