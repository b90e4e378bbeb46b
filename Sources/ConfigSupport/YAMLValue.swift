import Yams

/// A node of a YAML document together with the key path that leads to it, such as
/// `sources[0].region`, so diagnostics can name both the position and the key.
package struct YAMLValue {
    /// The node as Yams composed it.
    package var node: Node
    /// Dotted key path from the document root; empty for the root itself.
    package var path: String

    /// Where the node starts in the file.
    package var position: YAMLPosition? { node.mark.map(YAMLPosition.init) }

    /// The key path of `key` inside this value.
    package func path(of key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    /// The key path of the element at `index` inside this value.
    package func path(ofElement index: Int) -> String {
        "\(path)[\(index)]"
    }

    /// Whether the node is a YAML null (`~`, `null` or nothing at all).
    package var isNull: Bool { node.null != nil }

    /// The text of a scalar as written, without environment expansion; `nil` for null, a mapping
    /// or a list. For files that hold no secrets and no `${NAME}` references.
    package var scalarText: String? {
        guard case .scalar(let scalar) = node, !isNull else { return nil }
        return scalar.string
    }

    /// Whether the node is a mapping.
    package var isMapping: Bool {
        if case .mapping = node { return true }
        return false
    }

    /// Whether the node is a list.
    package var isSequence: Bool {
        if case .sequence = node { return true }
        return false
    }

    /// What the node is, for messages: "a mapping", "a list", "null" or "a scalar".
    package var kind: String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        case .scalar: isNull ? "null" : "a scalar"
        }
    }
}
