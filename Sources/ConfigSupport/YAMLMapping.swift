/// A YAML mapping whose keys are strings, in file order.
package struct YAMLMapping {
    /// One `key: value` pair.
    package struct Entry {
        /// The key text.
        package var key: String
        /// Where the key starts.
        package var keyPosition: YAMLPosition?
        /// The value, with its key path.
        package var value: YAMLValue
    }

    /// The mapping itself.
    package var value: YAMLValue
    /// The pairs, in file order.
    package var entries: [Entry]

    /// Where the mapping starts.
    package var position: YAMLPosition? { value.position }

    /// The entry for `key`, if present.
    package func entry(_ key: String) -> Entry? {
        entries.last { $0.key == key }
    }

    /// The value for `key`, if present.
    package subscript(key: String) -> YAMLValue? {
        entry(key)?.value
    }

    /// Whether `key` is present.
    package func contains(_ key: String) -> Bool {
        entry(key) != nil
    }
}
