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
